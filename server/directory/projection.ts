/**
 * The directory's projection: precomputed trust aggregates (member_topic_stats) and search
 * documents (member_search), derived from the ledger, the profiles and the trades. It follows
 * the domain events inside the writing transaction and is rebuildable at any time
 * (`npm run aggregates:rebuild`); it is never authoritative — the trust page folds the ledger itself.
 */
import type { Db } from '../../db/client.js';
import { subscribe } from '../events/bus.js';
import { lockChain, normaliseTopic } from '../ledger/append.js';
import type { TrustEvent } from '../ledger/events.js';
import { groupBy } from './group-by.js';
import { directoryQueries } from './queries.js';
import { groupLedger } from '../trust/group-ledger.js';
import type { GroupContext } from '../trust/collusion.js';
import { type FirstContact, foldTopicStats } from './topic-stats.js';


const contactsOf = (rows: { topic: string; seconds: number }[]): FirstContact[] =>
  rows.map((r) => ({ topic: normaliseTopic(r.topic), seconds: r.seconds }));

/**
 * Recomputes one member's trust aggregates from their events and referrals. Serialised with the
 * group's ledger appends (the chain lock), so a refresh never writes a fold older than one that
 * already committed. Call inside the transaction that changed the ledger or the referral.
 */
export async function refreshMemberStats(db: Db, memberId: string): Promise<void> {
  const q = directoryQueries(db);
  const context = await q.memberContext(memberId);
  if (!context) return;
  await lockChain(db, context.groupId);
  const [events, contacts, group] = await Promise.all([q.eventsOfMembers([memberId]), q.firstContacts([memberId]), groupLedger(db, context.groupId)]);
  const rows = foldTopicStats(events as TrustEvent[], memberId, contactsOf(contacts), group.context);
  await q.replaceStats(
    rows.map((row) => ({ ...row, memberId, groupId: context.groupId })),
    [memberId],
  );
}

/** Rebuilds the members' search documents (trades, offer, good referral, Warum, confirmed topics). */
export async function refreshMemberSearch(db: Db, memberIds: string[]): Promise<void> {
  await directoryQueries(db).refreshSearch(memberIds);
}

/** Every document of a group, e.g. after its language changed. */
export async function refreshGroupSearch(db: Db, groupId: string): Promise<void> {
  await directoryQueries(db).refreshSearch(null, groupId);
}

/** After trust events: the members' aggregates, then their documents (confirmed topics are part of them). */
export async function refreshMembers(db: Db, memberIds: Iterable<string>): Promise<void> {
  const ids = [...new Set(memberIds)].sort();
  for (const id of ids) await refreshMemberStats(db, id);
  await refreshMemberSearch(db, ids);
}

/**
 * After trust events in a group: every member's aggregates of the group, since one event can move
 * other members' scores (a giver's accuracy weighs all their referrals; a referral can close a
 * pair or ring). One read of the group's ledger (cached per chain head, trust/group-ledger.ts),
 * one fold per member, one write. Then the documents of the members the events were about.
 */
export async function refreshGroupAfterTrust(db: Db, groupId: string, memberIds: readonly string[]): Promise<void> {
  const q = directoryQueries(db);
  await lockChain(db, groupId);
  const group = await groupLedger(db, groupId);
  const eventsByMember = groupBy(group.events, (e) => e.memberId);
  const ids = [...new Set([...eventsByMember.keys(), ...memberIds])].sort();
  const contactsByMember = groupBy(await q.firstContacts(ids), (c) => c.memberId);
  const rows = ids.flatMap((id) =>
    foldTopicStats(eventsByMember.get(id) ?? [], id, contactsOf(contactsByMember.get(id) ?? []), group.context).map((row) => ({
      ...row,
      memberId: id,
      groupId,
    })),
  );
  await q.replaceStats(rows, ids);
  await refreshMemberSearch(db, [...new Set(memberIds)].sort());
}

const REBUILD_BATCH = 500;

/** Everything from scratch, in batches of members: for `npm run aggregates:rebuild`, the demo and benchmarks. */
export async function rebuildAllAggregates(db: Db): Promise<{ members: number; rows: number }> {
  const q = directoryQueries(db);
  let after: string | null = null;
  let memberCount = 0;
  let rowCount = 0;
  for (;;) {
    const batch = await q.memberBatch(after, REBUILD_BATCH);
    if (batch.length === 0) break;
    const ids = batch.map((m) => m.id);
    const [events, contacts] = await Promise.all([q.eventsOfMembers(ids), q.firstContacts(ids)]);
    const eventsByMember = groupBy(events, (e) => e.memberId);
    const contactsByMember = groupBy(contacts, (c) => c.memberId);
    const contexts = new Map<string, GroupContext>();
    for (const groupId of new Set(batch.map((m) => m.groupId))) contexts.set(groupId, (await groupLedger(db, groupId)).context);
    const rows = batch.flatMap((m) =>
      foldTopicStats(
        (eventsByMember.get(m.id) ?? []) as TrustEvent[],
        m.id,
        contactsOf(contactsByMember.get(m.id) ?? []),
        contexts.get(m.groupId),
      ).map((row) => ({
        ...row,
        memberId: m.id,
        groupId: m.groupId,
      })),
    );
    await q.deleteStats(ids);
    await q.replaceStats(rows, []);
    memberCount += batch.length;
    rowCount += rows.length;
    after = ids[ids.length - 1]!;
  }
  await q.refreshSearch(null);
  // The aggregates have no trigger of their own (they change with the tables they are built from);
  // a rebuild changes them alone, so it tells every instance itself.
  await q.announceChange();
  return { members: memberCount, rows: rowCount };
}

/** Registered once at start-up: which events move which part of the projection. */
export function subscribeDirectoryProjection(): void {
  subscribe('TrustEventsRecorded', (tx, e) => refreshGroupAfterTrust(tx, e.groupId, e.memberIds));
  // The first contact feeds the "median time to first contact".
  subscribe('ReferralMoved', async (tx, e) => {
    if (e.firstContact) await refreshMemberStats(tx, e.receiverId);
  });
  subscribe('MemberJoined', (tx, e) => refreshMemberSearch(tx, [e.memberId]));
  subscribe('ProfileChanged', (tx, e) => refreshMemberSearch(tx, e.memberIds));
  // (De)activation takes the member out of the directory or puts them back.
  subscribe('MembershipChanged', (tx, e) => refreshMemberSearch(tx, [e.memberId]));
  // The group's language decides the search documents' text-search configuration.
  subscribe('GroupSettingsChanged', (tx, e) => refreshGroupSearch(tx, e.groupId));
}
