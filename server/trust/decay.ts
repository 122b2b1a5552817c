import { DAY_MS } from '../shared/time.js';

/** Old evidence fades at read time; the ledger itself never changes. */
export const HALF_LIFE_DAYS = 365;

export { DAY_MS };

/** Age in days at `now`. An event stamped after `now` (clock skew) counts as brand new, never negative. */
export function ageInDays(occurredAt: Date, now: Date): number {
  return Math.max(0, now.getTime() - occurredAt.getTime()) / DAY_MS;
}

/** 2^(−age / 365 days): a year-old outcome weighs half, a two-year-old one a quarter. */
export function decayFactor(occurredAt: Date, now: Date): number {
  return 2 ** (-ageInDays(occurredAt, now) / HALF_LIFE_DAYS);
}
