import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { feedback } from './feedback.js';
import { groups } from './groups.js';
import { members } from './members.js';

/**
 * Keys this installation made for itself, once, so that every instance shares them (the HMAC key
 * of the signals when SIGNAL_HASH_SECRET is not configured). Never shown, never exported.
 */
export const installationSecrets = pgTable('installation_secrets', {
  name: text('name').primaryKey(),
  value: text('value').notNull(),
  createdAt: createdAt(),
});

/**
 * A member was seen using Kreis from a device (the first-party `kreis_device` cookie) and a network
 * (the /24 of an IPv4 or /48 of an IPv6 address). Both are HMAC hashes: no cookie value and no
 * address is stored. At most one row per member, device and network per hour; deleted after
 * `expires_at` (90 days). Used only to tell whether a client's answer came from a member's device
 * or network (server/signals).
 */
export const deviceSightings = pgTable(
  'device_sightings',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    deviceHash: text('device_hash').notNull(),
    networkHash: text('network_hash'),
    seenAt: timestamp('seen_at', { withTimezone: true }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  },
  (t) => [
    index('device_sightings_member').on(t.memberId, t.seenAt),
    index('device_sightings_device').on(t.deviceHash),
    index('device_sightings_network').on(t.groupId, t.networkHash),
    index('device_sightings_expiry').on(t.expiresAt),
  ],
);

/** Why a client's answer was held back for a host's review (plain words: locales signals.reason.*). */
export const SIGNAL_REASONS = ['same_device', 'same_network', 'same_email_domain', 'client_for_several_receivers', 'clients_share_domain', 'answered_quickly'] as const;
export type SignalReason = (typeof SIGNAL_REASONS)[number];

/** The link a flagged answer came through: what it weighs if a host finds it genuine. */
export const LINK_KINDS = ['mailbox', 'shared'] as const;
export type LinkKind = (typeof LINK_KINDS)[number];

export const REVIEW_VERDICTS = ['genuine', 'not_genuine'] as const;
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];

/**
 * A client's answer held back (verification 'flagged') with the signals that tripped. The reasons
 * are cleared after `expires_at` (a year); the verdict stays, and the ledger keeps its own
 * `feedback_reviewed` event either way. The first verdict is final.
 */
export const feedbackFlags = pgTable(
  'feedback_flags',
  {
    feedbackId: uuid('feedback_id')
      .primaryKey()
      .references(() => feedback.id),
    groupId: uuid('group_id')
      .notNull()
      .references(() => groups.id),
    /** Empty once the retention date passed. */
    reasons: text('reasons').array().notNull(),
    linkKind: text('link_kind', { enum: LINK_KINDS }).notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    verdict: text('verdict', { enum: REVIEW_VERDICTS }),
    reviewedBy: uuid('reviewed_by').references(() => members.id),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('feedback_flags_open').on(t.groupId, t.verdict), index('feedback_flags_expiry').on(t.expiresAt)],
);

