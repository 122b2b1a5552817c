import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../server/referrals/working-days.js';

/** Berlin wall time → the instant, written out so each case reads like a calendar. */
const at = (iso: string) => new Date(iso);

describe('addWorkingDays (Europe/Berlin)', () => {
  it('skips the weekend: Friday 10:00 + 2 → Tuesday 10:00', () => {
    expect(addWorkingDays(at('2026-11-27T10:00:00+01:00'), 2).toISOString()).toBe(at('2026-12-01T10:00:00+01:00').toISOString());
  });

  it('counts plain weekdays: Monday 09:30 + 2 → Wednesday 09:30', () => {
    expect(addWorkingDays(at('2026-11-23T09:30:00+01:00'), 2).toISOString()).toBe(at('2026-11-25T09:30:00+01:00').toISOString());
  });

  it('Friday + 1 → Monday, at the same time', () => {
    expect(addWorkingDays(at('2026-11-27T16:45:00+01:00'), 1).toISOString()).toBe(at('2026-11-30T16:45:00+01:00').toISOString());
  });

  it('starts a weekend referral on Monday at midnight', () => {
    expect(addWorkingDays(at('2026-11-28T15:00:00+01:00'), 2).toISOString()).toBe(at('2026-12-02T00:00:00+01:00').toISOString());
    expect(addWorkingDays(at('2026-11-29T23:59:00+01:00'), 1).toISOString()).toBe(at('2026-12-01T00:00:00+01:00').toISOString());
  });

  it('uses the Berlin calendar day, not the UTC one', () => {
    // Saturday 00:30 in Berlin is still Friday 23:30 in UTC: the weekend has begun.
    expect(addWorkingDays(at('2026-11-28T00:30:00+01:00'), 1).toISOString()).toBe(at('2026-12-01T00:00:00+01:00').toISOString());
    // Friday 23:30 in Berlin is Friday in UTC too, and keeps its time.
    expect(addWorkingDays(at('2026-11-27T23:30:00+01:00'), 1).toISOString()).toBe(at('2026-11-30T23:30:00+01:00').toISOString());
  });

  it('keeps the wall time across a clock change (summer time ends on Sunday 25 October 2026)', () => {
    expect(addWorkingDays(at('2026-10-23T10:00:00+02:00'), 1).toISOString()).toBe(at('2026-10-26T10:00:00+01:00').toISOString());
    // …and when summer time begins (Sunday 29 March 2026).
    expect(addWorkingDays(at('2026-03-27T10:00:00+01:00'), 1).toISOString()).toBe(at('2026-03-30T10:00:00+02:00').toISOString());
  });

  it('spans several weeks and the turn of the year', () => {
    expect(addWorkingDays(at('2026-12-30T12:00:00+01:00'), 10).toISOString()).toBe(at('2027-01-13T12:00:00+01:00').toISOString());
  });

  it('with zero days: the same moment on a weekday, Monday 00:00 at the weekend', () => {
    expect(addWorkingDays(at('2026-11-25T08:00:00+01:00'), 0).toISOString()).toBe(at('2026-11-25T08:00:00+01:00').toISOString());
    expect(addWorkingDays(at('2026-11-28T08:00:00+01:00'), 0).toISOString()).toBe(at('2026-11-30T00:00:00+01:00').toISOString());
  });

  it('keeps milliseconds', () => {
    expect(addWorkingDays(at('2026-11-23T09:30:00.123+01:00'), 1).toISOString()).toBe(at('2026-11-24T09:30:00.123+01:00').toISOString());
  });

  it('refuses negative or fractional days', () => {
    expect(() => addWorkingDays(new Date(), -1)).toThrow(RangeError);
    expect(() => addWorkingDays(new Date(), 1.5)).toThrow(RangeError);
  });

  it('never lands on a weekend and never moves backwards', () => {
    for (let hour = 0; hour < 24 * 14; hour += 5) {
      const start = new Date(Date.UTC(2026, 2, 20, hour, 17));
      for (const days of [1, 2, 3, 5]) {
        const due = addWorkingDays(start, days);
        const weekday = new Intl.DateTimeFormat('en-US', { timeZone: 'Europe/Berlin', weekday: 'short' }).format(due);
        expect(['Sat', 'Sun']).not.toContain(weekday);
        expect(due.getTime()).toBeGreaterThan(start.getTime());
      }
    }
  });
});
