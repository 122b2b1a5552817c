import { and, asc, eq, exists, gt, inArray, isNotNull, isNull, lte, ne, notInArray, or, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  breakfastRsvps,
  breakfasts,
  feedback,
  feedbackRequests,
  groups,
  invitations,
  members,
  memberSearch,
  memberTrades,
  notifications,
  oneToOnes,
  outbox,
  passwordResets,
  photos,
  referralDrafts,
  referrals,
  sessions,
} from '../../db/schema.js';

/** The writes of an account deletion; the service runs them in one transaction. */
export function deletionQueries(db: Db) {
  return {
    /** The account's memberships with their groups (all of them, active or not). */
    async memberships(accountId: string) {
      return db
        .select({ id: members.id, groupId: members.groupId, groupName: groups.name, role: members.role, active: members.active, locale: groups.locale })
        .from(members)
        .innerJoin(groups, eq(groups.id, members.groupId))
        .where(eq(members.accountId, accountId))
        .orderBy(asc(members.createdAt));
    },

    async anonymiseAccount(accountId: string, values: { name: string; email: string; passwordHash: string }, now: Date) {
      await db
        .update(accounts)
        .set({ ...values, deletedAt: now })
        .where(eq(accounts.id, accountId));
    },

    /** Empties the profiles and takes the members out of their groups; the rows stay for the ids. */
    async emptyMembers(memberIds: string[], slugOf: (memberId: string) => string, now: Date) {
      for (const memberId of memberIds) {
        await db
          .update(members)
          .set({
            slug: slugOf(memberId),
            role: 'member',
            active: false,
            warum: '',
            offer: '',
            goodReferral: '',
            region: '',
            website: '',
            phone: '',
            isPublic: false,
            deletedAt: now,
            updatedAt: now,
          })
          .where(eq(members.id, memberId));
      }
    },

    /** Photo, trade seats (freeing them), search document and notifications of the members. */
    async deleteMemberData(memberIds: string[]) {
      await db.delete(photos).where(inArray(photos.memberId, memberIds));
      await db.delete(memberTrades).where(inArray(memberTrades.memberId, memberIds));
      await db.delete(memberSearch).where(inArray(memberSearch.memberId, memberIds));
      await db.delete(notifications).where(inArray(notifications.memberId, memberIds));
    },

    /** Answers for breakfasts still to come: nobody should expect a deleted member at the table. */
    async deleteUpcomingRsvps(memberIds: string[], now: Date) {
      await db
        .delete(breakfastRsvps)
        .where(
          and(
            inArray(breakfastRsvps.memberId, memberIds),
            inArray(breakfastRsvps.breakfastId, db.select({ id: breakfasts.id }).from(breakfasts).where(gt(breakfasts.startsAt, now))),
          ),
        );
    },

    /** Their own notes on one-to-ones; the other side's notes are the other side's. */
    async emptyOneToOneNotes(memberIds: string[], now: Date) {
      await db.update(oneToOnes).set({ requesterNote: '', updatedAt: now }).where(inArray(oneToOnes.requesterId, memberIds));
      await db.update(oneToOnes).set({ partnerNote: '', updatedAt: now }).where(inArray(oneToOnes.partnerId, memberIds));
    },

    /** Drafts they were to complete lose their notes and are closed; drafts waiting for them as receiver are closed. */
    async closeDrafts(memberIds: string[], now: Date) {
      await db.update(referralDrafts).set({ note: null }).where(inArray(referralDrafts.giverId, memberIds));
      await db
        .update(referralDrafts)
        .set({ dismissedAt: now })
        .where(
          and(
            or(inArray(referralDrafts.giverId, memberIds), inArray(referralDrafts.receiverId, memberIds)),
            isNull(referralDrafts.referralId),
            isNull(referralDrafts.dismissedAt),
          ),
        );
    },

    async endSessionsAndResets(accountId: string) {
      await db.delete(sessions).where(eq(sessions.accountId, accountId));
      await db.delete(passwordResets).where(eq(passwordResets.accountId, accountId));
    },

    /**
     * The address on invitations they were invited with (used by one of their seats) or that were
     * made out to their old address: the host's invitation list would go on showing it. Name and
     * phone from a member-list import go with it.
     */
    async forgetInvitationEmail(memberIds: string[], email: string) {
      const theirs = sql`lower(${invitations.email}) = lower(${email})`;
      await db
        .update(invitations)
        .set({ email: null, name: null, phone: null })
        .where(memberIds.length > 0 ? or(inArray(invitations.usedBy, memberIds), theirs) : theirs);
    },

    /**
     * Referrals they received that are not finished yet, with the giver to tell (unless the giver
     * is gone too): nobody will answer them any more.
     */
    async unfinishedReferralsReceived(memberIds: string[]) {
      return db
        .select({ id: referrals.id, giverId: referrals.giverId })
        .from(referrals)
        .innerJoin(members, eq(members.id, referrals.giverId))
        .where(and(inArray(referrals.receiverId, memberIds), notInArray(referrals.status, ['won', 'lost']), isNull(members.deletedAt)));
    },

    /** Mail addressed to the person (hosts can read the outbox): nobody needs it once they are gone. */
    async deleteMailTo(email: string) {
      await db.delete(outbox).where(sql`lower(${outbox.recipient}) = lower(${email})`);
    },
  };
}

/**
 * What the retention job reads and writes. Erasing a referral's client data itself is the referrals
 * capability's query (referralQueries.eraseClientData); these find what is due and clean up around it.
 */
export function retentionQueries(db: Db) {
  return {
    /**
     * Referrals whose client data is due: answered before `cutoff`, or never answered, the link
     * expired by `now` and given before `cutoff`. A referral without a link counts as expired.
     */
    async dueReferrals(now: Date, cutoff: Date, limit: number) {
      return db
        .select({ id: referrals.id, groupId: referrals.groupId, clientEmail: referrals.clientEmail })
        .from(referrals)
        .leftJoin(feedback, eq(feedback.referralId, referrals.id))
        .leftJoin(feedbackRequests, eq(feedbackRequests.referralId, referrals.id))
        .where(
          and(
            isNull(referrals.clientDataErasedAt),
            or(
              and(isNotNull(feedback.id), lte(feedback.createdAt, cutoff)),
              and(
                isNull(feedback.id),
                lte(referrals.createdAt, cutoff),
                or(isNull(feedbackRequests.id), lte(feedbackRequests.expiresAt, now)),
              ),
            ),
          ),
        )
        .orderBy(asc(referrals.createdAt))
        .limit(limit);
    },

    /** The client's own words, once the feedback is older than the retention period. */
    async eraseOldComments(cutoff: Date) {
      const rows = await db
        .update(feedback)
        .set({ comment: null, commentPublic: false })
        .where(and(isNotNull(feedback.comment), lte(feedback.createdAt, cutoff)))
        .returning({ id: feedback.id });
      return rows.length;
    },

    /**
     * The feedback-link mails to the client (hosts can read the outbox): same group, same address.
     * Mail still waiting to go out is deleted too once no link for that address in the group can
     * still be answered (used or expired): it could only deliver a dead link. While another
     * referral's link to the same client is live, a pending mail may carry it and is left to the sender.
     */
    async deleteClientMail(groupId: string, email: string, now: Date) {
      const liveLink = db
        .select({ one: sql`1` })
        .from(referrals)
        .innerJoin(feedbackRequests, eq(feedbackRequests.referralId, referrals.id))
        .where(
          and(
            eq(referrals.groupId, groupId),
            sql`lower(${referrals.clientEmail}) = lower(${email})`,
            isNull(feedbackRequests.usedAt),
            gt(feedbackRequests.expiresAt, now),
          ),
        );
      await db
        .delete(outbox)
        .where(
          and(
            eq(outbox.groupId, groupId),
            sql`lower(${outbox.recipient}) = lower(${email})`,
            or(ne(outbox.status, 'pending'), sql`not ${exists(liveLink)}`),
          ),
        );
    },
  };
}
