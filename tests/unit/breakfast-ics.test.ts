import { describe, expect, it } from 'vitest';
import { calendarFile, escapeText, foldLine, icsDateTime } from '../../server/breakfasts/ics.js';
import { localToUtc, utcToLocal } from '../../server/shared/time.js';

const berlinToUtc = (date: string, time: string) => localToUtc(date, time, 'Europe/Berlin');
const utcToBerlin = (instant: Date) => utcToLocal(instant, 'Europe/Berlin');

const event = {
  uid: 'b1@kreis.example',
  stamp: new Date('2026-11-23T09:00:00Z'),
  start: new Date('2026-12-03T06:30:00Z'),
  end: new Date('2026-12-03T08:00:00Z'),
  summary: 'Unternehmerfrühstück Kreis Nord, Süd; West',
  description: 'Vorstellungsrunde\nDann: Empfehlungen, Fragen; Ende',
  url: 'https://meet.jit.si/kreis-nord',
  cancelled: false,
};

/** Unfolds as a calendar reader does: a CRLF followed by a space joins two physical lines. */
const unfold = (text: string) => text.replace(/\r\n /g, '');

describe('iCalendar file', () => {
  it('ends every line with CRLF and has no bare line feeds', () => {
    const file = calendarFile(event);
    expect(file.endsWith('\r\n')).toBe(true);
    expect(file.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    expect(file.split('\r\n')[0]).toBe('BEGIN:VCALENDAR');
  });

  it('has the event in UTC with UID, DTSTAMP, SUMMARY, DESCRIPTION, LOCATION and URL', () => {
    const lines = unfold(calendarFile(event)).split('\r\n');
    expect(lines).toContain('UID:b1@kreis.example');
    expect(lines).toContain('DTSTAMP:20261123T090000Z');
    expect(lines).toContain('DTSTART:20261203T063000Z');
    expect(lines).toContain('DTEND:20261203T080000Z');
    expect(lines).toContain('SUMMARY:Unternehmerfrühstück Kreis Nord\\, Süd\\; West');
    expect(lines).toContain('DESCRIPTION:Vorstellungsrunde\\nDann: Empfehlungen\\, Fragen\\; Ende');
    expect(lines).toContain('LOCATION:https://meet.jit.si/kreis-nord');
    expect(lines).toContain('URL:https://meet.jit.si/kreis-nord');
    expect(lines).toContain('STATUS:CONFIRMED');
  });

  it('leaves out LOCATION and URL without a video link, and marks a cancelled breakfast', () => {
    const file = calendarFile({ ...event, url: '', cancelled: true });
    expect(file).not.toMatch(/^(LOCATION|URL):/m);
    expect(file).toContain('STATUS:CANCELLED\r\n');
  });

  it('folds long lines at 75 octets without splitting a character, and unfolds to the original', () => {
    const agenda = 'Frühstück mit Müsli, Brötchen und Gespräch über Empfehlungen – '.repeat(8);
    const file = calendarFile({ ...event, description: agenda });
    for (const line of file.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    expect(file).not.toContain('\uFFFD');
    expect(unfold(file)).toContain(`DESCRIPTION:${escapeText(agenda)}\r\n`);
  });
});

describe('iCalendar pieces', () => {
  it('escapes backslash, semicolon, comma and line breaks', () => {
    expect(escapeText('a\\b;c,d\r\ne\nf')).toBe('a\\\\b\\;c\\,d\\ne\\nf');
  });

  it('keeps lines of up to 75 octets whole and folds longer ones with CRLF and a space', () => {
    expect(foldLine('x'.repeat(75))).toBe('x'.repeat(75));
    expect(foldLine('x'.repeat(76))).toBe(`${'x'.repeat(75)}\r\n x`);
    expect(foldLine('x'.repeat(75 + 74 + 1))).toBe(`${'x'.repeat(75)}\r\n ${'x'.repeat(74)}\r\n x`);
  });

  it('never cuts a multi-byte character in two', () => {
    // 74 ASCII octets and then "ü" (2 octets): the ü must move to the next line.
    const folded = foldLine(`${'x'.repeat(74)}ü`);
    expect(folded).toBe(`${'x'.repeat(74)}\r\n ü`);
  });

  it('writes UTC date-times without separators', () => {
    expect(icsDateTime(new Date('2026-03-29T01:05:09.123Z'))).toBe('20260329T010509Z');
  });
});

describe('Berlin wall-clock time', () => {
  it('converts winter and summer times to UTC', () => {
    expect(berlinToUtc('2026-12-03', '07:30')?.toISOString()).toBe('2026-12-03T06:30:00.000Z');
    expect(berlinToUtc('2026-07-01', '07:30')?.toISOString()).toBe('2026-07-01T05:30:00.000Z');
  });

  it('handles the days the clocks change', () => {
    expect(berlinToUtc('2026-03-29', '01:30')?.toISOString()).toBe('2026-03-29T00:30:00.000Z');
    expect(berlinToUtc('2026-03-29', '03:30')?.toISOString()).toBe('2026-03-29T01:30:00.000Z');
    expect(berlinToUtc('2026-10-25', '07:00')?.toISOString()).toBe('2026-10-25T06:00:00.000Z');
  });

  it('refuses dates and times that do not exist', () => {
    expect(berlinToUtc('2026-02-30', '07:30')).toBeNull();
    expect(berlinToUtc('2026-12-03', '24:00')).toBeNull();
    expect(berlinToUtc('3.12.2026', '07:30')).toBeNull();
  });

  it('goes back to the Berlin date and time the form shows', () => {
    expect(utcToBerlin(new Date('2026-12-03T06:30:00Z'))).toEqual({ date: '2026-12-03', time: '07:30' });
    expect(utcToBerlin(new Date('2026-07-01T22:15:00Z'))).toEqual({ date: '2026-07-02', time: '00:15' });
  });
});
