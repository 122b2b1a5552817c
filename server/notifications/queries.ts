import { and, count, desc, eq, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { notifications, referrals } from '../../db/schema.js';
import { giver, giverAccount, receiver, receiverAccount } from '../../db/selections.js';

export function notificationQueries(db: Db) {
  return {
    async insertMany(rows: (typeof notifications.$inferInsert)[]) {
      if (rows.length === 0) return;
      await db.insert(notifications).values(rows);
    },

    /** A member's notifications, newest first, with what their text needs: one query. */
    async listFor(memberId: string, limit: number) {
      return db
        .select({
          id: notifications.id,
          kind: notifications.kind,
          referralId: notifications.referralId,
          readAt: notifications.readAt,
          createdAt: notifications.createdAt,
          topic: referrals.topic,
          giverName: giverAccount.name,
          receiverName: receiverAccount.name,
        })
        .from(notifications)
        .leftJoin(referrals, eq(referrals.id, notifications.referralId))
        .leftJoin(giver, eq(giver.id, referrals.giverId))
        .leftJoin(giverAccount, eq(giverAccount.id, giver.accountId))
        .leftJoin(receiver, eq(receiver.id, referrals.receiverId))
        .leftJoin(receiverAccount, eq(receiverAccount.id, receiver.accountId))
        .where(eq(notifications.memberId, memberId))
        .orderBy(desc(notifications.createdAt), desc(notifications.id))
        .limit(limit);
    },

    async unreadCount(memberId: string) {
      const [row] = await db
        .select({ n: count() })
        .from(notifications)
        .where(and(eq(notifications.memberId, memberId), isNull(notifications.readAt)));
      return row?.n ?? 0;
    },

    async markAllRead(memberId: string, now: Date) {
      await db
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.memberId, memberId), isNull(notifications.readAt)));
    },

    async markReadForReferral(memberId: string, referralId: string, now: Date) {
      await db
        .update(notifications)
        .set({ readAt: now })
        .where(and(eq(notifications.memberId, memberId), eq(notifications.referralId, referralId), isNull(notifications.readAt)));
    },
  };
}
