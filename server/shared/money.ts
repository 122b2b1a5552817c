/**
 * Deal values: members type euros the way they write them ("1250", "1250,50", "1250.50"); the
 * database keeps whole cents. Thousands separators are refused rather than guessed, because
 * "1.250" means 1250 in German and 1.25 in English.
 */
import { languageTag } from './i18n.js';

export const MAX_VALUE_CENTS = 1_000_000_000; // 10 million euros

/** Cents for a typed euro amount, or null when it is not a plain amount within range. */
export function parseEuroCents(input: string): number | null {
  const cleaned = input.replace(/[\s\u00a0€]/g, '');
  const match = /^(\d{1,8})(?:[.,](\d{1,2}))?$/.exec(cleaned);
  if (!match) return null;
  const cents = Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
  return cents <= MAX_VALUE_CENTS ? cents : null;
}

const euroFormats = new Map<string, Intl.NumberFormat>();

/** "1.250,50 €" / "€1,250.50": whole cents as euros in the page's language. */
export function formatEuroCents(cents: number, locale: string): string {
  let format = euroFormats.get(locale);
  if (!format) euroFormats.set(locale, (format = new Intl.NumberFormat(languageTag(locale), { style: 'currency', currency: 'EUR' })));
  return format.format(cents / 100);
}
