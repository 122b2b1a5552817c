import { type AnyColumn, eq, sql } from 'drizzle-orm';
import { alias, type PgSelect } from 'drizzle-orm/pg-core';
import { accounts, feedback, members, photos, referrals, trades, trustEvents } from './schema.js';

/*
 * Select lists and joins that several capabilities' queries share. Plain column objects over the
 * tables: no database handle, no SQL of their own beyond a few derived columns.
 */

/** Whether the member has a photo; needs `photos` left-joined on the member. */
export const hasPhoto = sql<boolean>`${photos.memberId} is not null`;

/** Whether the member's account was deleted (the row stays, emptied). */
export const isDeleted = sql<boolean>`${members.deletedAt} is not null`;

/** A member by name: needs `accounts` joined on the member. */
export const memberName = { id: members.id, slug: members.slug, name: accounts.name };

/** What a member card shows (roster, live room, host list): needs `withAccountAndPhoto`. */
export const memberCard = { ...memberName, role: members.role, warum: members.warum, hasPhoto };

/** A query from `members` joined to the member's account and (if any) photo. */
export function withAccountAndPhoto<T extends PgSelect>(query: T) {
  return query.innerJoin(accounts, eq(accounts.id, members.accountId)).leftJoin(photos, eq(photos.memberId, members.id));
}

/** The two members of a referral (giver, receiver) — or of any pair, such as a one-to-one. */
export const giver = alias(members, 'giver');
export const giverAccount = alias(accounts, 'giver_account');
export const receiver = alias(members, 'receiver');
export const receiverAccount = alias(accounts, 'receiver_account');

/** Joins the giver and the receiver with their accounts (inner joins: both always exist). */
export function withParties<T extends PgSelect>(query: T, giverId: AnyColumn = referrals.giverId, receiverId: AnyColumn = referrals.receiverId) {
  return query
    .innerJoin(giver, eq(giver.id, giverId))
    .innerJoin(giverAccount, eq(giverAccount.id, giver.accountId))
    .innerJoin(receiver, eq(receiver.id, receiverId))
    .innerJoin(receiverAccount, eq(receiverAccount.id, receiver.accountId));
}

/** Who a referral is between and what about: ids only, for the ledger, notifications and access checks. */
export const referralParties = {
  groupId: referrals.groupId,
  giverId: referrals.giverId,
  receiverId: referrals.receiverId,
  clientId: referrals.clientId,
  topic: referrals.topic,
};

/** A client's feedback as its referral's parties may read it. */
export const feedbackAnswers = {
  id: feedback.id,
  contacted: feedback.contacted,
  contactSpeed: feedback.contactSpeed,
  rating: feedback.rating,
  wouldRecommend: feedback.wouldRecommend,
  comment: feedback.comment,
  commentPublic: feedback.commentPublic,
  verification: feedback.verification,
  createdAt: feedback.createdAt,
};

/** A trade as a choice in a form or filter. */
export const tradeOption = { id: trades.id, name: trades.name };

/** Trades in alphabetical order, whatever the case. */
export const byTradeName = sql`lower(${trades.name})`;

/** What the scorer and the trust page read of an event: never the chain columns. */
export const scoredColumns = {
  id: trustEvents.id,
  seq: trustEvents.seq,
  kind: trustEvents.kind,
  memberId: trustEvents.memberId,
  topic: trustEvents.topic,
  referralId: trustEvents.referralId,
  clientId: trustEvents.clientId,
  giverId: trustEvents.giverId,
  rating: trustEvents.rating,
  neverContacted: trustEvents.neverContacted,
  reversesId: trustEvents.reversesId,
  verification: trustEvents.verification,
  occurredAt: trustEvents.occurredAt,
};
