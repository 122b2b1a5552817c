import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { allLimits, byAddress } from '../auth/rate-limits.js';
import { unknownAs } from '../plugins/errors.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import { findGuestLink, GUEST_COOKIE, type GuestBreakfast, guestCookieExpiry, guestFromToken, registerGuest, requireOpen } from './guests.js';
import { GUEST_NAME_MAX, GUEST_TRADE_MAX, GUEST_WARUM_MAX, guestFormSchema, tokenParams } from './schemas.js';

/**
 * The guest link, /g/<token>: visitors register for one breakfast without an account, in the
 * group's language. Rate-limited per address, so guessing links gets 429s long before a hit.
 */
export const GUEST_VIEW_LIMIT = { max: 60, timeWindow: '10 minutes' } as const;
export const GUEST_REGISTER_LIMIT = { max: 10, timeWindow: '10 minutes' } as const;

/** A malformed link is as unknown as a wrong one; the limit is checked first (preValidation), so both count. */
const byToken = { schema: { params: tokenParams }, config: unknownAs('breakfasts.errors.guest_link_unknown') };

export default async function guestRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const viewLimit = allLimits(app, [{ ...GUEST_VIEW_LIMIT, keyGenerator: byAddress('guest-view') }]);
  const registerLimit = allLimits(app, [{ ...GUEST_REGISTER_LIMIT, keyGenerator: byAddress('guest-register') }]);

  /** Opens the link in the group's language, so a refusal (cancelled, over) speaks it too. */
  async function open(request: FastifyRequest, token: string) {
    const found = await findGuestLink(app.db, token);
    request.useGroupLocale(found.groupLocale);
    return { breakfast: requireOpen(found, app.clock()) };
  }

  function renderForm(request: FastifyRequest, reply: FastifyReply, breakfast: GuestBreakfast, values: Record<string, unknown> = {}, fieldErrors?: FieldErrors, status = 200) {
    return reply.page(
      'breakfast-guest',
      {
        title: request.t('breakfasts.guest.title', { group: breakfast.groupName }),
        breakfast,
        timeZone: breakfast.groupTimeZone,
        startsIso: breakfast.startsAt.toISOString(),
        values,
        errors: fieldErrors,
        limits: { name: GUEST_NAME_MAX, trade: GUEST_TRADE_MAX, warum: GUEST_WARUM_MAX },
        noindex: true,
      },
      status,
    );
  }

  function renderWelcome(request: FastifyRequest, reply: FastifyReply, breakfast: GuestBreakfast, guest: { name: string }, tradeTaken?: string) {
    return reply.page('breakfast-guest-welcome', {
      title: request.t('breakfasts.guest.welcome_title'),
      breakfast,
      timeZone: breakfast.groupTimeZone,
      startsIso: breakfast.startsAt.toISOString(),
      guest,
      tradeTaken,
      noindex: true,
    });
  }

  app.get('/g/:token', { ...byToken, preValidation: viewLimit }, async (request, reply) => {
    const { breakfast } = await open(request, request.params.token);
    // A guest who registered already (their cookie) sees their welcome page again.
    const guest = await guestFromToken(app.db, request.cookies[GUEST_COOKIE]);
    if (guest && guest.breakfastId === breakfast.id) return renderWelcome(request, reply, breakfast, guest);
    return renderForm(request, reply, breakfast);
  });

  app.post('/g/:token', { ...byToken, preValidation: registerLimit }, async (request, reply) => {
    const { breakfast } = await open(request, request.params.token);
    const form = parseForm(guestFormSchema, request.body, request.t);
    if (!form.ok) return renderForm(request, reply, breakfast, echoValues(request.body), form.errors, 400);
    const { guest, accessToken, tradeTaken } = await registerGuest(app.db, breakfast, form.data, app.clock());
    reply.setCookie(GUEST_COOKIE, accessToken, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: app.config.secureCookies,
      expires: guestCookieExpiry(breakfast),
    });
    return renderWelcome(request, reply, breakfast, guest, tradeTaken);
  });
}
