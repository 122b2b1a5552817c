/**
 * How long ago something happened, in the page's language. Two readings, one set of formatters:
 * - `relativeTime`: recent things (notifications, the referral list) — "gestern", "vor 3 Stunden",
 *   the largest whole unit that fits; future instants read "in …".
 * - `ageOf`: entries of a record that only grows older (the trust ledger) — "heute", "vor 3 Tagen",
 *   "vor 12 Monaten"; never in the future, and numbers always ("vor 1 Tag", not "gestern").
 */
import { languageTag } from './i18n.js';
import { DAY_MS } from './time.js';

const UNITS: [Intl.RelativeTimeFormatUnit, number][] = [
  ['year', 365 * 24 * 3600],
  ['month', 30 * 24 * 3600],
  ['week', 7 * 24 * 3600],
  ['day', 24 * 3600],
  ['hour', 3600],
  ['minute', 60],
];

const formats = new Map<string, Intl.RelativeTimeFormat>();

function formatFor(locale: string, numeric: 'auto' | 'always'): Intl.RelativeTimeFormat {
  const key = `${locale}|${numeric}`;
  let format = formats.get(key);
  if (!format) {
    format = new Intl.RelativeTimeFormat(languageTag(locale), { numeric });
    formats.set(key, format);
  }
  return format;
}

/** The largest whole unit that fits; under a minute is "now". Future instants read "in …". */
export function relativeTime(then: Date, now: Date, locale: string): string {
  const seconds = Math.round((then.getTime() - now.getTime()) / 1000);
  const format = formatFor(locale, 'auto');
  for (const [unit, size] of UNITS) {
    if (Math.abs(seconds) >= size) return format.format(Math.trunc(seconds / size), unit);
  }
  return format.format(0, 'second');
}

/** "heute", "vor 3 Tagen", "vor 4 Wochen", "vor 12 Monaten", "vor 3 Jahren". */
export function ageOf(occurredAt: Date, now: Date, locale: string): string {
  const days = Math.max(0, now.getTime() - occurredAt.getTime()) / DAY_MS;
  if (days < 1) return formatFor(locale, 'auto').format(0, 'day');
  const relative = formatFor(locale, 'always');
  if (days < 14) return relative.format(-Math.floor(days), 'day');
  if (days < 60) return relative.format(-Math.floor(days / 7), 'week');
  // Months and years round: a year-old entry reads "vor 12 Monaten", not 11.
  if (days < 730) return relative.format(-Math.round(days / (365.25 / 12)), 'month');
  return relative.format(-Math.round(days / 365.25), 'year');
}
