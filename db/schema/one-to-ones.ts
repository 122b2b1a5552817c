import { date, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { breakfasts } from './breakfasts.js';
import { createdAt } from './columns.js';
import { groups } from './groups.js';
import { members } from './members.js';

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
