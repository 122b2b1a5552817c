import { sql } from 'drizzle-orm';
import {
  boolean,
  customType,
  date,
  doublePrecision,
  index,
  integer,
  jsonb,
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

/** PostgreSQL full-text document; written and read with SQL (to_tsvector / @@), never parsed in JS. */
const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

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

// ─── The trust loop ──────────────────────────────────────────────────────────────────────────

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
  createdAt: createdAt(),
});

/** In-app notifications (always written, whether or not mail is configured). */
export const notifications = pgTable(
  'notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    memberId: uuid('member_id')
      .notNull()
      .references(() => members.id),
    kind: text('kind').notNull(),
    referralId: uuid('referral_id').references(() => referrals.id),
    readAt: timestamp('read_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [
    index('notifications_member').on(t.memberId, t.createdAt),
    // Every page's session query counts the unread ones: read only those.
    index('notifications_unread').on(t.memberId).where(sql`${t.readAt} is null`),
  ],
);

export const TRUST_EVENT_KINDS = [
  'referral_given',
  'feedback',
  'referrer_feedback',
  'business_closed',
  'response_overdue',
  'reversal',
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

// ─── Breakfasts and the live intro round ────────────────────────────────────────────────────

/** A scheduled meeting of a group. */
export const breakfasts = pgTable(
  'breakfasts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    durationMinutes: integer('duration_minutes').notNull().default(90),
    videoUrl: text('video_url').notNull().default(''),
    agenda: text('agenda').notNull().default(''),
    /** SHA-256 of the guest link's token; the link lets visitors register without an account. */
    guestTokenHash: text('guest_token_hash').notNull().unique(),
    createdBy: uuid('created_by').notNull().references(() => members.id),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
    createdAt: createdAt(),
  },
  (t) => [index('breakfasts_group_start').on(t.groupId, t.startsAt)],
);

/** A member's answer to "kommst du?". */
export const breakfastRsvps = pgTable(
  'breakfast_rsvps',
  {
    breakfastId: uuid('breakfast_id').notNull().references(() => breakfasts.id),
    memberId: uuid('member_id').notNull().references(() => members.id),
    answer: text('answer', { enum: ['yes', 'no', 'maybe'] }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.breakfastId, t.memberId] })],
);

/** A visitor registered through the guest link; no account. Their cookie holds a token whose hash is here. */
export const breakfastGuests = pgTable(
  'breakfast_guests',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    breakfastId: uuid('breakfast_id').notNull().references(() => breakfasts.id),
    name: text('name').notNull(),
    trade: text('trade').notNull(),
    email: text('email'),
    warum: text('warum').notNull().default(''),
    accessTokenHash: text('access_token_hash').notNull().unique(),
    createdAt: createdAt(),
  },
  (t) => [index('breakfast_guests_breakfast').on(t.breakfastId)],
);

/** Who was there: recorded from the live room, correctable by a host afterwards. */
export const breakfastAttendance = pgTable(
  'breakfast_attendance',
  {
    breakfastId: uuid('breakfast_id').notNull().references(() => breakfasts.id),
    /** A member id or a guest id. */
    attendeeId: uuid('attendee_id').notNull(),
    kind: text('kind', { enum: ['member', 'guest'] }).notNull(),
    present: boolean('present').notNull().default(true),
    firstSeenAt: timestamp('first_seen_at', { withTimezone: true }),
    correctedBy: uuid('corrected_by').references(() => members.id),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.breakfastId, t.attendeeId] })],
);

/**
 * The intro round's events (server/breakfasts/round.ts): the state is their fold. `seq` is the
 * round's version; the unique index makes two instances' concurrent appends at one position fail
 * instead of forking the round.
 */
export const roundEvents = pgTable(
  'round_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    breakfastId: uuid('breakfast_id').notNull().references(() => breakfasts.id),
    seq: integer('seq').notNull(),
    event: jsonb('event').notNull(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex('round_events_breakfast_seq').on(t.breakfastId, t.seq)],
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

// ─── Directory, one-to-ones and insights ────────────────────────────────────────────────────

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

export const ONE_TO_ONE_STATUSES = ['requested', 'declined', 'logged', 'confirmed', 'disputed'] as const;

/**
 * A one-to-one meeting between two members. Asked for from a profile (`requested`, no date yet)
 * or logged after it happened (`logged` by one side, waiting for the other); it counts as time
 * invested once both sides have confirmed. Each side's note is private to that side.
 */
export const oneToOnes = pgTable(
  'one_to_ones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    groupId: uuid('group_id').notNull().references(() => groups.id),
    requesterId: uuid('requester_id').notNull().references(() => members.id),
    partnerId: uuid('partner_id').notNull().references(() => members.id),
    status: text('status', { enum: ONE_TO_ONE_STATUSES }).notNull(),
    /** Who logged the meeting as held; the other side confirms. */
    loggedBy: uuid('logged_by').references(() => members.id),
    metOn: date('met_on'),
    durationMinutes: integer('duration_minutes'),
    requesterNote: text('requester_note').notNull().default(''),
    partnerNote: text('partner_note').notNull().default(''),
    /** A one-to-one asked for during a breakfast's intro round. */
    breakfastId: uuid('breakfast_id').references(() => breakfasts.id),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: createdAt(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('one_to_ones_requester').on(t.requesterId, t.metOn),
    index('one_to_ones_partner').on(t.partnerId, t.metOn),
    index('one_to_ones_group').on(t.groupId, t.metOn),
  ],
);
