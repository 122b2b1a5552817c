import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import type { Membership } from '../auth/queries.js';
import { errors } from '../shared/errors.js';
import { groupOutbox, mailConfigured } from '../mail/service.js';
import { MEMBER_ACTIONS, type MemberAction, type Refusal } from './host-rules.js';
import { applyMemberAction, hostOverview, issueResetLink, membersForHost } from './host-service.js';
import { parseParams } from './params.js';
import { memberParams } from './schemas.js';

const memberAction = z.enum(MEMBER_ACTIONS);
const membersQuery = z.object({ done: memberAction.optional(), m: z.uuid().optional() }).catch({});

type MembersNotice = { refusal?: { reason: Refusal; name: string } };

async function renderMembers(request: FastifyRequest, reply: FastifyReply, host: Membership, notice: MembersNotice = {}, status = 200) {
  const members = await membersForHost(request.server.db, host.group.id, host.id);
  const { done, m } = membersQuery.parse(request.query);
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
export default async function hostRoutes(app: FastifyInstance) {
  app.get('/host', async (request, reply) => {
    const host = requireHost(request);
    const overview = await hostOverview(app.db, host.group.id);
    return reply.page('host', { title: request.t('host.overview.title'), overview, mailConfigured: mailConfigured(app.config) });
  });

  app.get('/host/members', async (request, reply) => renderMembers(request, reply, requireHost(request)));

  app.post('/host/members/:memberId/reset-link', async (request, reply) => {
    const host = requireHost(request);
    const { memberId } = parseParams(memberParams, request.params);
    const link = await issueResetLink(
      app.db,
      { groupId: host.group.id, memberId },
      { publicUrl: app.config.publicUrl, now: app.clock() },
    );
    // The link is a secret shown once: no copy may stay in a cache.
    reply.header('cache-control', 'no-store');
    return reply.page('host-reset-link', { title: request.t('host.reset_link.title', { name: link.name }), link, noindex: true });
  });

  app.post('/host/members/:memberId/:action', async (request, reply) => {
    const host = requireHost(request);
    const action = memberAction.safeParse((request.params as { action?: unknown }).action);
    if (!action.success) throw errors.notFound();
    const { memberId } = parseParams(memberParams, request.params);
    const outcome = await applyMemberAction(app.db, { groupId: host.group.id, memberId, action: action.data }, app.clock());
    if (!outcome.ok) return renderMembers(request, reply, host, { refusal: { reason: outcome.refusal, name: outcome.name } }, 409);
    return reply.redirect(afterActionPath(action.data, memberId, host), 303);
  });

  app.get('/host/outbox', async (request, reply) => {
    const host = requireHost(request);
    const messages = await groupOutbox(app.db, host.group.id);
    reply.header('cache-control', 'no-store');
    return reply.page('host-outbox', { title: request.t('host.outbox.title'), messages, mailConfigured: mailConfigured(app.config) });
  });
}
