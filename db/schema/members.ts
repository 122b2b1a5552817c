import { sql } from 'drizzle-orm';
import { boolean, index, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt } from './columns.js';
import { groups } from './groups.js';

/** A person who can log in. Their memberships say which groups they belong to. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Set when the person deleted their account: name and e-mail are replaced, sessions gone. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('accounts_email_lower').on(sql`lower(${t.email})`)],
);

/** A member of one group: the profile centred on the Warum. */
export const members = pgTable(
  'members',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    slug: text('slug').notNull().unique(),
    role: text('role', { enum: ['member', 'host'] }).notNull().default('member'),
    active: boolean('active').notNull().default(true),
    warum: text('warum').notNull().default(''),
    offer: text('offer').notNull().default(''),
    goodReferral: text('good_referral').notNull().default(''),
    region: text('region').notNull().default(''),
    website: text('website').notNull().default(''),
    phone: text('phone').notNull().default(''),
    /** Public profiles are readable by anyone with the link, without contact details. */
    isPublic: boolean('is_public').notNull().default(false),
    /** Account deleted: the profile is emptied; the row stays so referrals and the ledger keep their ids. */
    deletedAt: timestamp('deleted_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('members_group_account').on(t.groupId, t.accountId),
    index('members_group').on(t.groupId),
  ],
);

/** Resized profile photos, kept in the database so every instance serves the same bytes. */
export const photos = pgTable('photos', {
  memberId: uuid('member_id')
    .primaryKey()
    .references(() => members.id),
  contentType: text('content_type').notNull(),
  bytes: bytea('bytes').notNull(),
  etag: text('etag').notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** The group's trade list (Steuerberatung, Webdesign …). */
export const trades = pgTable(
  'trades',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    name: text('name').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('trades_group_name').on(t.groupId, sql`lower(${t.name})`)],
);

/**
 * Which member practises which trade. `pending` waits for a host decision because the trade is
 * taken; `exception` is a host-approved second seat.
 */
export const memberTrades = pgTable(
  'member_trades',
  {
    memberId: uuid('member_id').notNull().references(() => members.id),
    tradeId: uuid('trade_id').notNull().references(() => trades.id),
    status: text('status', { enum: ['active', 'pending', 'exception'] }).notNull().default('active'),
    createdAt: createdAt(),
  },
  (t) => [primaryKey({ columns: [t.memberId, t.tradeId] }), index('member_trades_trade').on(t.tradeId)],
);

export const invitations = pgTable('invitations', {
  id: uuid('id').primaryKey().defaultRandom(),
  groupId: uuid('group_id').notNull().references(() => groups.id),
  tokenHash: text('token_hash').notNull().unique(),
  email: text('email'),
  /** From a member-list import: prefills the invitee's join form; the trade is taken on joining. */
  name: text('name'),
  phone: text('phone'),
  tradeId: uuid('trade_id').references(() => trades.id),
  createdBy: uuid('created_by').notNull().references(() => members.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedBy: uuid('used_by').references(() => members.id),
  createdAt: createdAt(),
});
