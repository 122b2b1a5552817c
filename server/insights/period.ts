/**
 * The window every insight looks at: the current calendar month and the eleven before it, as the
 * group lives them in Berlin. A referral given at 00:30 on 1 March Berlin time belongs to March,
 * although it is still February in UTC. Pure: the clock's `now` comes in.
 */
import { BREAKFAST_TIME_ZONE, berlinToUtc, utcToBerlin } from '../shared/time.js';

export const INSIGHTS_TIME_ZONE = BREAKFAST_TIME_ZONE;
export const PERIOD_MONTHS = 12;

/** "2026-03": a calendar month in Berlin. */
export type MonthKey = string;

export type Period = {
  /** Oldest first; the last one is the current month. */
  months: MonthKey[];
  /** Midnight in Berlin on the first day of the first month. */
  from: Date;
  /** The clock's now: nothing after it counts. */
  to: Date;
  /** The same bounds as Berlin calendar days, for date columns (one-to-ones' `met_on`). */
  fromDay: string;
  toDay: string;
};

/** The month `offset` months after `month` ("2026-01", −1 → "2025-12"). */
export function shiftMonth(month: MonthKey, offset: number): MonthKey {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function periodEnding(now: Date, count: number = PERIOD_MONTHS): Period {
  const today = utcToBerlin(now).date;
  const current = today.slice(0, 7);
  const months = Array.from({ length: count }, (_, i) => shiftMonth(current, i - (count - 1)));
  const fromDay = `${months[0]}-01`;
  return { months, from: berlinToUtc(fromDay, '00:00')!, to: now, fromDay, toDay: today };
}

/** An instant in the middle of the month, for formatting its name without time-zone edge cases. */
export function monthDate(month: MonthKey): Date {
  return berlinToUtc(`${month}-15`, '12:00')!;
}
