import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember } from '../auth/guards.js';
import { draftToComplete, openDrafts } from './drafts.js';
import type { Membership } from '../auth/queries.js';
import { unknownAs } from '../plugins/errors.js';
import { errors } from '../shared/errors.js';
import { echoValues, type FieldErrors, parseForm, translatedErrors } from '../shared/forms.js';
import { feedbackPath } from '../feedback/requests.js';
import { deliveryFor } from '../mail/service.js';
import { type DetailFlags, detailQuery, draftsQuery, eraseSchema, idParams, moveSchema, NEED_MAX, NEED_MIN, newReferralQuery, newReferralSchema, TOPIC_MAX, WARMTH_LEVELS } from './schemas.js';
import {
  eraseClientData,
  type Giver,
  giveReferral,
  moveReferral,
  preselectedReceiver,
  receiverOptions,
  type Role,
  referralLists,
  renewLink,
  sharedReferral,
  viewReferral,
} from './service.js';
import { feedbackLinkUrl, shareKit } from './share.js';
import { detailView, listItem, receiverChoices } from './view-models.js';

/**
 * The feedback link is shown once, right after it is made. To survive a reload without a second
 * POST, it travels to the confirmation page in a short-lived cookie scoped to that page.
 */
const LINK_COOKIE = 'kreis_feedback_link';
const LINK_COOKIE_MAX_AGE_S = 15 * 60;

/** Route options for /referrals/:id/…: a malformed id is as unknown as a missing referral. */
const byReferralId = { schema: { params: idParams }, config: unknownAs('referrals.errors.not_found', requireMember) };

export default async function referralRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const env = { db: app.db, publicUrl: app.config.publicUrl, delivery: deliveryFor(app.config) };

  function giverOf(request: FastifyRequest, member: Membership): Giver {
    return { memberId: member.id, name: request.viewer!.name, group: member.group };
  }

  function sendToLinkPage(reply: FastifyReply, id: string, token: string) {
    const path = `/referrals/${id}/link`;
    reply.setCookie(LINK_COOKIE, `${id}.${token}`, {
      path,
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.secureCookies,
      maxAge: LINK_COOKIE_MAX_AGE_S,
    });
    return reply.redirect(path, 303);
  }

  async function renderForm(request: FastifyRequest, reply: FastifyReply, values: Record<string, unknown>, fieldErrors?: FieldErrors, status = 200) {
    const member = requireMember(request);
    const options = await receiverOptions(app.db, giverOf(request, member));
    return reply.page(
      'referral-new',
      {
        title: request.t('referrals.new.title'),
        values,
        errors: fieldErrors,
        ...receiverChoices(options, values.receiver),
        warmthLevels: WARMTH_LEVELS.map((level) => ({ level, checked: String(values.warmth) === String(level) })),
        limits: { topic: TOPIC_MAX, needMin: NEED_MIN, needMax: NEED_MAX },
        scripts: ['/public/js/referral-form.js'],
        noindex: true,
      },
      status,
    );
  }

  type DetailOptions = { extra?: Record<string, unknown>; status?: number; onlyFor?: Role; flags?: DetailFlags };

  /** The referral page; re-rendered with a form's messages only for the party that form is for. */
  async function renderDetail(request: FastifyRequest, reply: FastifyReply, id: string, options: DetailOptions = {}) {
    const member = requireMember(request);
    const now = app.clock();
    const referral = await viewReferral(app.db, member.id, id, now);
    // Opening it read the viewer's notifications about it: the kept badge count is outdated.
    app.freshness.bump();
    if (options.onlyFor && referral.role !== options.onlyFor) throw errors.forbidden(`referrals.errors.${options.onlyFor}_only`);
    const view = detailView(referral, now, request.locale, request.t);
    return reply.page(
      'referral-detail',
      { title: view.topic, referral: view, flags: options.flags ?? {}, noindex: true, ...options.extra },
      options.status ?? 200,
    );
  }

  app.get('/referrals', { schema: { querystring: draftsQuery } }, async (request, reply) => {
    const member = requireMember(request);
    const now = app.clock();
    const [lists, drafts] = await Promise.all([referralLists(app.db, member.id, now), openDrafts(app.db, member.id)]);
    return reply.page('referral-list', {
      title: request.t('referrals.list.title'),
      drafts,
      dismissed: request.query.dismissed === '1',
      given: lists.given.map((row) => listItem(row, now, request.locale)),
      received: lists.received.map((row) => listItem(row, now, request.locale)),
      noindex: true,
    });
  });

  app.get('/referrals/new', { schema: { querystring: newReferralQuery } }, async (request, reply) => {
    const member = requireMember(request);
    const query = request.query;
    // A pledge from a breakfast prefills the receiver and the need with what was said in the round.
    const draft = query.draft ? await draftToComplete(app.db, member.id, query.draft) : undefined;
    if (draft) return renderForm(request, reply, { receiver: draft.receiverId, need: draft.note ?? '', draft: draft.id, warmth: '' });
    const preselected = query.to ? await preselectedReceiver(app.db, giverOf(request, member), query.to) : undefined;
    return renderForm(request, reply, { receiver: preselected, warmth: '' });
  });

  app.post('/referrals/new', async (request, reply) => {
    const member = requireMember(request);
    const values = echoValues(request.body);
    const form = parseForm(newReferralSchema, request.body, request.t);
    if (!form.ok) return renderForm(request, reply, values, form.errors, 400);
    const result = await giveReferral(env, giverOf(request, member), form.data, app.clock());
    if (result.status === 'invalid') return renderForm(request, reply, values, translatedErrors(result.errors, request.t), 400);
    return sendToLinkPage(reply, result.referralId, result.token);
  });

  /** The confirmation page: the client's feedback link, ready to pass on. */
  app.get('/referrals/:id/link', byReferralId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const [cookieId, cookieToken] = (request.cookies[LINK_COOKIE] ?? '').split('.');
    const token = cookieId === id && cookieToken ? cookieToken : '';
    // Checked even without a cookie, so only the two parties learn that the referral exists.
    const referral = await sharedReferral(app.db, member.id, id, token);
    // No (or an outdated) link to show: the referral page offers a fresh one.
    if (!referral) return reply.redirect(`/referrals/${id}`, 303);

    const groupLocale = member.group.locale;
    const r = referral.referral;
    const kit = await shareKit(groupLocale, {
      link: feedbackLinkUrl(app.config.publicUrl, feedbackPath(token)),
      clientName: r.clientName,
      clientEmail: r.clientEmail,
      giverName: referral.giverName,
      receiverName: referral.receiverName,
      topic: r.topic,
      qrLabel: request.t('referrals.share.qr_label'),
    });
    return reply.page('referral-shared', {
      title: request.t('referrals.share.title'),
      referral: { id, topic: r.topic, receiverName: referral.receiverName, clientName: r.clientName },
      share: kit,
      scripts: ['/public/js/copy-link.js'],
      noindex: true,
    });
  });

  /** A new feedback link (the old one stops working). */
  app.post('/referrals/:id/link', byReferralId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const { token } = await renewLink(app.db, member.id, id, app.clock());
    return sendToLinkPage(reply, id, token);
  });

  app.get('/referrals/:id', { schema: { params: idParams, querystring: detailQuery }, config: unknownAs('referrals.errors.not_found') }, async (request, reply) =>
    renderDetail(request, reply, request.params.id, { flags: request.query }),
  );

  app.post('/referrals/:id/status', byReferralId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const form = parseForm(moveSchema, request.body, request.t);
    if (!form.ok) {
      const values = echoValues(request.body);
      return renderDetail(request, reply, id, {
        extra: {
          moveErrors: form.errors,
          wonValue: values.to === 'won' ? values.value : undefined,
          lostReason: values.to === 'lost' ? values.reason : undefined,
        },
        status: 400,
        onlyFor: 'receiver',
      });
    }
    await moveReferral(app.db, member.id, id, form.data, app.clock());
    return reply.redirect(`/referrals/${id}?moved=1`, 303);
  });

  app.post('/referrals/:id/erase-client', byReferralId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const form = parseForm(eraseSchema, request.body, request.t);
    if (!form.ok) return renderDetail(request, reply, id, { extra: { eraseErrors: form.errors }, status: 400, onlyFor: 'giver' });
    await eraseClientData(app.db, member.id, id, app.clock());
    return reply.redirect(`/referrals/${id}?erased=1`, 303);
  });
}
