import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { addWorkingDays } from '../../server/referrals/working-days.js';
import {
  DEFAULT_TIME_ZONE,
  formatCalendarDate,
  formatDate,
  localDate,
  localToUtc,
  utcToLocal,
  wallClock,
} from '../../server/shared/time.js';

const BERLIN = 'Europe/Berlin';
const NEW_YORK = 'America/New_York';

describe('the default time zone', () => {
  it('is Berlin, the same as the groups table’s column default', () => {
    expect(DEFAULT_TIME_ZONE).toBe(BERLIN);
    const schema = readFileSync(new URL('../../db/schema/groups.ts', import.meta.url), 'utf8');
    expect(schema).toContain(`timeZone: text('time_zone').notNull().default('${DEFAULT_TIME_ZONE}')`);
  });
});

describe('local time ↔ UTC on the DST change days in Europe/Berlin', () => {
  it('spring forward (29 March 2026): 01:59 is +1, 03:00 is +2, the skipped 02:30 lands an hour later', () => {
    expect(localToUtc('2026-03-29', '01:59', BERLIN)?.toISOString()).toBe('2026-03-29T00:59:00.000Z');
    expect(localToUtc('2026-03-29', '03:00', BERLIN)?.toISOString()).toBe('2026-03-29T01:00:00.000Z');
    expect(localToUtc('2026-03-29', '02:30', BERLIN)?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(utcToLocal(new Date('2026-03-29T00:59:00Z'), BERLIN)).toEqual({ date: '2026-03-29', time: '01:59' });
    expect(utcToLocal(new Date('2026-03-29T01:00:00Z'), BERLIN)).toEqual({ date: '2026-03-29', time: '03:00' });
  });

  it('fall back (25 October 2026): 02:30 happens twice and resolves to the second, in winter time', () => {
    expect(localToUtc('2026-10-25', '02:30', BERLIN)?.toISOString()).toBe('2026-10-25T01:30:00.000Z');
    expect(localToUtc('2026-10-25', '01:59', BERLIN)?.toISOString()).toBe('2026-10-24T23:59:00.000Z');
    expect(localToUtc('2026-10-25', '03:00', BERLIN)?.toISOString()).toBe('2026-10-25T02:00:00.000Z');
    // Both instants read 02:30 on the wall.
    expect(utcToLocal(new Date('2026-10-25T00:30:00Z'), BERLIN).time).toBe('02:30');
    expect(utcToLocal(new Date('2026-10-25T01:30:00Z'), BERLIN).time).toBe('02:30');
  });

  it('refuses dates and times that do not exist on any calendar', () => {
    expect(localToUtc('2026-02-29', '07:30', BERLIN)).toBeNull();
    expect(localToUtc('2028-02-29', '07:30', BERLIN)?.toISOString()).toBe('2028-02-29T06:30:00.000Z');
    expect(localToUtc('2026-12-03', '23:60', BERLIN)).toBeNull();
    expect(localToUtc('2026-12-03', '7:30', BERLIN)).toBeNull();
  });
});

describe('a group in America/New_York', () => {
  it('reads 07:30 as UTC−5 in winter and UTC−4 in summer', () => {
    expect(localToUtc('2026-12-03', '07:30', NEW_YORK)?.toISOString()).toBe('2026-12-03T12:30:00.000Z');
    expect(localToUtc('2026-07-01', '07:30', NEW_YORK)?.toISOString()).toBe('2026-07-01T11:30:00.000Z');
  });

  it('changes its clocks on its own days: 8 March 2026, when Berlin is still on winter time', () => {
    expect(localToUtc('2026-03-08', '02:30', NEW_YORK)?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localToUtc('2026-03-08', '03:30', NEW_YORK)?.toISOString()).toBe('2026-03-08T07:30:00.000Z');
    expect(localToUtc('2026-03-08', '07:30', BERLIN)?.toISOString()).toBe('2026-03-08T06:30:00.000Z');
  });

  it('has its own "today": 23:30 in New York is already tomorrow in Berlin', () => {
    const instant = new Date('2026-12-04T04:30:00Z');
    expect(localDate(instant, NEW_YORK)).toBe('2026-12-03');
    expect(localDate(instant, BERLIN)).toBe('2026-12-04');
    expect(wallClock(instant, NEW_YORK)).toMatchObject({ hour: 23, minute: 30, weekday: 4 });
  });

  it('counts working days on its own calendar', () => {
    // Friday 20:00 in New York is Saturday 02:00 in Berlin: a weekday there, the weekend here.
    const friday = new Date('2026-11-28T01:00:00Z');
    expect(addWorkingDays(friday, 1, NEW_YORK).toISOString()).toBe('2026-12-01T01:00:00.000Z');
    expect(addWorkingDays(friday, 1, BERLIN).toISOString()).toBe('2026-11-30T23:00:00.000Z');
  });
});

describe('dates for people', () => {
  const instant = new Date('2026-12-03T06:30:00Z');
  it('writes a breakfast on the group’s clock in the page’s language', () => {
    // With weekday; the year only when it is not the current one (see shared-when.test.ts).
    expect(formatDate(instant, 'de', 'datetime', BERLIN, instant)).toBe('Do., 3. Dez., 07:30');
    expect(formatDate(instant, 'en', 'datetime', BERLIN, new Date('2025-06-01T00:00:00Z'))).toBe('Thu, 3 Dec 2026, 07:30');
    expect(formatDate(instant, 'de', 'datetime', NEW_YORK, instant)).toBe('Do., 3. Dez., 01:30');
    expect(formatDate(instant, 'de', 'date', BERLIN)).toBe('3. Dezember 2026');
    expect(formatDate(instant, 'de', 'dayMonth', BERLIN)).toBe('3.12.');
    expect(formatDate(instant, 'en', 'dayMonth', BERLIN)).toBe('3 Dec');
  });

  it('names the day before in New York for an instant just after midnight in Berlin', () => {
    expect(formatDate(new Date('2026-12-02T23:30:00Z'), 'en', 'date', BERLIN)).toBe('3 December 2026');
    expect(formatDate(new Date('2026-12-02T23:30:00Z'), 'en', 'date', NEW_YORK)).toBe('2 December 2026');
  });

  it('writes calendar dates without any zone', () => {
    expect(formatCalendarDate('2026-03-12', 'de')).toBe('12. März 2026');
    expect(formatCalendarDate('2026-03-12', 'de', 2026)).toBe('12. März');
    expect(formatCalendarDate('2026-03-12', 'en', 2025)).toBe('12 March 2026');
  });
});
