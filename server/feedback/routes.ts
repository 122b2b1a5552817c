import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { isAppError } from '../shared/errors.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import { DEFAULT_LOCALE, type Locale, translator } from '../shared/i18n.js';
import { CONTACT_SPEEDS, type ContactSpeed, COMMENT_MAX, feedbackFormSchema, RATINGS, tokenParams } from './schemas.js';
import { DEVICE_COOKIE, hashOrigin, signalKey } from '../signals/service.js';
import { type FeedbackLinkState, type FeedbackPageView, isReferralParty, type LinkParties, openFeedbackLink, submitFeedback } from './service.js';

/**
 * The client's feedback page, /f/<token>: no account, the group's language, the light client
 * layout. Rate-limited per address, so guessing links gets 429s long before it could get a hit.
 */
export const FEEDBACK_RATE_LIMIT = { max: 30, timeWindow: '10 minutes' } as const;

const SPEED_LABELS: Record<ContactSpeed, string> = {
  same_day: 'feedback.form.speed_same_day',
  within_days: 'feedback.form.speed_within_days',
  within_week: 'feedback.form.speed_within_week',
  later: 'feedback.form.speed_later',
};

type ClosedState = Exclude<FeedbackLinkState['state'], 'open'>;

const CLOSED_PAGES: Record<ClosedState, { heading: string; text: string }> = {
  answered: { heading: 'feedback.closed.answered_title', text: 'feedback.closed.answered_text' },
  expired: { heading: 'feedback.closed.expired_title', text: 'feedback.closed.expired_text' },
  unknown: { heading: 'feedback.closed.unknown_title', text: 'feedback.closed.unknown_text' },
};

function renderNotice(request: FastifyRequest, reply: FastifyReply, keys: { heading: string; text: string }, status: number) {
  // An error from before the language was chosen still gets a message.
  const t = request.t ?? translator(DEFAULT_LOCALE);
  const heading = t(keys.heading);
  return reply.clientPage('feedback-notice', { title: heading, heading, text: t(keys.text) }, status);
}

/** A link that cannot take an answer, in the group's language when the group is known. */
function renderClosed(request: FastifyRequest, reply: FastifyReply, link: { state: ClosedState; locale?: Locale }, method: 'GET' | 'POST') {
  if (link.locale) request.useGroupLocale(link.locale);
  const status = { answered: method === 'GET' ? 200 : 409, expired: 410, unknown: 404 }[link.state];
  return renderNotice(request, reply, CLOSED_PAGES[link.state], status);
}

/**
 * The giver or the receiver of the referral, logged in on this browser: they may look at the
 * client's page, never answer it — their own "yes, five stars" must not count as the client's.
 */
function isParty(request: FastifyRequest, parties: LinkParties): boolean {
  const memberIds = request.viewer?.memberships.map((m) => m.id) ?? [];
  return isReferralParty(memberIds, parties);
}

function renderForm(
  request: FastifyRequest,
  reply: FastifyReply,
  view: FeedbackPageView,
  form: { values?: Record<string, unknown>; errors?: FieldErrors; partyNotice?: boolean; refused?: boolean } = {},
  status = 200,
) {
  const t = request.t;
  return reply.clientPage(
    'feedback-form',
    {
      title: t('feedback.form.title'),
      ...view,
      values: form.values ?? {},
      errors: form.errors,
      partyNotice: form.partyNotice === true,
      refused: form.refused === true,
      speeds: CONTACT_SPEEDS.map((value) => ({ value, label: t(SPEED_LABELS[value]) })),
      ratings: RATINGS.map(String),
      commentMax: COMMENT_MAX,
    },
    status,
  );
}

/** Errors on /f/* (too many requests, a failure of ours) get the client layout and the polite form of address too. */
async function clientErrorHandler(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  const status = isAppError(error) ? error.statusCode : (error.statusCode ?? 500);
  if (status >= 500) request.log.error({ err: error }, 'feedback page failed');
  const keys =
    status === 429
      ? { heading: 'feedback.closed.too_many_title', text: 'feedback.closed.too_many_text' }
      : status >= 500
        ? { heading: 'feedback.closed.error_title', text: 'feedback.closed.error_text' }
        : { heading: 'feedback.closed.bad_request_title', text: 'feedback.closed.bad_request_text' };
  return renderNotice(request, reply, keys, status >= 400 && status < 600 ? status : 500);
}

/** Everything under /f/ is the client's: the routes, their errors and their "not found" share the light layout. */
async function clientLinkRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const limit = app.rateLimit({ ...FEEDBACK_RATE_LIMIT, keyGenerator: (request) => `feedback-ip:${request.ip}` });

  app.setErrorHandler(clientErrorHandler);
  // Other paths under /f/ (/f/, /f/a/b) are unknown links too, rate-limited like the rest.
  app.setNotFoundHandler({ preHandler: limit }, async (request, reply) => renderClosed(request, reply, { state: 'unknown' }, 'GET'));
  app.addHook('onRequest', async (_request, reply) => {
    // Personal pages behind a secret link: never kept in a shared cache or the browser's history cache.
    reply.header('cache-control', 'no-store');
  });

  // A token that cannot be one is an unknown link (the route's own page): attachValidation hands it over.
  const byToken = { schema: { params: tokenParams }, attachValidation: true, preHandler: limit };

  app.get('/:token', byToken, async (request, reply) => {
    if (request.validationError) return renderClosed(request, reply, { state: 'unknown' }, 'GET');
    const link = await openFeedbackLink(app.db, request.params.token, app.clock());
    if (link.state !== 'open') return renderClosed(request, reply, link, 'GET');
    request.useGroupLocale(link.locale);
    return renderForm(request, reply, link.view, { partyNotice: isParty(request, link.parties) });
  });

  app.post('/:token', byToken, async (request, reply) => {
    if (request.validationError) return renderClosed(request, reply, { state: 'unknown' }, 'POST');
    const { token } = request.params;
    const link = await openFeedbackLink(app.db, token, app.clock());
    if (link.state !== 'open') return renderClosed(request, reply, link, 'POST');
    request.useGroupLocale(link.locale);
    // Refused before anything is parsed or stored; what was typed is kept in the form.
    if (isParty(request, link.parties)) {
      return renderForm(request, reply, link.view, { values: echoValues(request.body), partyNotice: true, refused: true }, 403);
    }

    const form = parseForm(feedbackFormSchema, request.body, request.t);
    if (!form.ok) return renderForm(request, reply, link.view, { values: echoValues(request.body), errors: form.errors }, 400);

    const origin = hashOrigin(await signalKey(app.db, app.config), request.cookies[DEVICE_COOKIE], request.ip);
    const reviewUrl = new URL('/host/review', app.config.publicUrl).href;
    const outcome = await submitFeedback(app.db, token, form.data, app.clock(), { origin, reviewUrl });
    if (outcome !== 'received') return renderClosed(request, reply, { state: outcome, locale: link.locale }, 'POST');
    return reply.clientPage('feedback-thanks', {
      title: request.t('feedback.thanks.title'),
      giverName: link.view.giverName,
      groupName: link.view.groupName,
    });
  });
}

export default async function feedbackRoutes(app: FastifyInstance) {
  await app.register(clientLinkRoutes, { prefix: '/f' });
}
