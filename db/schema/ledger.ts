import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { FEEDBACK_VERIFICATIONS, feedback } from './feedback.js';
import { groups } from './groups.js';
import { members } from './members.js';

export const TRUST_EVENT_KINDS = [
  'referral_given',
  'feedback',
  'referrer_feedback',
  'business_closed',
  'response_overdue',
  'reversal',
  /** A host's verdict on a flagged client answer (server/signals): verification = what it now weighs. */
  'feedback_reviewed',
  /**
   * An earlier client answer held back after the fact (server/signals: a later answer showed the
   * pattern, e.g. a second client of the same giver on one company domain): it weighs 0 until a
   * host's verdict, as if it had arrived flagged. verification = 'flagged'.
   */
  'feedback_held',
] as const;

/**
 * The trust ledger: append-only (a trigger rejects UPDATE, DELETE and TRUNCATE) and hash-chained
 * per group by `seq`. Ids and numbers only — never personal data.
 */
export const trustEvents = pgTable(
  'trust_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    seq: integer('seq').notNull(),
    kind: text('kind', { enum: TRUST_EVENT_KINDS }).notNull(),
    /** Whose trust the event is about: the receiver, or the giver for referrer accuracy. */
    memberId: uuid('member_id').notNull(),
    topic: text('topic'),
    referralId: uuid('referral_id'),
    clientId: uuid('client_id'),
    giverId: uuid('giver_id'),
    rating: integer('rating'),
    neverContacted: boolean('never_contacted'),
    valueCents: integer('value_cents'),
    reversesId: uuid('reverses_id'),
    /** `feedback` / `referrer_feedback` from rule version 2 on: how the answer was verified. */
    verification: text('verification', { enum: FEEDBACK_VERIFICATIONS }),
    ruleVersion: integer('rule_version').notNull().default(1),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  (t) => [
    uniqueIndex('trust_events_group_seq').on(t.groupId, t.seq),
    index('trust_events_member').on(t.memberId, t.occurredAt),
    index('trust_events_referral').on(t.referralId),
    // "Was this event reversed?" (insights, directory aggregates) without reading the member's
    // whole ledger; reversals are few, so the index is too.
    index('trust_events_reverses').on(t.reversesId).where(sql`${t.reversesId} is not null`),
  ],
);

/** Why a host corrected (reversed) a trust event. */
export const CORRECTION_REASONS = ['not_genuine', 'duplicate', 'unfair_penalty', 'entered_by_mistake'] as const;

/**
 * Who reversed a trust event by hand, and why. The ledger row itself stays ids and numbers only;
 * the reason code lives here, one row per host correction (keyed by the `reversal` event).
 */
export const trustCorrections = pgTable('trust_corrections', {
  reversalEventId: uuid('reversal_event_id')
    .primaryKey()
    .references(() => trustEvents.id),
  reversedBy: uuid('reversed_by')
    .notNull()
    .references(() => members.id),
  reason: text('reason', { enum: CORRECTION_REASONS }).notNull(),
  createdAt: createdAt(),
});
