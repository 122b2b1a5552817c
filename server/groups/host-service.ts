import { openReviewCount } from '../signals/service.js';
import type { Db } from '../../db/client.js';
import { createResetLink, HOST_LINK_LIFETIME_MS, type LinkContext } from '../auth/password-reset.js';
import { invalidateAllSessions } from '../auth/session.js';
import { dispatch } from '../events/bus.js';
import { errors } from '../shared/errors.js';
import { countUndeliveredMail } from '../mail/service.js';
import { listPendingTradeRequests } from '../members/trades.js';
import { afterAction, isLastActiveHost, type MemberAction, type Refusal, refusalFor } from './host-rules.js';
import { hostQueries } from './queries.js';
import type { SettingsInput } from './schemas.js';

/** Numbers for the host overview. */
export async function hostOverview(db: Db, groupId: string) {
  const q = hostQueries(db);
  const [members, pendingTrades, undeliveredMail, openReviews] = await Promise.all([
    q.membersOf(groupId),
    listPendingTradeRequests(db, groupId),
    countUndeliveredMail(db, groupId),
    openReviewCount(db, groupId),
  ]);
  const active = members.filter((m) => m.active).length;
  return { activeMembers: active, inactiveMembers: members.length - active, pendingTrades: pendingTrades.length, undeliveredMail, openReviews };
}

/** Every member of the group, with what the host page needs to offer the right buttons. */
export async function membersForHost(db: Db, groupId: string, viewerMemberId: string) {
  const q = hostQueries(db);
  const [members, activeHosts] = await Promise.all([q.membersOf(groupId), q.countActiveHosts(groupId)]);
  return members.map((member) => ({
    ...member,
    isHost: member.role === 'host',
    isViewer: member.id === viewerMemberId,
    isLastActiveHost: isLastActiveHost(member, activeHosts),
  }));
}

export type ActionOutcome =
  | { ok: true; member: { id: string; name: string; accountId: string } }
  | { ok: false; refusal: Refusal; name: string };

/**
 * Promote, demote, deactivate or reactivate a member of the host's group. 404 for a member of
 * another group. Deactivation ends the account's sessions so the person is out at once.
 */
export async function applyMemberAction(
  db: Db,
  input: { groupId: string; memberId: string; action: MemberAction },
  now: Date,
): Promise<ActionOutcome> {
  return db.transaction(async (tx) => {
    const q = hostQueries(tx);
    await q.lockGroup(input.groupId);
    const member = await q.findMember(input.groupId, input.memberId);
    if (!member) throw errors.notFound();
    const refusal = refusalFor(input.action, member, await q.countActiveHosts(input.groupId));
    if (refusal) return { ok: false, refusal, name: member.name };
    const { role, active } = afterAction(input.action, member);
    await q.updateMember(member.id, { role, active }, now);
    if (input.action === 'deactivate') await invalidateAllSessions(tx, member.accountId);
    await dispatch(tx, { type: 'MembershipChanged', at: now, groupId: input.groupId, memberId: member.id, active });
    return { ok: true, member: { id: member.id, name: member.name, accountId: member.accountId } };
  });
}

/** A reset link for an active member of the host's group, to hand over personally. */
export async function issueResetLink(db: Db, input: { groupId: string; memberId: string }, context: LinkContext) {
  const member = await hostQueries(db).findMember(input.groupId, input.memberId);
  if (!member) throw errors.notFound();
  if (member.deleted) throw errors.conflict('host.members.errors.deleted');
  if (!member.active) throw errors.conflict('host.members.errors.inactive');
  const link = await createResetLink(db, member.accountId, HOST_LINK_LIFETIME_MS, context);
  return { ...link, name: member.name };
}

export async function groupSettings(db: Db, groupId: string) {
  const group = await hostQueries(db).findGroup(groupId);
  if (!group) throw errors.notFound();
  return group;
}

export async function updateGroupSettings(db: Db, groupId: string, settings: SettingsInput, now: Date) {
  await db.transaction(async (tx) => {
    await hostQueries(tx).updateGroup(groupId, settings);
    await dispatch(tx, { type: 'GroupSettingsChanged', at: now, groupId });
  });
}

/**
 * Locks the groups (in a fixed order, as host actions do) until the transaction ends and counts
 * their active hosts under the lock: nobody can promote, demote or deactivate meanwhile.
 */
export async function activeHostsUnderLock(tx: Db, groupIds: readonly string[]): Promise<Map<string, number>> {
  const q = hostQueries(tx);
  const sorted = [...new Set(groupIds)].sort();
  for (const groupId of sorted) await q.lockGroup(groupId);
  const counts = new Map<string, number>();
  for (const groupId of sorted) counts.set(groupId, await q.countActiveHosts(groupId));
  return counts;
}
