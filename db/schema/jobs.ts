import { integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

/**
 * The last run of each periodic job (server/jobs), whichever instance ran it: shown on the
 * host's health page. Operational state only; no change notice (it would empty every cache).
 */
export const jobRuns = pgTable('job_runs', {
  name: text('name').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
  durationMs: integer('duration_ms').notNull(),
  /** null when the run succeeded; the error's message otherwise. */
  error: text('error'),
  /** The last successful run, kept when a later one fails. */
  lastSuccessAt: timestamp('last_success_at', { withTimezone: true }),
});
