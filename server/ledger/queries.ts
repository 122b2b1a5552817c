import { and, asc, desc, eq, gt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { trustEvents } from '../../db/schema.js';

export type TrustEventRow = typeof trustEvents.$inferSelect;
export type NewTrustEventRow = typeof trustEvents.$inferInsert;

export function ledgerQueries(db: Db) {
  return {
    /**
     * Serialises appends per group until the transaction ends, so two writers never chain onto
     * the same previous row. Other groups are not blocked.
     */
    async lockGroupChain(groupId: string) {
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`kreis-ledger:${groupId}`}, 0))`);
    },
    async lastLink(groupId: string) {
      const [row] = await db
        .select({ seq: trustEvents.seq, hash: trustEvents.hash })
        .from(trustEvents)
        .where(eq(trustEvents.groupId, groupId))
        .orderBy(desc(trustEvents.seq))
        .limit(1);
      return row;
    },
    async insertEvents(rows: NewTrustEventRow[]) {
      if (rows.length === 0) return [];
      return db.insert(trustEvents).values(rows).returning();
    },
    async groupIdsWithEvents() {
      const rows = await db.selectDistinct({ groupId: trustEvents.groupId }).from(trustEvents).orderBy(asc(trustEvents.groupId));
      return rows.map((r) => r.groupId);
    },
    /** One batch of a group's chain after `afterSeq`, in chain order. */
    async chainBatch(groupId: string, afterSeq: number, limit: number) {
      return db
        .select()
        .from(trustEvents)
        .where(and(eq(trustEvents.groupId, groupId), gt(trustEvents.seq, afterSeq)))
        .orderBy(asc(trustEvents.seq))
        .limit(limit);
    },
  };
}
