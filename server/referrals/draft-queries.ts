import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, breakfasts, members, referralDrafts } from '../../db/schema.js';

/** The giver's draft `draftId`, if it is still open: neither completed nor dismissed. */
const openDraftOf = (giverId: string, draftId: string) =>
  and(eq(referralDrafts.id, draftId), eq(referralDrafts.giverId, giverId), isNull(referralDrafts.referralId), isNull(referralDrafts.dismissedAt));

/** Referral drafts: pledges from a round, waiting in the giver's list. */
export function draftQueries(db: Db) {
  return {
    /** Which of `memberIds` are active members of the group (guests' ids are not). */
    async activeMemberIds(groupId: string, memberIds: string[]) {
      if (memberIds.length === 0) return [];
      const rows = await db
        .select({ id: members.id })
        .from(members)
        .where(and(eq(members.groupId, groupId), eq(members.active, true), inArray(members.id, memberIds)));
      return rows.map((row) => row.id);
    },

    /** The giver → receiver pairs that already have a draft from this breakfast. */
    async existingPairs(breakfastId: string) {
      return db
        .select({ giverId: referralDrafts.giverId, receiverId: referralDrafts.receiverId })
        .from(referralDrafts)
        .where(eq(referralDrafts.breakfastId, breakfastId));
    },

    async insertDrafts(rows: (typeof referralDrafts.$inferInsert)[]) {
      if (rows.length === 0) return [];
      return db.insert(referralDrafts).values(rows).returning({ id: referralDrafts.id });
    },

    /** The giver's open drafts (neither completed nor dismissed), oldest first, with the receivers' names. */
    async openFor(giverId: string) {
      return db
        .select({
          id: referralDrafts.id,
          note: referralDrafts.note,
          receiverId: referralDrafts.receiverId,
          receiverName: accounts.name,
          receiverSlug: members.slug,
          breakfastStartsAt: breakfasts.startsAt,
        })
        .from(referralDrafts)
        .innerJoin(members, eq(members.id, referralDrafts.receiverId))
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .leftJoin(breakfasts, eq(breakfasts.id, referralDrafts.breakfastId))
        .where(and(eq(referralDrafts.giverId, giverId), isNull(referralDrafts.referralId), isNull(referralDrafts.dismissedAt)))
        .orderBy(asc(referralDrafts.createdAt));
    },

    /** One open draft of the giver's; undefined when it is someone else's, done or dismissed. */
    async openDraft(giverId: string, draftId: string) {
      const [row] = await db
        .select({ id: referralDrafts.id, note: referralDrafts.note, receiverId: referralDrafts.receiverId })
        .from(referralDrafts)
        .where(openDraftOf(giverId, draftId));
      return row;
    },

    async markDone(giverId: string, draftId: string, referralId: string) {
      const rows = await db
        .update(referralDrafts)
        .set({ referralId })
        .where(openDraftOf(giverId, draftId))
        .returning({ id: referralDrafts.id });
      return rows.length === 1;
    },

    async dismiss(giverId: string, draftId: string, now: Date) {
      const rows = await db
        .update(referralDrafts)
        .set({ dismissedAt: now })
        .where(openDraftOf(giverId, draftId))
        .returning({ id: referralDrafts.id });
      return rows.length === 1;
    },
  };
}
