import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireHost } from '../../auth/guards.js';
import { allLimits, byAddress } from '../../auth/rate-limits.js';
import { unknownAs } from '../../plugins/errors.js';
import { errors } from '../../shared/errors.js';
import { echoValues, type FieldErrors, parseForm } from '../../shared/forms.js';
import { hostInvitationMail } from './host-mail.js';
import { createInvitationSchema, hostListQuery, invitationIdParams, redeemSchema, tokenParams } from './schemas.js';
import {
  assertOpen,
  type CreatedInvitation,
  createInvitation,
  findInvitation,
  groupInvitations,
  type Invitation,
  redeemInvitation,
  revokeInvitation,
} from './service.js';

/** An invitation link that cannot be one is as unknown as a wrong one. */
const byToken = { schema: { params: tokenParams }, config: unknownAs('invitations.errors.unknown') };

/**
 * Each invitation may send a mail, so a stolen host session (or a script) must not turn Kreis
 * into a spam relay: per host, and per group so several hosts together cannot either.
 * Generous for real use: a new group invites its twenty or thirty members in one evening.
 * Counted per instance (@fastify/rate-limit's memory store).
 */
export const INVITATION_LIMITS = {
  perHost: { max: 30, timeWindow: '1 hour' },
  perGroup: { max: 100, timeWindow: '24 hours' },
} as const;

export default async function invitationRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const createLimits = allLimits(
    app,
    [
      { ...INVITATION_LIMITS.perHost, keyGenerator: (request) => `invite-create-host:${request.viewer?.member?.id ?? request.ip}` },
      { ...INVITATION_LIMITS.perGroup, keyGenerator: (request) => `invite-create-group:${request.viewer?.member?.group.id ?? request.ip}` },
    ],
    { messageKey: 'invitations.host.too_many' },
  );
  // Per address, and per link so one leaked link cannot be hammered from many addresses.
  const redeemLimits = allLimits(app, [
    { max: 10, timeWindow: '15 minutes', keyGenerator: byAddress('invite') },
    {
      max: 10,
      timeWindow: '15 minutes',
      keyGenerator: (request) => `invite-token:${String((request.params as { token?: unknown }).token ?? '')}`,
    },
  ]);
  // Opening a link answers 200 or 404: unlimited, that would be an oracle for guessing tokens.
  const viewLimits = allLimits(app, [{ max: 30, timeWindow: '15 minutes', keyGenerator: byAddress('invite-view') }]);

  async function hostPage(
    request: FastifyRequest,
    reply: FastifyReply,
    view: { created?: CreatedInvitation; revoked?: boolean; imported?: number | undefined; values?: Record<string, unknown>; errors?: FieldErrors },
    status = 200,
  ) {
    const host = requireHost(request);
    const invitations = await groupInvitations(app.db, host.group.id, app.clock());
    return reply.page('invitations', { title: request.t('invitations.host.title'), invitations, ...view }, status);
  }

  app.get('/host/invitations', { schema: { querystring: hostListQuery } }, async (request, reply) => {
    return hostPage(request, reply, { revoked: request.query.revoked === '1', imported: request.query.imported });
  });

  app.post('/host/invitations', { preHandler: createLimits }, async (request, reply) => {
    const host = requireHost(request);
    const form = parseForm(createInvitationSchema, request.body, request.t);
    if (!form.ok) return hostPage(request, reply, { values: echoValues(request.body), errors: form.errors }, 400);
    const created = await createInvitation(
      app.db,
      {
        groupId: host.group.id,
        createdBy: host.id,
        email: form.data.email,
        publicUrl: app.config.publicUrl,
        mail: hostInvitationMail(app, request, host),
      },
      app.clock(),
    );
    // The link is shown once, on this response (kept out of caches); only its hash is stored.
    reply.header('cache-control', 'no-store');
    return hostPage(request, reply, { created });
  });

  // A malformed id is "not found" — for a host; everyone else is refused as for any id.
  const invalidParams = (_params: string[], request: FastifyRequest) => {
    requireHost(request);
    return errors.notFound();
  };
  app.post('/host/invitations/:id/revoke', { schema: { params: invitationIdParams }, config: { invalidParams } }, async (request, reply) => {
    const host = requireHost(request);
    await revokeInvitation(app.db, host.group.id, request.params.id, app.clock());
    return reply.redirect('/host/invitations?revoked=1', 303);
  });

  /** The invitation for the link in the URL, with the page switched to the group's language; 404/410 otherwise. */
  async function openInvitation(request: FastifyRequest, token: string): Promise<Invitation & { token: string }> {
    const invitation = await findInvitation(app.db, token, app.clock());
    if (!invitation) throw errors.notFound('invitations.errors.unknown');
    request.useGroupLocale(invitation.group.locale);
    assertOpen(invitation);
    return { ...invitation, token };
  }

  function acceptPage(
    request: FastifyRequest,
    reply: FastifyReply,
    invitation: Invitation & { token: string },
    view: { values: Record<string, unknown>; errors?: FieldErrors },
    status = 200,
  ) {
    return reply.page(
      'invitation',
      { title: request.t('invitations.accept.title', { group: invitation.group.name }), invitation, noindex: true, ...view },
      status,
    );
  }

  // The limits come before the link is checked (preValidation), so malformed guesses count too.
  app.get('/invite/:token', { ...byToken, preValidation: viewLimits }, async (request, reply) => {
    const invitation = await openInvitation(request, request.params.token);
    // An imported invitation knows the newcomer's name and phone: the form starts with them.
    const values = { email: invitation.email ?? '', name: invitation.name ?? '', phone: invitation.phone ?? '' };
    return acceptPage(request, reply, invitation, { values });
  });

  app.post('/invite/:token', { ...byToken, preValidation: redeemLimits }, async (request, reply) => {
    const invitation = await openInvitation(request, request.params.token);
    const form = parseForm(redeemSchema, request.body, request.t);
    if (!form.ok) return acceptPage(request, reply, invitation, { values: echoValues(request.body), errors: form.errors }, 400);

    const result = await redeemInvitation(app.db, invitation, form.data, app.clock());
    if (result.status === 'email_taken') {
      const emailTaken = { email: request.t('invitations.errors.email_taken') };
      return acceptPage(request, reply, invitation, { values: echoValues(request.body), errors: emailTaken }, 409);
    }
    await reply.startSession(result.accountId);
    return reply.redirect('/profile/edit', 303);
  });
}
