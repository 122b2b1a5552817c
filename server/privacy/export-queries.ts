import { and, asc, eq, inArray, or, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import {
  accounts,
  breakfastAttendance,
  breakfastRsvps,
  breakfasts,
  feedback,
  groups,
  members,
  memberTrades,
  notifications,
  oneToOnes,
  photos,
  referralDrafts,
  referrals,
  trades,
  trustEvents,
} from '../../db/schema.js';
import { feedbackAnswers, giverAccount, receiverAccount, withParties } from '../../db/selections.js';

const otherMember = alias(members, 'other_member');
const otherAccount = alias(accounts, 'other_account');

/** Everything the export reads about one account. Each query is scoped to the account's own member ids. */
export function exportQueries(db: Db) {
  return {
    async account(accountId: string) {
      const [row] = await db
        .select({ id: accounts.id, name: accounts.name, email: accounts.email, createdAt: accounts.createdAt, deletedAt: accounts.deletedAt })
        .from(accounts)
        .where(eq(accounts.id, accountId));
      return row;
    },

    /** Every membership, active or not, with its group, its photo's facts (not the bytes) and its trades. */
    async memberships(accountId: string) {
      return db
        .select({
          member: members,
          group: { id: groups.id, name: groups.name, city: groups.city },
          photo: {
            contentType: photos.contentType,
            bytes: sql<number>`octet_length(${photos.bytes})`.mapWith(Number),
            updatedAt: photos.updatedAt,
          },
        })
        .from(members)
        .innerJoin(groups, eq(groups.id, members.groupId))
        .leftJoin(photos, eq(photos.memberId, members.id))
        .where(eq(members.accountId, accountId))
        .orderBy(asc(members.createdAt));
    },

    async trades(memberIds: string[]) {
      return db
        .select({ memberId: memberTrades.memberId, name: trades.name, status: memberTrades.status, since: memberTrades.createdAt })
        .from(memberTrades)
        .innerJoin(trades, eq(trades.id, memberTrades.tradeId))
        .where(inArray(memberTrades.memberId, memberIds))
        .orderBy(asc(trades.name));
    },

    /** Referrals the members gave or received, with the other party's name and the client's feedback. */
    async referrals(memberIds: string[]) {
      const query = db
        .select({ referral: referrals, giverName: giverAccount.name, receiverName: receiverAccount.name, feedback: feedbackAnswers })
        .from(referrals)
        .leftJoin(feedback, eq(feedback.referralId, referrals.id))
        .$dynamic();
      return withParties(query)
        .where(or(inArray(referrals.giverId, memberIds), inArray(referrals.receiverId, memberIds)))
        .orderBy(asc(referrals.createdAt));
    },

    /** Drafts the members are to complete as givers (their own notes). */
    async drafts(memberIds: string[]) {
      return db
        .select({
          id: referralDrafts.id,
          receiverId: referralDrafts.receiverId,
          receiverName: otherAccount.name,
          note: referralDrafts.note,
          referralId: referralDrafts.referralId,
          dismissedAt: referralDrafts.dismissedAt,
          createdAt: referralDrafts.createdAt,
        })
        .from(referralDrafts)
        .innerJoin(otherMember, eq(otherMember.id, referralDrafts.receiverId))
        .innerJoin(otherAccount, eq(otherAccount.id, otherMember.accountId))
        .where(inArray(referralDrafts.giverId, memberIds))
        .orderBy(asc(referralDrafts.createdAt));
    },

    async oneToOnes(memberIds: string[]) {
      const query = db
        .select({ oneToOne: oneToOnes, requesterName: giverAccount.name, partnerName: receiverAccount.name })
        .from(oneToOnes)
        .$dynamic();
      // The requester in the giver's place, the partner in the receiver's.
      return withParties(query, oneToOnes.requesterId, oneToOnes.partnerId)
        .where(or(inArray(oneToOnes.requesterId, memberIds), inArray(oneToOnes.partnerId, memberIds)))
        .orderBy(asc(oneToOnes.createdAt));
    },

    async rsvps(memberIds: string[]) {
      return db
        .select({ breakfastId: breakfastRsvps.breakfastId, startsAt: breakfasts.startsAt, answer: breakfastRsvps.answer, updatedAt: breakfastRsvps.updatedAt })
        .from(breakfastRsvps)
        .innerJoin(breakfasts, eq(breakfasts.id, breakfastRsvps.breakfastId))
        .where(inArray(breakfastRsvps.memberId, memberIds))
        .orderBy(asc(breakfasts.startsAt));
    },

    async attendance(memberIds: string[]) {
      return db
        .select({
          breakfastId: breakfastAttendance.breakfastId,
          startsAt: breakfasts.startsAt,
          present: breakfastAttendance.present,
          firstSeenAt: breakfastAttendance.firstSeenAt,
        })
        .from(breakfastAttendance)
        .innerJoin(breakfasts, eq(breakfasts.id, breakfastAttendance.breakfastId))
        .where(and(eq(breakfastAttendance.kind, 'member'), inArray(breakfastAttendance.attendeeId, memberIds)))
        .orderBy(asc(breakfasts.startsAt));
    },

    async notifications(memberIds: string[]) {
      return db
        .select({ id: notifications.id, kind: notifications.kind, referralId: notifications.referralId, readAt: notifications.readAt, createdAt: notifications.createdAt })
        .from(notifications)
        .where(inArray(notifications.memberId, memberIds))
        .orderBy(asc(notifications.createdAt));
    },

    /** Ledger rows whose subject is one of the members. */
    async trustEvents(memberIds: string[]) {
      return db
        .select()
        .from(trustEvents)
        .where(inArray(trustEvents.memberId, memberIds))
        .orderBy(asc(trustEvents.groupId), asc(trustEvents.seq));
    },
  };
}
