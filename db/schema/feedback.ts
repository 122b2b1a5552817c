import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { referrals } from './referrals.js';

/**
 * How a feedback reached us: through the link mailed to the client's own address ('mailbox'),
 * through the link the giver was shown and passed on by hand ('shared'), or held back for a
 * host's review ('flagged'). Feedback from before this was recorded counts as 'shared'.
 */
export const FEEDBACK_VERIFICATIONS = ['mailbox', 'shared', 'flagged'] as const;
export type FeedbackVerification = (typeof FEEDBACK_VERIFICATIONS)[number];

/** The client's personal feedback link: only a hash of the token is kept. */
export const feedbackRequests = pgTable(
  'feedback_requests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    referralId: uuid('referral_id')
      .notNull()
      .unique()
      .references(() => referrals.id),
    tokenHash: text('token_hash').notNull().unique(),
    /**
     * The link mailed to the client is a second token, made when the mail is sent, so no token
     * is ever kept in plain text while the mail waits. Either link accepts the one submission.
     */
    mailTokenHash: text('mail_token_hash').unique(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    mailedAt: timestamp('mailed_at', { withTimezone: true }),
    usedAt: timestamp('used_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_requests_unmailed').on(t.mailedAt)],
);

/** The client's answers for one referral (one per referral). */
export const feedback = pgTable('feedback', {
  id: uuid('id').primaryKey().defaultRandom(),
  referralId: uuid('referral_id')
    .notNull()
    .unique()
    .references(() => referrals.id),
  contacted: boolean('contacted').notNull(),
  contactSpeed: text('contact_speed', { enum: ['same_day', 'within_days', 'within_week', 'later'] }),
  rating: integer('rating'),
  wouldRecommend: boolean('would_recommend'),
  comment: text('comment'),
  /** The client agreed to show the comment to the group. */
  commentPublic: boolean('comment_public').notNull().default(false),
  verification: text('verification', { enum: FEEDBACK_VERIFICATIONS }).notNull().default('shared'),
  /** Which link the client used: the one mailed to them or the one shared by hand (null: before this was recorded). */
  answeredVia: text('answered_via', { enum: ['mailbox', 'shared'] }),
  createdAt: createdAt(),
});
