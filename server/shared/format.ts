/**
 * Numbers, dates and ages as the trust page and the CSV export write them, per language
 * ("+0,58" in German, "+0.58" in English). Pure; the Intl formatters are built once per language
 * because building them costs more than formatting a whole ledger.
 */
import type { Locale } from './i18n.js';
import { DAY_MS } from '../trust/decay.js';

const TAGS: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };
/** Dates are shown in the groups' time zone, as everywhere else in Kreis (views.ts). */
const TIME_ZONE = 'Europe/Berlin';

export type Formats = {
  /** "0,58" — two decimals. */
  decimal(value: number): string;
  /** "+0,58", "−0,19" (a real minus sign), "0,00". */
  signed(value: number): string;
  /** "2,3" — at most one decimal, for sums like R and N. */
  short(value: number): string;
  /** For the CSV: up to four decimals, no grouping, so a spreadsheet reads it as a number. */
  plain(value: number): string;
  /** "3. März 2026". */
  date(value: Date): string;
  /** "Mär 26" — the chart's axis. */
  month(value: Date): string;
  /** "März 2026" — the chart's table and description. */
  monthLong(value: Date): string;
  /** "heute", "vor 3 Tagen", "vor 4 Monaten". */
  age(occurredAt: Date, now: Date): string;
};

const cache = new Map<Locale, Formats>();

export function formatsFor(locale: Locale): Formats {
  let formats = cache.get(locale);
  if (!formats) cache.set(locale, (formats = buildFormats(locale)));
  return formats;
}

function buildFormats(locale: Locale): Formats {
  const tag = TAGS[locale];
  const two = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const signedTwo = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const oneAtMost = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(tag, { maximumFractionDigits: 4, useGrouping: false });
  const date = new Intl.DateTimeFormat(tag, { dateStyle: 'long', timeZone: TIME_ZONE });
  const month = new Intl.DateTimeFormat(tag, { month: 'short', year: '2-digit', timeZone: TIME_ZONE });
  const monthLong = new Intl.DateTimeFormat(tag, { month: 'long', year: 'numeric', timeZone: TIME_ZONE });
  const relativeAuto = new Intl.RelativeTimeFormat(tag, { numeric: 'auto' });
  const relative = new Intl.RelativeTimeFormat(tag, { numeric: 'always' });
  const minus = (text: string) => text.replace('-', '\u2212');
  return {
    decimal: (value) => minus(two.format(value)),
    signed: (value) => minus(signedTwo.format(value)),
    short: (value) => minus(oneAtMost.format(value)),
    // -0 (a reversal of a zero weight) is written as 0.
    plain: (value) => plain.format(value === 0 ? 0 : value),
    date: (value) => date.format(value),
    month: (value) => month.format(value),
    monthLong: (value) => monthLong.format(value),
    age(occurredAt, now) {
      const days = Math.max(0, now.getTime() - occurredAt.getTime()) / DAY_MS;
      if (days < 1) return relativeAuto.format(0, 'day');
      if (days < 14) return relative.format(-Math.floor(days), 'day');
      if (days < 60) return relative.format(-Math.floor(days / 7), 'week');
      // Months and years round: a year-old entry reads "vor 12 Monaten", not 11.
      if (days < 730) return relative.format(-Math.round(days / (365.25 / 12)), 'month');
      return relative.format(-Math.round(days / 365.25), 'year');
    },
  };
}

/** Scores are shown as whole numbers; "no evidence" stays null, never 0. */
export function roundScore(score: number | null): number | null {
  return score === null ? null : Math.round(score);
}
