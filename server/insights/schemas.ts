/**
 * The shapes of the aggregate rows the insights queries return. Those queries are hand-written
 * SQL (unions and ordered-set aggregates the query builder cannot express), so their rows are
 * checked here; numbers are coerced because the two drivers differ (postgres.js returns bigint
 * and numeric as strings, PGlite as numbers).
 */
import { z } from 'zod';
import { uuid } from '../shared/fields.js';

const count = z.coerce.number().int().nonnegative();
const month = z.string().regex(/^\d{4}-\d{2}$/);
const side = z.enum(['given', 'received']);

export const referralMonthRow = z.object({
  side,
  kind: z.enum(['referral', 'confirmed', 'confirmed_referral', 'won']),
  month,
  count,
  cents: z.coerce.number().nonnegative(),
});

export const responseRow = z.object({
  side,
  referrals: count,
  contacted: count,
  medianSeconds: z.coerce.number().nonnegative().nullable(),
});

export const timeMonthRow = z.object({
  kind: z.enum(['breakfast', 'one_to_one']),
  month,
  count,
  minutes: count,
});

export const memberMonthRow = z.object({
  memberId: uuid,
  month,
  given: count,
  received: count,
  confirmed: count,
  won: count,
  wonCents: z.coerce.number().nonnegative(),
  overdue: count,
});
