import { createHash } from 'node:crypto';

/**
 * The trust ledger's hash chain, per group: hash = sha256(prev_hash ‖ canonical event). Any edit
 * of a stored row, a deleted row or rows swapped in order breaks the chain from that row on.
 * Only ids and numbers go in — never names or contact data — so erasing a person leaves it intact.
 */
export const GENESIS_HASH = '0'.repeat(64);

export type ChainedFields = {
  groupId: string;
  seq: number;
  kind: string;
  memberId: string;
  topic: string | null;
  referralId: string | null;
  clientId: string | null;
  giverId: string | null;
  rating: number | null;
  neverContacted: boolean | null;
  valueCents: number | null;
  reversesId: string | null;
  /** Rule version 2: how a feedback was verified. Absent or null on older rows. */
  verification?: string | null;
  ruleVersion: number;
  occurredAt: Date;
};

/**
 * A fixed field order and explicit nulls, so the same event always serialises to the same bytes.
 * The verification (rule version 2) is appended only when there is one, so rows written before it
 * existed keep exactly the bytes they were hashed with.
 */
export function canonicalEvent(e: ChainedFields): string {
  const fields: unknown[] = [
    e.groupId,
    e.seq,
    e.kind,
    e.memberId,
    e.topic,
    e.referralId,
    e.clientId,
    e.giverId,
    e.rating,
    e.neverContacted,
    e.valueCents,
    e.reversesId,
    e.ruleVersion,
    e.occurredAt.toISOString(),
  ];
  if (e.verification != null) fields.push(e.verification);
  return JSON.stringify(fields);
}

export function chainHash(prevHash: string, event: ChainedFields): string {
  return createHash('sha256').update(prevHash).update('\n').update(canonicalEvent(event)).digest('hex');
}

export type StoredChainRow = ChainedFields & { id: string; prevHash: string; hash: string };

export type ChainBreak = {
  groupId: string;
  seq: number;
  id: string;
  reason: 'sequence_gap' | 'prev_hash_mismatch' | 'hash_mismatch';
};

/**
 * Walks one group's rows in seq order, batch by batch, carrying the expected previous hash and
 * sequence number between batches. Returns the first broken row, or null.
 */
export class ChainVerifier {
  private expectedPrev = GENESIS_HASH;
  private expectedSeq = 1;
  checked = 0;

  constructor(readonly groupId: string) {}

  check(rows: StoredChainRow[]): ChainBreak | null {
    for (const row of rows) {
      const at = { groupId: this.groupId, seq: row.seq, id: row.id };
      if (row.seq !== this.expectedSeq) return { ...at, reason: 'sequence_gap' };
      if (row.prevHash !== this.expectedPrev) return { ...at, reason: 'prev_hash_mismatch' };
      if (chainHash(row.prevHash, row) !== row.hash) return { ...at, reason: 'hash_mismatch' };
      this.expectedPrev = row.hash;
      this.expectedSeq++;
      this.checked++;
    }
    return null;
  }
}
