import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (value) => (Buffer.isBuffer(value) ? value : Buffer.from(value)),
});

const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** One local circle with its members and breakfasts. */
export const groups = pgTable('groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  city: text('city').notNull(),
  locale: text('locale', { enum: ['de', 'en'] }).notNull().default('de'),
  secondsPerIntro: integer('seconds_per_intro').notNull().default(60),
  responseDeadlineDays: integer('response_deadline_days').notNull().default(2),
  /** Group policy: one active member per trade, exceptions decided by a host. */
  oneSeatPerTrade: boolean('one_seat_per_trade').notNull().default(true),
  createdAt: createdAt(),
});

/** A person who can log in. Their memberships say which groups they belong to. */
export const accounts = pgTable(
  'accounts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
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
  createdBy: uuid('created_by').notNull().references(() => members.id),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  usedBy: uuid('used_by').references(() => members.id),
  createdAt: createdAt(),
});

export const passwordResets = pgTable('password_resets', {
  id: uuid('id').primaryKey().defaultRandom(),
  accountId: uuid('account_id').notNull().references(() => accounts.id),
  tokenHash: text('token_hash').notNull().unique(),
  expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
  usedAt: timestamp('used_at', { withTimezone: true }),
  createdAt: createdAt(),
});

/** Sessions as lucia-auth.com teaches: the id is public, only a SHA-256 of the secret is stored. */
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    secretHash: bytea('secret_hash').notNull(),
    accountId: uuid('account_id').notNull().references(() => accounts.id),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_account').on(t.accountId)],
);

/** Every mail is written here first; a sender delivers it (SMTP) or hosts read it in the app. */
export const outbox = pgTable(
  'outbox',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').references(() => groups.id),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    status: text('status', { enum: ['pending', 'sent', 'kept'] }).notNull().default('pending'),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
    sentAt: timestamp('sent_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('outbox_due').on(t.status, t.nextAttemptAt)],
);
