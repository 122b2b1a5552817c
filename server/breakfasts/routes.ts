import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireHost, requireMember } from '../auth/guards.js';
import { errors } from '../shared/errors.js';
import { unknownAs } from '../plugins/errors.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import attendanceRoutes from './attendance-routes.js';
import { dismissDraft } from '../referrals/drafts.js';
import guestRoutes from './guest-routes.js';
import { calendarFile } from './ics.js';
import { byMemberBreakfastId, memberBreakfastUrl } from './params.js';
import { AGENDA_MAX, breakfastFormSchemaIn, DURATION, detailQuery, draftParams, idParams, RSVP_ANSWERS, rsvpSchema, VIDEO_URL_MAX } from './schemas.js';
import {
  answerRsvp,
  breakfastOfGroup,
  breakfastPage,
  breakfastToEdit,
  cancelBreakfast,
  endsAt,
  isCurrentGuestToken,
  listBreakfasts,
  renewGuestLink,
  scheduleBreakfast,
  updateBreakfast,
} from './service.js';
import { utcToLocal } from '../shared/time.js';

/**
 * The guest link is shown to the host once, right after it is made (only its hash is kept). To
 * survive a reload it travels to the breakfast page in a short-lived cookie scoped to that page.
 */
const LINK_COOKIE = 'kreis_guest_link';
const LINK_COOKIE_MAX_AGE_S = 15 * 60;

const DEFAULT_FORM = { time: '07:30', durationMinutes: '90', videoUrl: '', agenda: '' };
/** `<time datetime>` needs the ISO form; templates cannot call methods. */
const withIso = <T extends { startsAt: Date }>(row: T) => ({ ...row, startsIso: row.startsAt.toISOString() });
const limits = { durationMin: DURATION.min, durationMax: DURATION.max, agenda: AGENDA_MAX, videoUrl: VIDEO_URL_MAX };

export default async function breakfastRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  function sendToBreakfastPage(reply: FastifyReply, id: string, token: string, notice: string) {
    const path = `/breakfasts/${id}`;
    reply.setCookie(LINK_COOKIE, `${id}.${token}`, {
      path,
      httpOnly: true,
      sameSite: 'strict',
      secure: app.config.secureCookies,
      maxAge: LINK_COOKIE_MAX_AGE_S,
    });
    return reply.redirect(`${path}?${notice}=1`, 303);
  }

  async function renderList(request: FastifyRequest, reply: FastifyReply, form: { values?: Record<string, unknown>; errors?: FieldErrors } = {}, status = 200) {
    const member = requireMember(request);
    const lists = await listBreakfasts(app.db, member, app.clock());
    return reply.page(
      'breakfast-list',
      {
        title: request.t('breakfasts.list.title'),
        upcoming: lists.upcoming.map(withIso),
        past: lists.past.map(withIso),
        values: form.values ?? DEFAULT_FORM,
        errors: form.errors,
        limits,
        noindex: true,
      },
      status,
    );
  }

  app.get('/breakfasts', async (request, reply) => renderList(request, reply));

  app.post('/breakfasts', async (request, reply) => {
    // Hosts only, checked before the form so a member never sees its messages.
    const member = requireHost(request);
    const form = parseForm(breakfastFormSchemaIn(member.group.timeZone), request.body, request.t);
    if (!form.ok) return renderList(request, reply, { values: echoValues(request.body), errors: form.errors }, 400);
    const created = await scheduleBreakfast(app.db, member, form.data, app.clock());
    return sendToBreakfastPage(reply, created.id, created.guestToken, 'created');
  });

  app.get('/breakfasts/:id', { schema: { params: idParams, querystring: detailQuery }, ...memberBreakfastUrl }, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const page = await breakfastPage(app.db, member, id, app.clock());
    const isHost = member.role === 'host';
    const [cookieId, cookieToken] = (request.cookies[LINK_COOKIE] ?? '').split('.');
    const token = isHost && cookieId === id && cookieToken ? cookieToken : '';
    const guestLink = token && (await isCurrentGuestToken(app.db, id, token)) ? new URL(`/g/${token}`, app.config.publicUrl).href : null;
    return reply.page('breakfast-detail', {
      title: request.t('breakfasts.detail.title'),
      ...page,
      startsIso: page.breakfast.startsAt.toISOString(),
      answers: RSVP_ANSWERS.map((answer) => ({ value: answer, checked: page.answer === answer })),
      guestLink,
      flags: request.query,
      scripts: guestLink ? ['/public/js/copy-link.js'] : [],
      noindex: true,
    });
  });

  async function renderEdit(request: FastifyRequest, reply: FastifyReply, id: string, values: Record<string, unknown>, fieldErrors?: FieldErrors, status = 200) {
    return reply.page(
      'breakfast-edit',
      { title: request.t('breakfasts.edit.title'), id, values, errors: fieldErrors, limits, noindex: true },
      status,
    );
  }

  app.get('/breakfasts/:id/edit', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const breakfast = await breakfastToEdit(app.db, member, id);
    const { date, time } = utcToLocal(breakfast.startsAt, member.group.timeZone);
    return renderEdit(request, reply, id, {
      date,
      time,
      durationMinutes: String(breakfast.durationMinutes),
      videoUrl: breakfast.videoUrl,
      agenda: breakfast.agenda,
    });
  });

  app.post('/breakfasts/:id/edit', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    // Who may edit is checked before the form, so a refused visitor learns nothing from messages.
    await breakfastToEdit(app.db, member, id);
    const form = parseForm(breakfastFormSchemaIn(member.group.timeZone), request.body, request.t);
    if (!form.ok) return renderEdit(request, reply, id, echoValues(request.body), form.errors, 400);
    await updateBreakfast(app.db, member, id, form.data);
    return reply.redirect(`/breakfasts/${id}?saved=1`, 303);
  });

  app.post('/breakfasts/:id/cancel', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    await cancelBreakfast(app.db, member, id, app.clock());
    return reply.redirect(`/breakfasts/${id}?cancelled=1`, 303);
  });

  /** A new guest link (the old one stops working). */
  app.post('/breakfasts/:id/guest-link', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const { guestToken } = await renewGuestLink(app.db, member, id);
    return sendToBreakfastPage(reply, id, guestToken, 'renewed');
  });

  app.post('/breakfasts/:id/rsvp', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const form = parseForm(rsvpSchema, request.body, request.t);
    if (!form.ok) throw errors.badRequest('breakfasts.errors.answer');
    await answerRsvp(app.db, member, id, form.data.answer, app.clock());
    return reply.redirect(`/breakfasts/${id}?answered=1#rsvp`, 303);
  });

  /** The breakfast for the member's calendar. */
  app.get('/breakfasts/:id/ics', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const breakfast = await breakfastOfGroup(app.db, member.group.id, id);
    const body = calendarFile({
      uid: `${breakfast.id}@${app.config.publicUrl.hostname}`,
      stamp: app.clock(),
      start: breakfast.startsAt,
      end: endsAt(breakfast),
      summary: request.t('breakfasts.ics.summary', { group: member.group.name }),
      description: breakfast.agenda,
      url: breakfast.videoUrl,
      cancelled: breakfast.cancelledAt !== null,
    });
    return reply
      .type('text/calendar; charset=utf-8')
      .header('content-disposition', `attachment; filename="kreis-${breakfast.startsAt.toISOString().slice(0, 10)}.ics"`)
      .send(body);
  });

  /** The giver lets a pledge from the round go; it leaves their list. */
  const byDraftId = { schema: { params: draftParams }, config: unknownAs('breakfasts.errors.draft_not_found', requireMember) };
  app.post('/referrals/drafts/:id/dismiss', byDraftId, async (request, reply) => {
    const member = requireMember(request);
    await dismissDraft(app.db, member.id, request.params.id, app.clock());
    return reply.redirect('/referrals?dismissed=1', 303);
  });

  await app.register(attendanceRoutes);
  await app.register(guestRoutes);
}
