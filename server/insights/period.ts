/**
 * The window every insight looks at: the current calendar month and the eleven before it, as the
 * group lives them in its time zone. A referral given at 00:30 on 1 March Berlin time belongs to
 * March in a Berlin group, although it is still February in UTC. Pure: the clock's `now` comes in.
 */
import { DEFAULT_TIME_ZONE, localDate, localToUtc } from '../shared/time.js';

export const PERIOD_MONTHS = 12;

/** "2026-03": a calendar month on the group's calendar. */
export type MonthKey = string;

export type Period = {
  /** Oldest first; the last one is the current month. */
  months: MonthKey[];
  /** The group's time zone: months and days are read in it. */
  timeZone: string;
  /** Midnight on the group's clock on the first day of the first month. */
  from: Date;
  /** The clock's now: nothing after it counts. */
  to: Date;
  /** The same bounds as the group's calendar days, for date columns (one-to-ones' `met_on`). */
  fromDay: string;
  toDay: string;
};

/** The month `offset` months after `month` ("2026-01", −1 → "2025-12"). */
export function shiftMonth(month: MonthKey, offset: number): MonthKey {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  const index = year * 12 + (mon - 1) + offset;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

export function periodEnding(now: Date, timeZone: string = DEFAULT_TIME_ZONE, count: number = PERIOD_MONTHS): Period {
  const today = localDate(now, timeZone);
  const current = today.slice(0, 7);
  const months = Array.from({ length: count }, (_, i) => shiftMonth(current, i - (count - 1)));
  const fromDay = `${months[0]}-01`;
  return { months, timeZone, from: localToUtc(fromDay, '00:00', timeZone)!, to: now, fromDay, toDay: today };
}

/** Noon UTC in the middle of the month: inside that month in every time zone, for formatting its name. */
export function monthDate(month: MonthKey): Date {
  const [year, mon] = month.split('-').map(Number) as [number, number];
  return new Date(Date.UTC(year, mon - 1, 15, 12));
}
