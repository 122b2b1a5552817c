/**
 * A group's whole ledger, as the collusion context needs it (collusion.ts: pairs and rings of
 * referrals, givers' referrer accuracy), cached per group by the chain's head. The head's hash
 * names every row before it, so a cached copy under the same head is exactly the ledger; a new
 * event (or a rolled-back one that never committed) changes the head and the copy is read again.
 * One query for the head per use; when the head moved, only the events after the cached head are
 * read and merged in — once the cached head is found unchanged at its place (a copy taken inside
 * a transaction that rolled back is not), otherwise the whole ledger is read again.
 */
import { LRUCache } from 'lru-cache';
import type { Db } from '../../db/client.js';
import type { TrustEvent } from '../ledger/events.js';
import { groupContext, type GroupContext } from './collusion.js';
import { groupLedgerQueries } from './group-ledger-queries.js';

export type GroupLedger = {
  groupId: string;
  /** The head's hash, '' for a group without events, and its place in the chain (0 without events). */
  head: string;
  seq: number;
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
  const head = await q.head(groupId);
  const cached = cache.get(groupId);
  if (cached && cached.head === head.hash) return cached;
  const extendsCached = cached !== undefined && cached.seq < head.seq && cached.seq > 0 && (await q.hashAt(groupId, cached.seq)) === cached.head;
  const events = extendsCached
    ? mergeInLedgerOrder(cached.events, (await q.eventsAfter(groupId, cached.seq)) as TrustEvent[])
    : ((await q.events(groupId)) as TrustEvent[]);
  let latest = -Infinity;
  for (const e of events) latest = Math.max(latest, e.occurredAt.getTime());
  const ledger = { groupId, head: head.hash, seq: head.seq, events, context: groupContext(events), latest };
  cache.set(groupId, ledger);
  return ledger;
}

type Ordered = Pick<TrustEvent, 'occurredAt'> & { seq?: number };
const before = (a: Ordered, b: Ordered) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.seq ?? 0) - (b.seq ?? 0);

/** Pure: two lists each in ledger order (time, then seq) as one; new events may be stamped before old ones. */
export function mergeInLedgerOrder<T extends Ordered>(known: readonly T[], added: readonly T[]): T[] {
  const merged: T[] = [];
  let i = 0;
  let j = 0;
  while (i < known.length && j < added.length) merged.push(before(added[j]!, known[i]!) < 0 ? added[j++]! : known[i++]!);
  while (i < known.length) merged.push(known[i++]!);
  while (j < added.length) merged.push(added[j++]!);
  return merged;
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
