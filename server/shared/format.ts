/**
 * Numbers, dates and ages per language ("+0,58" in German, "+0.58" in English), as the trust page,
 * the insights and the CSV exports write them. Pure; the Intl formatters are built once per
 * language and time zone, because building them costs more than formatting a whole ledger.
 */
import { type Locale, languageTag } from './i18n.js';
import { ageOf } from './relative-time.js';
import { DEFAULT_TIME_ZONE, dateFormat } from './time.js';

export type Formats = {
  /** "0,58" — two decimals. */
  decimal(value: number): string;
  /** "+0,58", "−0,19" (a real minus sign), "0,00". */
  signed(value: number): string;
  /** "2,3" — at most one decimal, for sums like R and N. */
  short(value: number): string;
  /** For the CSV: up to four decimals, no grouping, so a spreadsheet reads it as a number. */
  plain(value: number): string;
  /** "3. März 2026", on the group's clock. */
  date(value: Date): string;
  /** "Mär 26" — the chart's axis. */
  month(value: Date): string;
  /** "März 2026" — the chart's table and description. */
  monthLong(value: Date): string;
  /** "heute", "vor 3 Tagen", "vor 4 Monaten". */
  age(occurredAt: Date, now: Date): string;
};

const cache = new Map<string, Formats>();

/** The formats of a language; dates are read in `timeZone` (the group's). */
export function formatsFor(locale: Locale, timeZone: string = DEFAULT_TIME_ZONE): Formats {
  const key = `${locale}|${timeZone}`;
  let formats = cache.get(key);
  if (!formats) cache.set(key, (formats = buildFormats(locale, timeZone)));
  return formats;
}

/** A minus sign, not a hyphen, in front of negative numbers. */
const minus = (text: string) => text.replace('-', '\u2212');

function buildFormats(locale: Locale, timeZone: string): Formats {
  const tag = languageTag(locale);
  const two = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const signedTwo = new Intl.NumberFormat(tag, { minimumFractionDigits: 2, maximumFractionDigits: 2, signDisplay: 'exceptZero' });
  const oneAtMost = new Intl.NumberFormat(tag, { maximumFractionDigits: 1 });
  const plain = new Intl.NumberFormat(tag, { maximumFractionDigits: 4, useGrouping: false });
  const date = dateFormat(locale, 'date', timeZone);
  const month = dateFormat(locale, 'month', timeZone);
  const monthLong = dateFormat(locale, 'monthLong', timeZone);
  return {
    decimal: (value) => minus(two.format(value)),
    signed: (value) => minus(signedTwo.format(value)),
    short: (value) => minus(oneAtMost.format(value)),
    // -0 (a reversal of a zero weight) is written as 0.
    plain: (value) => plain.format(value === 0 ? 0 : value),
    date: (value) => date.format(value),
    month: (value) => month.format(value),
    monthLong: (value) => monthLong.format(value),
    age: (occurredAt, now) => ageOf(occurredAt, now, locale),
  };
}

const numberFormats = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat of a language: "1,5", "45 Minuten". */
export function numberFormat(locale: Locale, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = numberFormats.get(key);
  if (!format) numberFormats.set(key, (format = new Intl.NumberFormat(languageTag(locale), options)));
  return format;
}
