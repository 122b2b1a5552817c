/**
 * Time in Kreis: instants are stored in UTC; people enter and read them on their group's wall
 * clock (`groups.time_zone`, an IANA name). This is the one module that knows about time zones:
 * @date-fns/tz's TZDate does the arithmetic, so summer and winter time need no table of ours, and
 * no other file names a zone. Pure, apart from `systemClock`.
 */
import { TZDate } from '@date-fns/tz';
import { type Locale, languageTag } from './i18n.js';

/** The zone of a group that has not chosen one, and of pages that belong to no group. */
export const DEFAULT_TIME_ZONE = 'Europe/Berlin';

/** Where "now" comes from: the app takes a clock so tests can fix it. */
export type Clock = () => Date;
export const systemClock: Clock = () => new Date();

export const DAY_MS = 24 * 60 * 60 * 1000;

/** A wall-clock reading: month 1–12, weekday 0 = Sunday … 6 = Saturday. */
export type WallClock = { year: number; month: number; day: number; hour: number; minute: number; second: number; ms: number };

/** What the clock on the wall in `timeZone` shows at `instant`. */
export function wallClock(instant: Date, timeZone: string): WallClock & { weekday: number } {
  const local = new TZDate(instant.getTime(), timeZone);
  return {
    year: local.getFullYear(),
    month: local.getMonth() + 1,
    day: local.getDate(),
    hour: local.getHours(),
    minute: local.getMinutes(),
    second: local.getSeconds(),
    ms: local.getMilliseconds(),
    weekday: local.getDay(),
  };
}

/**
 * The instant at which the clock in `timeZone` shows `w`. A time skipped by the spring change
 * (02:30 on the last Sunday of March in Berlin) resolves to the instant one hour later, as clocks
 * do; a time that happens twice in autumn resolves to the second (winter time).
 */
export function fromWallClock(w: WallClock, timeZone: string): Date {
  return new Date(new TZDate(w.year, w.month - 1, w.day, w.hour, w.minute, w.second, w.ms, timeZone).getTime());
}

/** The calendar date `n` days after the date of `w`, same wall time (month and year overflow handled). */
export function plusCalendarDays<W extends WallClock>(w: W, n: number): W {
  const date = new Date(Date.UTC(w.year, w.month - 1, w.day + n));
  return { ...w, year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

/** 0 = Sunday … 6 = Saturday for a calendar date: no time zone involved. */
export function weekdayOf(w: Pick<WallClock, 'year' | 'month' | 'day'>): number {
  return new Date(Date.UTC(w.year, w.month - 1, w.day)).getUTCDay();
}

const pad = (n: number) => String(n).padStart(2, '0');

/** "2026-12-03" → its parts, or null when it is not a date on the calendar ("2026-02-30"). */
export function parseCalendarDate(date: string): { year: number; month: number; day: number } | null {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!d) return null;
  const [year, month, day] = [d[1], d[2], d[3]].map(Number) as [number, number, number];
  const check = new Date(Date.UTC(year, month - 1, day));
  if (check.getUTCFullYear() !== year || check.getUTCMonth() !== month - 1 || check.getUTCDate() !== day) return null;
  return { year, month, day };
}

/**
 * "2026-12-03" + "07:30" on the wall clock of `timeZone` → the UTC instant (see fromWallClock for
 * the clock changes). Null for a date or time that does not exist on any calendar.
 */
export function localToUtc(date: string, time: string, timeZone: string): Date | null {
  const day = parseCalendarDate(date);
  const t = /^(\d{2}):(\d{2})$/.exec(time);
  if (!day || !t) return null;
  const [hour, minute] = [Number(t[1]), Number(t[2])];
  if (hour > 23 || minute > 59) return null;
  return fromWallClock({ ...day, hour, minute, second: 0, ms: 0 }, timeZone);
}

/** The local date ("2026-12-03") and time ("07:30") of an instant in `timeZone`: what a form shows. */
export function utcToLocal(instant: Date, timeZone: string): { date: string; time: string } {
  const w = wallClock(instant, timeZone);
  return { date: `${w.year}-${pad(w.month)}-${pad(w.day)}`, time: `${pad(w.hour)}:${pad(w.minute)}` };
}

/** The calendar date of `instant` in `timeZone`: "today" for that group. */
export function localDate(instant: Date, timeZone: string): string {
  return utcToLocal(instant, timeZone).date;
}

// Formatting for people -------------------------------------------------------------------------

/** The ways the UI writes a date; every page, mail and export picks one of these. */
export const DATE_STYLES = {
  /** "3. Dezember 2026" */
  date: { dateStyle: 'long' },
  /** "03.12.2026" / "3 Dec 2026" */
  short: { dateStyle: 'medium' },
  /** "Do., 3. Dez., 07:30" (formatWhen; these options are only its fallback). */
  datetime: { dateStyle: 'medium', timeStyle: 'short' },
  /** A deadline: "Do., 3. Dez., 23:59" (formatWhen; these options are only its fallback). */
  deadline: { dateStyle: 'full', timeStyle: 'short' },
  /** "Dez. 26" — a chart's axis. */
  month: { month: 'short', year: '2-digit' },
  /** "Dezember 2026" — a chart's table and description. */
  monthLong: { month: 'long', year: 'numeric' },
  /** "12. März 2026" — a calendar date such as a one-to-one's day. */
  day: { day: 'numeric', month: 'long', year: 'numeric' },
  /** "12. März" — the same in the current year. */
  dayThisYear: { day: 'numeric', month: 'long' },
  /** "3.12." / "3 Dec" — a day in a short list. */
  dayMonth: { de: { day: 'numeric', month: 'numeric' }, en: { day: 'numeric', month: 'short' } },
} as const satisfies Record<string, Intl.DateTimeFormatOptions | Record<Locale, Intl.DateTimeFormatOptions>>;

export type DateStyle = keyof typeof DATE_STYLES;

export function isDateStyle(value: unknown): value is DateStyle {
  return typeof value === 'string' && Object.hasOwn(DATE_STYLES, value);
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** The formatter for a style, language and zone; built once, since building costs more than formatting. */
export function dateFormat(locale: Locale, style: DateStyle, timeZone: string): Intl.DateTimeFormat {
  const key = `${locale}|${style}|${timeZone}`;
  let format = dateFormats.get(key);
  if (!format) {
    const options = DATE_STYLES[style];
    const resolved: Intl.DateTimeFormatOptions = 'de' in options ? options[locale] : options;
    format = new Intl.DateTimeFormat(languageTag(locale), { ...resolved, timeZone });
    dateFormats.set(key, format);
  }
  return format;
}

/**
 * A calendar date ("2026-03-12") in the page's language: it names a day, not an instant, so no
 * group's zone applies (noon UTC keeps it on the same day). The year is left out when it is `currentYear`.
 */
export function formatCalendarDate(iso: string, locale: Locale, currentYear?: number): string {
  const date = new Date(`${iso}T12:00:00Z`);
  const sameYear = currentYear !== undefined && date.getUTCFullYear() === currentYear;
  return formatDate(date, locale, sameYear ? 'dayThisYear' : 'day', 'UTC');
}

/** An instant as the group reads it, in the page's language ("datetime" and "deadline": see formatWhen). */
export function formatDate(value: Date | string | number, locale: Locale, style: DateStyle, timeZone: string, now?: Date): string {
  if (style === 'datetime' || style === 'deadline') return formatWhen(new Date(value), locale, timeZone, { deadline: style === 'deadline', now });
  return dateFormat(locale, style, timeZone).format(new Date(value));
}

/**
 * The instant `months` calendar months before `instant` on the wall clock of `timeZone`: "a year
 * ago" is the same day and time twelve months back, whatever summer time did in between. A day
 * the earlier month does not have (31 March − 1 month) becomes that month's last day.
 */
export function monthsBefore(instant: Date, months: number, timeZone: string): Date {
  const w = wallClock(instant, timeZone);
  const index = w.year * 12 + (w.month - 1) - months;
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  const lastDay = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return fromWallClock({ ...w, year, month, day: Math.min(w.day, lastDay) }, timeZone);
}

const whenFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A moment people act on, with weekday and a 24-hour time: "Di., 9. Dez., 07:30" / "Tue, 9 Dec, 07:30";
 * the year only when it is not the year of `now`. A deadline (`deadline: true`) that falls on
 * midnight reads as 23:59 of the day before — "bis Di., 9. Dez., 23:59", never "Mittwoch 00:00",
 * which leaves open which midnight is meant.
 */
export function formatWhen(instant: Date, locale: Locale, timeZone: string, options: { deadline?: boolean; now?: Date } = {}): string {
  const wall = wallClock(instant, timeZone);
  const shown = options.deadline && wall.hour === 0 && wall.minute === 0 ? new Date(instant.getTime() - 60_000) : instant;
  const withYear = wallClock(shown, timeZone).year !== wallClock(options.now ?? shown, timeZone).year;
  const key = `${locale}|${timeZone}|${withYear}`;
  let format = whenFormats.get(key);
  if (!format) {
    format = new Intl.DateTimeFormat(languageTag(locale), {
      weekday: 'short',
      day: 'numeric',
      month: 'short',
      ...(withYear ? { year: 'numeric' } : {}),
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZone,
    });
    whenFormats.set(key, format);
  }
  // English writes "Tue 9 Dec"; a comma after the weekday reads the same in both languages.
  return format
    .formatToParts(shown)
    .map((part, i, parts) => (part.type === 'literal' && parts[i - 1]?.type === 'weekday' ? ', ' : part.value))
    .join('');
}
