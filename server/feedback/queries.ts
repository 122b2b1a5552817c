import { and, asc, desc, eq, gt, isNotNull, isNull, lte, ne, or, sql } from 'drizzle-orm';
import type { PgSelect } from 'drizzle-orm/pg-core';
import type { Db } from '../../db/client.js';
import { feedback, feedbackRequests, groups, referrals } from '../../db/schema.js';
import { giverAccount, receiver, receiverAccount, referralParties, withParties } from '../../db/selections.js';

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

/** A query from feedback requests joined to the referral, its group and both parties. */
function withReferral<T extends PgSelect>(query: T) {
  return withParties(query.innerJoin(referrals, eq(referrals.id, feedbackRequests.referralId)).innerJoin(groups, eq(groups.id, referrals.groupId)));
}

/** The giver's link or the mailed link: either one opens the request. */
function byEitherToken(tokenHash: string) {
  return or(eq(feedbackRequests.tokenHash, tokenHash), eq(feedbackRequests.mailTokenHash, tokenHash));
}

export type FeedbackLinkRow = NonNullable<Awaited<ReturnType<ReturnType<typeof feedbackQueries>['findLink']>>>;
export type MailCandidate = Awaited<ReturnType<ReturnType<typeof feedbackQueries>['dueForMail']>>[number];

/** What the client's feedback page and its mail need; the client's contact data only where the mail needs it. */
export function feedbackQueries(db: Db) {
  return {
    /** Comments clients agreed to show to the group, about one receiver, newest first; no client data. */
    async commentsSharedAbout(receiverId: string, limit: number) {
      return db
        .select({ comment: feedback.comment, rating: feedback.rating, createdAt: feedback.createdAt, topic: referrals.topic })
        .from(feedback)
        .innerJoin(referrals, eq(referrals.id, feedback.referralId))
        .where(and(eq(referrals.receiverId, receiverId), eq(feedback.commentPublic, true), isNotNull(feedback.comment)))
        .orderBy(desc(feedback.createdAt))
        .limit(limit);
    },
    /** The request behind a link with what its page shows: never the client's e-mail or phone. */
    async findLink(tokenHash: string) {
      const query = db
        .select({
          requestId: feedbackRequests.id,
          referralId: feedbackRequests.referralId,
          giverId: referrals.giverId,
          receiverId: referrals.receiverId,
          expiresAt: feedbackRequests.expiresAt,
          usedAt: feedbackRequests.usedAt,
          groupName: groups.name,
          groupLocale: groups.locale,
          topic: referrals.topic,
          clientName: referrals.clientName,
          clientDataErasedAt: referrals.clientDataErasedAt,
          giverName: giverAccount.name,
          receiverName: receiverAccount.name,
          receiverSlug: receiver.slug,
          receiverWarum: receiver.warum,
          receiverPublic: receiver.isPublic,
          receiverActive: receiver.active,
        })
        .from(feedbackRequests)
        .$dynamic();
      const [row] = await withReferral(query).where(byEitherToken(tokenHash)).limit(1);
      return row;
    },

    /**
     * Marks the request answered, if it still may be: the one-submission rule. Of concurrent
     * submissions the first takes the row lock; the others re-check `used_at` after it commits
     * and get no row.
     */
    async claimRequest(tokenHash: string, now: Date) {
      const [row] = await db
        .update(feedbackRequests)
        .set({ usedAt: now })
        .where(and(byEitherToken(tokenHash), isNull(feedbackRequests.usedAt), gt(feedbackRequests.expiresAt, now)))
        .returning({
          referralId: feedbackRequests.referralId,
          // Which of the two links was used: the one mailed to the client, or the one the giver was shown.
          viaMail: sql<boolean>`coalesce(${feedbackRequests.mailTokenHash} = ${tokenHash}, false)`,
        });
      return row;
    },

    /** Who the referral is between: ids only, for the ledger and the notifications. */
    async referralParties(referralId: string) {
      const [row] = await db
        .select({ referralId: referrals.id, ...referralParties })
        .from(referrals)
        .where(eq(referrals.id, referralId));
      return row;
    },

    async insertFeedback(row: typeof feedback.$inferInsert) {
      const [created] = await db.insert(feedback).values(row).returning({ id: feedback.id });
      return created!;
    },

    /**
     * Requests whose link should be mailed to the client now: the client has an e-mail address, the
     * link is neither mailed nor answered nor expired, and the receiver has moved the referral past
     * "open" or the referral is older than `createdBefore`.
     */
    async dueForMail(now: Date, createdBefore: Date, limit: number) {
      const query = db
        .select({
          requestId: feedbackRequests.id,
          expiresAt: feedbackRequests.expiresAt,
          groupId: groups.id,
          groupName: groups.name,
          groupLocale: groups.locale,
          groupTimeZone: groups.timeZone,
          topic: referrals.topic,
          clientName: referrals.clientName,
          clientEmail: referrals.clientEmail,
          giverName: giverAccount.name,
          receiverName: receiverAccount.name,
        })
        .from(feedbackRequests)
        .$dynamic();
      return withReferral(query)
        .where(
          and(
            isNull(feedbackRequests.mailedAt),
            isNull(feedbackRequests.usedAt),
            gt(feedbackRequests.expiresAt, now),
            isNull(referrals.clientDataErasedAt),
            isNotNull(referrals.clientEmail),
            ne(sql`trim(${referrals.clientEmail})`, ''),
            or(ne(referrals.status, 'open'), lte(referrals.createdAt, createdBefore)),
          ),
        )
        .orderBy(asc(feedbackRequests.createdAt))
        .limit(limit);
    },

    /**
     * Takes one request for mailing with the hash of its new mail token. Only one caller (of any
     * instance) gets the row; it may have been answered, mailed or erased since it was listed.
     */
    async claimForMail(requestId: string, mailTokenHash: string, now: Date) {
      const [row] = await db
        .update(feedbackRequests)
        .set({ mailTokenHash, mailedAt: now })
        .where(
          and(
            eq(feedbackRequests.id, requestId),
            isNull(feedbackRequests.mailedAt),
            isNull(feedbackRequests.usedAt),
            gt(feedbackRequests.expiresAt, now),
            // The giver may have erased the client's data since the request was listed.
            sql`exists (select 1 from ${referrals} where ${referrals.id} = ${feedbackRequests.referralId} and ${referrals.clientDataErasedAt} is null)`,
          ),
        )
        .returning({ requestId: feedbackRequests.id });
      return row;
    },
  };
}
