import { describe, expect, it } from 'vitest';
import { formatDate, formatWhen } from '../../server/shared/time.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';
const now = new Date('2025-12-01T10:00:00Z');

describe('formatWhen: a moment with weekday and a 24-hour time', () => {
  it('writes the weekday, day, month and time in German and English', () => {
    const breakfast = new Date('2025-12-09T06:30:00Z'); // Tuesday, 07:30 in Berlin
    expect(formatWhen(breakfast, 'de', BERLIN, { now })).toBe('Di., 9. Dez., 07:30');
    expect(formatWhen(breakfast, 'en', BERLIN, { now })).toBe('Tue, 9 Dec, 07:30');
  });

  it('reads the instant on the group’s clock: the same instant is Monday evening in New York', () => {
    const instant = new Date('2025-12-09T02:15:00Z');
    expect(formatWhen(instant, 'de', BERLIN, { now })).toBe('Di., 9. Dez., 03:15');
    expect(formatWhen(instant, 'en', NEW_YORK, { now })).toBe('Mon, 8 Dec, 21:15');
  });

  it('shows a deadline at midnight as 23:59 of the day before, in either language', () => {
    const midnight = new Date('2025-12-09T23:00:00Z'); // Wednesday 00:00 in Berlin
    expect(formatWhen(midnight, 'de', BERLIN, { deadline: true, now })).toBe('Di., 9. Dez., 23:59');
    expect(formatWhen(midnight, 'en', BERLIN, { deadline: true, now })).toBe('Tue, 9 Dec, 23:59');
    // Not a deadline (a breakfast at midnight): the time stays as it is.
    expect(formatWhen(midnight, 'de', BERLIN, { now })).toBe('Mi., 10. Dez., 00:00');
    // A deadline a minute later is not moved.
    expect(formatWhen(new Date('2025-12-09T23:01:00Z'), 'de', BERLIN, { deadline: true, now })).toBe('Mi., 10. Dez., 00:01');
  });

  it('moves a midnight deadline over a year boundary and then names the year', () => {
    const newYear = new Date('2025-12-31T23:00:00Z'); // 1 January 2026, 00:00 in Berlin
    expect(formatWhen(newYear, 'de', BERLIN, { deadline: true, now })).toBe('Mi., 31. Dez., 23:59');
    expect(formatWhen(new Date('2026-01-02T09:00:00Z'), 'en', BERLIN, { now })).toBe('Fri, 2 Jan 2026, 10:00');
  });

  it('keeps the wall time across the change to summer time', () => {
    // 29 March 2026: Berlin moves from UTC+1 to UTC+2; midnight of the 30th is 22:00 UTC.
    expect(formatWhen(new Date('2026-03-29T22:00:00Z'), 'de', BERLIN, { deadline: true, now: new Date('2026-03-01T00:00:00Z') })).toBe('So., 29. März, 23:59');
  });

  it('is what formatDate writes for the "datetime" and "deadline" styles', () => {
    const midnight = new Date('2025-12-09T23:00:00Z');
    expect(formatDate(midnight, 'en', 'deadline', BERLIN, now)).toBe('Tue, 9 Dec, 23:59');
    expect(formatDate(midnight, 'en', 'datetime', BERLIN, now)).toBe('Wed, 10 Dec, 00:00');
  });
});
