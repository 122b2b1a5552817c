import { describe, expect, it } from 'vitest';
import { type ChainedFields, ChainVerifier, canonicalEvent, chainHash, GENESIS_HASH, type StoredChainRow } from '../../server/ledger/chain.js';

const GROUP = '11111111-1111-1111-1111-111111111111';

function buildChain(count: number): StoredChainRow[] {
  const rows: StoredChainRow[] = [];
  let prev = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const fields: ChainedFields = {
      groupId: GROUP,
      seq,
      kind: seq % 2 ? 'referral_given' : 'feedback',
      memberId: `m-${seq % 3}`,
      topic: 'steuerberatung',
      referralId: `r-${seq}`,
      clientId: `c-${seq}`,
      giverId: 'g-1',
      rating: seq % 2 ? null : 4,
      neverContacted: seq % 2 ? null : false,
      valueCents: null,
      reversesId: null,
      ruleVersion: 1,
      occurredAt: new Date(Date.UTC(2026, 0, seq)),
    };
    const hash = chainHash(prev, fields);
    rows.push({ ...fields, id: `e-${seq}`, prevHash: prev, hash });
    prev = hash;
  }
  return rows;
}

describe('ledger hash chain', () => {
  it('rows without a verification keep the canonical form they were hashed with; a verification is hashed', () => {
    const [old] = buildChain(2).slice(1);
    const fields = { ...old!, verification: null };
    expect(canonicalEvent(fields)).toBe(canonicalEvent(old!));
    expect(JSON.parse(canonicalEvent(old!))).toHaveLength(14);
    const verified = { ...old!, ruleVersion: 2, verification: 'mailbox' };
    expect(JSON.parse(canonicalEvent(verified)).at(-1)).toBe('mailbox');
    expect(chainHash(old!.prevHash, verified)).not.toBe(chainHash(old!.prevHash, { ...verified, verification: 'shared' }));
  });

  it('an untouched chain verifies, across batches', () => {
    const rows = buildChain(10);
    const verifier = new ChainVerifier(GROUP);
    expect(verifier.check(rows.slice(0, 4))).toBeNull();
    expect(verifier.check(rows.slice(4))).toBeNull();
    expect(verifier.checked).toBe(10);
  });

  it('an edited field is found at exactly that row', () => {
    const rows = buildChain(10);
    rows[6] = { ...rows[6]!, rating: 5 };
    expect(new ChainVerifier(GROUP).check(rows)).toEqual({ groupId: GROUP, seq: 7, id: 'e-7', reason: 'hash_mismatch' });
  });

  it('a deleted row shows as a gap in the sequence', () => {
    const rows = buildChain(10);
    rows.splice(3, 1);
    expect(new ChainVerifier(GROUP).check(rows)?.seq).toBe(5);
    expect(new ChainVerifier(GROUP).check(rows)?.reason).toBe('sequence_gap');
  });

  it('a row recomputed to hide an edit still breaks the next link', () => {
    const rows = buildChain(10);
    const edited = { ...rows[2]!, rating: 1 };
    rows[2] = { ...edited, hash: chainHash(edited.prevHash, edited) };
    expect(new ChainVerifier(GROUP).check(rows)).toMatchObject({ seq: 4, reason: 'prev_hash_mismatch' });
  });

  it('the same event always hashes the same, and any field changes the hash', () => {
    const [row] = buildChain(1);
    expect(chainHash(GENESIS_HASH, row!)).toBe(row!.hash);
    expect(chainHash(GENESIS_HASH, { ...row!, occurredAt: new Date(row!.occurredAt.getTime() + 1) })).not.toBe(row!.hash);
    expect(chainHash(GENESIS_HASH, { ...row!, topic: null })).not.toBe(row!.hash);
  });
});
