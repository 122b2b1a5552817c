import type { Db } from '../../db/client.js';
import { type ChainBreak, ChainVerifier } from './chain.js';
import { ledgerQueries } from './queries.js';

/**
 * Rows per round trip. Fetching and decoding rows costs more than hashing them, and each query
 * has a fixed cost: batches of 20,000 verified 200,000 events about a third faster than batches
 * of 5,000, and larger ones gained nothing (scripts/bench/ledger.ts). A batch is a few MB.
 */
const BATCH = 20_000;

export type VerifyReport = { groups: number; events: number; firstBreak: ChainBreak | null };

/** Walks every group's chain from the first row; stops at the first broken row. */
export async function verifyLedger(db: Db): Promise<VerifyReport> {
  const q = ledgerQueries(db);
  let events = 0;
  const groupIds = await q.groupIdsWithEvents();
  for (const groupId of groupIds) {
    const verifier = new ChainVerifier(groupId);
    // The next batch is asked for before this one is hashed, so the database reads while we hash.
    let pending = q.chainBatch(groupId, 0, BATCH);
    for (;;) {
      const batch = await pending;
      if (batch.length === 0) break;
      pending = q.chainBatch(groupId, batch[batch.length - 1]!.seq, BATCH);
      const broken = verifier.check(batch);
      if (broken) {
        await pending;
        return { groups: groupIds.length, events: events + verifier.checked, firstBreak: broken };
      }
    }
    events += verifier.checked;
  }
  return { groups: groupIds.length, events, firstBreak: null };
}
