import { describe, expect, it } from 'vitest';
import { attendanceSchema, breakfastFormSchema, guestFormSchema } from '../../server/breakfasts/schemas.js';

const form = { date: '2026-12-03', time: '07:30', durationMinutes: '90', videoUrl: '', agenda: '' };
const fieldsWithErrors = (input: unknown) =>
  (breakfastFormSchema.safeParse(input).error?.issues ?? []).map((issue) => issue.path.join('.')).sort();

describe('the breakfast form', () => {
  it('turns Berlin date and time into the UTC start', () => {
    const parsed = breakfastFormSchema.parse({ ...form, agenda: ' Runde\r\nDanach Kaffee ' });
    expect(parsed).toEqual({ startsAt: new Date('2026-12-03T06:30:00Z'), durationMinutes: 90, videoUrl: '', agenda: 'Runde\nDanach Kaffee' });
  });

  it('takes times from 00:00 to 23:59, with or without seconds', () => {
    expect(breakfastFormSchema.parse({ ...form, time: '07:30:00' }).startsAt).toEqual(new Date('2026-12-03T06:30:00Z'));
    expect(fieldsWithErrors({ ...form, time: '23:59' })).toEqual([]);
    for (const bad of ['24:00', '7:30', '07:60', '0730', '']) expect(fieldsWithErrors({ ...form, time: bad }), bad).toEqual(['time']);
  });

  it('takes durations from 15 to 240 minutes only', () => {
    expect(fieldsWithErrors({ ...form, durationMinutes: '15' })).toEqual([]);
    expect(fieldsWithErrors({ ...form, durationMinutes: '240' })).toEqual([]);
    for (const bad of ['14', '241', '90.5', '-30', 'neunzig', '']) {
      expect(fieldsWithErrors({ ...form, durationMinutes: bad }), bad).toEqual(['durationMinutes']);
    }
  });

  it('takes only https links to a named host as the video link', () => {
    expect(breakfastFormSchema.parse({ ...form, videoUrl: ' https://zoom.us/j/123?pwd=x ' }).videoUrl).toBe('https://zoom.us/j/123?pwd=x');
    for (const bad of ['http://meet.jit.si/x', 'javascript:alert(1)', 'https://localhost/x', 'meet.jit.si/x', 'https://meet.jit.si/a b']) {
      expect(fieldsWithErrors({ ...form, videoUrl: bad }), bad).toEqual(['videoUrl']);
    }
  });

  it('reports every bad field at once, and an agenda over 2,000 characters', () => {
    expect(fieldsWithErrors({ date: '2026-02-30', time: '25:00', durationMinutes: '5', videoUrl: 'ftp://x.de', agenda: 'x'.repeat(2001) })).toEqual([
      'agenda',
      'date',
      'durationMinutes',
      'time',
      'videoUrl',
    ]);
  });
});

describe('the guest form', () => {
  it('needs a name and a trade; e-mail and Warum are optional', () => {
    expect(guestFormSchema.parse({ name: ' Gustav ', trade: 'Fotografie' })).toEqual({ name: 'Gustav', trade: 'Fotografie', email: '', warum: '' });
    expect(guestFormSchema.safeParse({ name: '', trade: '' }).error?.issues.map((i) => i.path[0])).toEqual(['name', 'trade']);
    expect(guestFormSchema.safeParse({ name: 'G', trade: 'F', warum: 'x'.repeat(501) }).success).toBe(false);
    expect(guestFormSchema.safeParse({ name: 'G', trade: 'F', email: 'keine' }).success).toBe(false);
  });
});

describe('the attendance form', () => {
  it('takes none, one or several ids', () => {
    const id = '6f1c2d3e-4a5b-4c6d-8e7f-9a0b1c2d3e4f';
    expect(attendanceSchema.parse({}).present).toEqual([]);
    expect(attendanceSchema.parse({ present: id }).present).toEqual([id]);
    expect(attendanceSchema.parse({ present: [id, id] }).present).toEqual([id, id]);
    expect(attendanceSchema.safeParse({ present: 'kein-id' }).success).toBe(false);
  });
});
