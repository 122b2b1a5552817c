import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';
import { groups } from './groups.js';
import { members } from './members.js';

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
