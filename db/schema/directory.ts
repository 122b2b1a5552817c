import { doublePrecision, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tsvector } from './columns.js';
import { groups } from './groups.js';
import { members } from './members.js';

/**
 * The directory's search document per member (trades, offer, good referral, Warum, topics of
 * confirmed referrals), in the group's text-search configuration. Precomputed and rebuildable
 * from the tables it is made of; never authoritative.
 */
export const memberSearch = pgTable(
  'member_search',
  {
    memberId: uuid('member_id')
      .primaryKey()
      .references(() => members.id),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    document: tsvector('document').notNull(),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('member_search_group').on(t.groupId), index('member_search_document').using('gin', t.document)],
);

/**
 * Trust evidence per member and topic ('' = all topics), folded from the ledger by the same rules
 * as the trust page. Weights are stored scaled to a fixed epoch (w · 2^(t/365 d)) so that decay at
 * read time is one multiplication: precomputed, rebuildable, never authoritative.
 */
export const memberTopicStats = pgTable(
  'member_topic_stats',
  {
    memberId: uuid('member_id').notNull().references(() => members.id),
    topic: text('topic').notNull(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    positiveScaled: doublePrecision('positive_scaled').notNull().default(0),
    negativeScaled: doublePrecision('negative_scaled').notNull().default(0),
    confirmedOutcomes: integer('confirmed_outcomes').notNull().default(0),
    distinctClients: integer('distinct_clients').notNull().default(0),
    distinctGivers: integer('distinct_givers').notNull().default(0),
    /** Median seconds from referral to first contact, over this member's referrals in the topic. */
    medianFirstContactSeconds: integer('median_first_contact_seconds'),
    lastOutcomeAt: timestamp('last_outcome_at', { withTimezone: true }),
    refreshedAt: timestamp('refreshed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.topic] }), index('member_topic_stats_group').on(t.groupId, t.topic)],
);
