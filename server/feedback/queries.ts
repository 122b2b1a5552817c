import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { feedbackRequests } from '../../db/schema.js';

export function feedbackRequestQueries(db: Db) {
  return {
    async insertRequest(row: typeof feedbackRequests.$inferInsert) {
      const [created] = await db.insert(feedbackRequests).values(row).returning();
      return created!;
    },
    async findRequestByTokenHash(tokenHash: string) {
      const [row] = await db.select().from(feedbackRequests).where(eq(feedbackRequests.tokenHash, tokenHash));
      return row;
    },
    async findRequestByReferral(referralId: string) {
      const [row] = await db.select().from(feedbackRequests).where(eq(feedbackRequests.referralId, referralId));
      return row;
    },
    /** A new token for an existing request (the giver lost the link): the old link stops working. */
    async replaceToken(referralId: string, tokenHash: string, expiresAt: Date) {
      await db.update(feedbackRequests).set({ tokenHash, expiresAt }).where(eq(feedbackRequests.referralId, referralId));
    },
  };
}
