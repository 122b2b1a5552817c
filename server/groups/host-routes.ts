import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import type { Membership } from '../auth/queries.js';
import { errors } from '../shared/errors.js';
import { groupOutbox, mailConfigured } from '../mail/service.js';
import { MEMBER_ACTIONS, type MemberAction, type Refusal } from './host-rules.js';
import { applyMemberAction, hostOverview, issueResetLink, membersForHost } from './host-service.js';
import { hostParams } from './params.js';
import { memberParams } from './schemas.js';

const memberAction = z.enum(MEMBER_ACTIONS);
const membersQuery = z.object({ done: memberAction.optional(), m: z.uuid().optional() }).catch({});
type MembersQuery = z.infer<typeof membersQuery>;

const byMemberId = { config: hostParams('action') };

/** `done` and `m` (the member acted on): the notice after a redirect, from the GET's query string. */
type MembersNotice = MembersQuery & { refusal?: { reason: Refusal; name: string } };

async function renderMembers(request: FastifyRequest, reply: FastifyReply, host: Membership, notice: MembersNotice = {}, status = 200) {
  const members = await membersForHost(request.server.db, host.group.id, host.id);
  const { done, m } = notice;
  const changed = done && m ? members.find((member) => member.id === m) : undefined;
  return reply.page(
    'host-members',
    {
      title: request.t('host.members.title'),
      members,
      done: changed ? request.t(`host.members.done.${done}`, { name: changed.name }) : null,
      refused: notice.refusal ? request.t(`host.members.refused.${notice.refusal.reason}`, { name: notice.refusal.name }) : null,
    },
    status,
  );
}

/** Where the host lands after an action; acting on oneself may end host access or the session. */
function afterActionPath(action: MemberAction, memberId: string, host: Membership): string {
  if (memberId === host.id && action === 'deactivate') return '/login';
  if (memberId === host.id && action === 'demote') return '/roster';
  return `/host/members?done=${action}&m=${memberId}`;
}

/** Host administration: overview, members (roles, activity, reset links) and the outbox. */
export default async function hostRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/host', async (request, reply) => {
    const host = requireHost(request);
    const overview = await hostOverview(app.db, host.group.id);
    return reply.page('host', { title: request.t('host.overview.title'), overview, mailConfigured: mailConfigured(app.config) });
  });

  app.get('/host/members', { schema: { querystring: membersQuery } }, async (request, reply) =>
    renderMembers(request, reply, requireHost(request), request.query),
  );

  app.post('/host/members/:memberId/reset-link', { schema: { params: memberParams }, ...byMemberId }, async (request, reply) => {
    const host = requireHost(request);
    const { memberId } = request.params;
    const link = await issueResetLink(
      app.db,
      { groupId: host.group.id, memberId },
      { publicUrl: app.config.publicUrl, now: app.clock() },
    );
    // The link is a secret shown once: no copy may stay in a cache.
    reply.header('cache-control', 'no-store');
    return reply.page('host-reset-link', { title: request.t('host.reset_link.title', { name: link.name }), link, noindex: true });
  });

  const actionParams = memberParams.extend({ action: memberAction });
  app.post('/host/members/:memberId/:action', { schema: { params: actionParams }, ...byMemberId }, async (request, reply) => {
    const host = requireHost(request);
    const { memberId, action } = request.params;
    const outcome = await applyMemberAction(app.db, { groupId: host.group.id, memberId, action }, app.clock());
    if (!outcome.ok) return renderMembers(request, reply, host, { refusal: { reason: outcome.refusal, name: outcome.name } }, 409);
    return reply.redirect(afterActionPath(action, memberId, host), 303);
  });

  app.get('/host/outbox', async (request, reply) => {
    const host = requireHost(request);
    const messages = await groupOutbox(app.db, host.group.id);
    reply.header('cache-control', 'no-store');
    return reply.page('host-outbox', { title: request.t('host.outbox.title'), messages, mailConfigured: mailConfigured(app.config) });
  });
}
