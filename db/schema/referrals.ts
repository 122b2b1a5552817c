import { index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { breakfasts } from './breakfasts.js';
import { createdAt } from './columns.js';
import { groups } from './groups.js';
import { members } from './members.js';

/**
 * A pseudonymous client identity per group: lets the ledger count "the same client once per
 * provider per 30 days" without any personal data. `key_hash` is a hash of the normalised e-mail
 * or phone; names and contact data live only on the referral, where they can be erased.
 */
export const clients = pgTable(
  'clients',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    keyHash: text('key_hash').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('clients_group_key').on(t.groupId, t.keyHash)],
);

export const REFERRAL_STATUSES = ['open', 'contacted', 'meeting', 'proposal', 'won', 'lost'] as const;

/** Giver → receiver, for a client with a need: a trust advance. */
export const referrals = pgTable(
  'referrals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    giverId: uuid('giver_id').notNull().references(() => members.id),
    receiverId: uuid('receiver_id').notNull().references(() => members.id),
    clientId: uuid('client_id').notNull().references(() => clients.id),
    topic: text('topic').notNull(),
    need: text('need').notNull(),
    /** 1 = name only … 5 = the client expects the call, the giver introduced them. */
    warmth: integer('warmth').notNull(),
    // Client personal data: visible to giver and receiver only; nulled when erased.
    clientName: text('client_name'),
    clientEmail: text('client_email'),
    clientPhone: text('client_phone'),
    clientDataErasedAt: timestamp('client_data_erased_at', { withTimezone: true }),
    status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('open'),
    contactedAt: timestamp('contacted_at', { withTimezone: true }),
    meetingAt: timestamp('meeting_at', { withTimezone: true }),
    proposalAt: timestamp('proposal_at', { withTimezone: true }),
    wonAt: timestamp('won_at', { withTimezone: true }),
    lostAt: timestamp('lost_at', { withTimezone: true }),
    valueCents: integer('value_cents'),
    lostReason: text('lost_reason'),
    /** When the response deadline passes without "contacted": reminded once, penalised once. */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    overdueAt: timestamp('overdue_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('referrals_giver').on(t.giverId, t.createdAt),
    index('referrals_receiver').on(t.receiverId, t.createdAt),
    index('referrals_due').on(t.status, t.dueAt),
  ],
);


/** "Ich habe eine Empfehlung für dich" from the round, waiting in the giver's list to be completed. */
export const referralDrafts = pgTable(
  'referral_drafts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    breakfastId: uuid('breakfast_id').references(() => breakfasts.id),
    giverId: uuid('giver_id').notNull().references(() => members.id),
    receiverId: uuid('receiver_id').notNull().references(() => members.id),
    note: text('note'),
    referralId: uuid('referral_id').references(() => referrals.id),
    dismissedAt: timestamp('dismissed_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('referral_drafts_giver').on(t.giverId, t.createdAt)],
);
