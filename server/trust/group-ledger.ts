/**
 * A group's whole ledger, as the collusion context needs it (collusion.ts: pairs and rings of
 * referrals, givers' referrer accuracy), cached per group by the chain's head. The head's hash
 * names every row before it, so a cached copy under the same head is exactly the ledger; a new
 * event (or a rolled-back one that never committed) changes the head and the copy is read again.
 * One query for the head per use; the group's events only when the head moved.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/client.js';
import type { TrustEvent } from '../ledger/events.js';
import { groupContext, type GroupContext } from './collusion.js';
import { groupLedgerQueries } from './group-ledger-queries.js';

export type GroupLedger = {
  groupId: string;
  /** The head's hash, '' for a group without events. */
  head: string;
  /** Every event of the group in ledger order. */
  events: readonly TrustEvent[];
  /** The context read at the latest event (valid for any `now` not before it). */
  context: GroupContext;
  latest: number;
};

/** Groups are few per instance; a 1,000-member group's 20,000 events are some 10 MB. */
const cache = new LRUCache<string, GroupLedger>({ max: 32 });

export async function groupLedger(db: Db, groupId: string): Promise<GroupLedger> {
  const q = groupLedgerQueries(db);
  const head = await q.headHash(groupId);
  const cached = cache.get(groupId);
  if (cached && cached.head === head) return cached;
  const events = (await q.events(groupId)) as TrustEvent[];
  let latest = -Infinity;
  for (const e of events) latest = Math.max(latest, e.occurredAt.getTime());
  const ledger = { groupId, head, events, context: groupContext(events), latest };
  cache.set(groupId, ledger);
  return ledger;
}

/** The context at `now`: the cached one, unless some event is stamped after `now` (clock skew). */
export function contextAt(ledger: GroupLedger, now: Date): GroupContext {
  return now.getTime() >= ledger.latest ? ledger.context : groupContext(ledger.events, now);
}

/** The group context for a member's scores at `now`. */
export async function memberGroupContext(db: Db, memberId: string, now: Date): Promise<{ ledger: GroupLedger; context: GroupContext } | null> {
  const groupId = await groupLedgerQueries(db).groupOf(memberId);
  if (!groupId) return null;
  const ledger = await groupLedger(db, groupId);
  return { ledger, context: contextAt(ledger, now) };
}

/** For tests and benchmarks: forget every cached ledger. */
export function clearGroupLedgerCache(): void {
  cache.clear();
}
