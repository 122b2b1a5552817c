import { integer, jsonb, pgTable, primaryKey, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { breakfasts } from './breakfasts.js';
import { createdAt } from './columns.js';

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
