import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { groups, trades } from '../../db/schema.js';

/**
 * What the trust page's plain words need of a member's group: its time zone ("the last year" is
 * measured on its wall clock) and its trade names, keyed by the lower-case form the ledger stores
 * topics in ("steuerberatung" → "Steuerberatung").
 */
export function wordsQueries(db: Db) {
  return {
    async groupWords(groupId: string): Promise<{ timeZone: string | null; tradeNames: Map<string, string> }> {
      const [group] = await db.select({ timeZone: groups.timeZone }).from(groups).where(eq(groups.id, groupId));
      const rows = await db.select({ name: trades.name }).from(trades).where(eq(trades.groupId, groupId));
      return { timeZone: group?.timeZone ?? null, tradeNames: new Map(rows.map((row) => [row.name.trim().toLowerCase().replace(/\s+/g, ' '), row.name])) };
    },
  };
}
