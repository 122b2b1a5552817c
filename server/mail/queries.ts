import { and, asc, count, desc, eq, inArray, lte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { outbox } from '../../db/schema.js';

export type ClaimedMail = { id: string; recipient: string; subject: string; body: string; attempts: number };

export function outboxQueries(db: Db) {
  return {
    async insert(row: typeof outbox.$inferInsert) {
      const [inserted] = await db.insert(outbox).values(row).returning({ id: outbox.id });
      return inserted!;
    },

    /**
     * Takes up to `limit` due messages for this instance: rows another instance is sending are
     * skipped (`for update skip locked`), and the claimed rows are leased until `leaseUntil`, so a
     * crash mid-send only delays them.
     */
    async claimDue(now: Date, limit: number, leaseUntil: Date): Promise<ClaimedMail[]> {
      const due = db.$with('due').as(
        db
          .select({ id: outbox.id })
          .from(outbox)
          .where(and(eq(outbox.status, 'pending'), lte(outbox.nextAttemptAt, now)))
          .orderBy(asc(outbox.nextAttemptAt))
          .limit(limit)
          .for('update', { skipLocked: true }),
      );
      return db
        .with(due)
        .update(outbox)
        .set({ attempts: sql`${outbox.attempts} + 1`, nextAttemptAt: leaseUntil })
        .from(due)
        .where(eq(outbox.id, due.id))
        .returning({
          id: outbox.id,
          recipient: outbox.recipient,
          subject: outbox.subject,
          body: outbox.body,
          attempts: outbox.attempts,
        });
    },

    async markSent(id: string, now: Date) {
      await db.update(outbox).set({ status: 'sent', sentAt: now, lastError: null }).where(eq(outbox.id, id));
    },
    async markFailed(id: string, error: string, nextAttemptAt: Date) {
      await db.update(outbox).set({ lastError: error, nextAttemptAt }).where(eq(outbox.id, id));
    },
    async markKept(id: string, error: string) {
      await db.update(outbox).set({ status: 'kept', lastError: error }).where(eq(outbox.id, id));
    },
    /** Without a sender nobody will deliver pending messages: hand them to the hosts. */
    async keepAllPending() {
      const kept = await db.update(outbox).set({ status: 'kept' }).where(eq(outbox.status, 'pending')).returning({ id: outbox.id });
      return kept.length;
    },

    async countUndeliveredOfGroup(groupId: string) {
      const [row] = await db
        .select({ n: count() })
        .from(outbox)
        .where(and(eq(outbox.groupId, groupId), inArray(outbox.status, ['pending', 'kept'])));
      return row?.n ?? 0;
    },
    /** Messages of a group that have not been delivered, newest first. */
    async undeliveredOfGroup(groupId: string, limit: number) {
      return db
        .select({
          id: outbox.id,
          recipient: outbox.recipient,
          subject: outbox.subject,
          body: outbox.body,
          status: outbox.status,
          attempts: outbox.attempts,
          lastError: outbox.lastError,
          createdAt: outbox.createdAt,
        })
        .from(outbox)
        .where(and(eq(outbox.groupId, groupId), inArray(outbox.status, ['pending', 'kept'])))
        .orderBy(desc(outbox.createdAt))
        .limit(limit);
    },
  };
}
