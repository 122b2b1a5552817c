import { boolean, integer, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.js';

/** One local circle with its members and breakfasts. */
export const groups = pgTable('groups', {
  id: uuid('id').primaryKey().defaultRandom(),
  slug: text('slug').notNull().unique(),
  name: text('name').notNull(),
  city: text('city').notNull(),
  locale: text('locale', { enum: ['de', 'en'] }).notNull().default('de'),
  /** IANA zone of the group's wall clock: breakfast times, deadlines and dates are read in it. */
  timeZone: text('time_zone').notNull().default('Europe/Berlin'),
  secondsPerIntro: integer('seconds_per_intro').notNull().default(60),
  responseDeadlineDays: integer('response_deadline_days').notNull().default(2),
  /** Group policy: one active member per trade, exceptions decided by a host. */
  oneSeatPerTrade: boolean('one_seat_per_trade').notNull().default(true),
  createdAt: createdAt(),
});
