import type { Db } from '../../db/client.js';
import { dispatch } from '../events/bus.js';
import { chainHash, GENESIS_HASH } from './chain.js';
import { ledgerQueries, type TrustEventRow } from './queries.js';

/** Rule version 2: feedback events carry how they were verified, and weigh by it. */
export const RULE_VERSION = 2;

/** What a caller says about a trust event; the ledger adds seq, rule version and the chain. */
export type TrustEventInput = {
  kind: TrustEventRow['kind'];
  memberId: string;
  topic?: string | null;
  referralId?: string | null;
  clientId?: string | null;
  giverId?: string | null;
  rating?: number | null;
  neverContacted?: boolean | null;
  valueCents?: number | null;
  reversesId?: string | null;
  verification?: TrustEventRow['verification'];
  occurredAt: Date;
};

/** Topics are compared case- and space-insensitively ("Steuerberatung " = "steuerberatung"). */
export function normaliseTopic(topic: string | null | undefined): string | null {
  const t = topic?.trim().toLowerCase().replace(/\s+/g, ' ');
  return t ? t : null;
}

/**
 * Holds the group's chain until the transaction ends: appends wait, so what the caller reads of the
 * group's ledger stays the newest until it commits. Other groups are not blocked.
 */
export async function lockChain(tx: Db, groupId: string): Promise<void> {
  await ledgerQueries(tx).lockGroupChain(groupId);
}

/**
 * Appends events to a group's chain. Must run inside the caller's transaction, so the events
 * and the change they record (a referral, a feedback) commit together or not at all.
 */
export async function appendTrustEvents(tx: Db, groupId: string, events: TrustEventInput[]): Promise<TrustEventRow[]> {
  if (events.length === 0) return [];
  const q = ledgerQueries(tx);
  await q.lockGroupChain(groupId);
  const last = await q.lastLink(groupId);
  let seq = last?.seq ?? 0;
  let prevHash = last?.hash ?? GENESIS_HASH;
  const rows = events.map((e) => {
    seq += 1;
    const fields = {
      groupId,
      seq,
      kind: e.kind,
      memberId: e.memberId,
      topic: normaliseTopic(e.topic),
      referralId: e.referralId ?? null,
      clientId: e.clientId ?? null,
      giverId: e.giverId ?? null,
      rating: e.rating ?? null,
      neverContacted: e.neverContacted ?? null,
      valueCents: e.valueCents ?? null,
      reversesId: e.reversesId ?? null,
      verification: e.verification ?? null,
      ruleVersion: RULE_VERSION,
      // The database keeps microseconds at most; hash what will be read back.
      occurredAt: new Date(Math.floor(e.occurredAt.getTime())),
    };
    const hash = chainHash(prevHash, fields);
    const row = { ...fields, prevHash, hash };
    prevHash = hash;
    return row;
  });
  const inserted = await q.insertEvents(rows);
  const memberIds = [...new Set(inserted.map((row) => row.memberId))].sort();
  await dispatch(tx, { type: 'TrustEventsRecorded', at: rows[rows.length - 1]!.occurredAt, groupId, memberIds });
  return inserted;
}
