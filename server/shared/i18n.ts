import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../root.js';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

const LANGUAGE_TAGS: Record<Locale, string> = { de: 'de-DE', en: 'en-GB' };

/** The BCP 47 tag numbers and dates are formatted with ("de-DE", "en-GB"); unknown languages get English. */
export function languageTag(locale: Locale | string): string {
  return LANGUAGE_TAGS[locale as Locale] ?? LANGUAGE_TAGS.en;
}

type Messages = Record<string, string>;

const localesDir = fromRoot('locales');

/** Reads locales/<lang>/<namespace>.json into flat keys `namespace.key.sub`. */
export function loadMessages(dir = localesDir): Record<Locale, Messages> {
  const result = {} as Record<Locale, Messages>;
  for (const locale of LOCALES) {
    const messages: Messages = {};
    for (const file of readdirSync(join(dir, locale)).filter((f) => f.endsWith('.json')).sort()) {
      const namespace = file.slice(0, -'.json'.length);
      flatten(JSON.parse(readFileSync(join(dir, locale, file), 'utf8')), namespace, messages);
    }
    result[locale] = messages;
  }
  return result;
}

function flatten(value: unknown, prefix: string, into: Messages) {
  if (typeof value === 'string') {
    into[prefix] = value;
    return;
  }
  for (const [key, inner] of Object.entries(value as Record<string, unknown>)) flatten(inner, `${prefix}.${key}`, into);
}

const messages = loadMessages();

export type Translate = (key: string, params?: Record<string, unknown>) => string;

const pluralRules = new Map<Locale, Intl.PluralRules>();

/** The CLDR plural category of `count` in a language: "one" or "other" in German and English. */
export function pluralCategory(locale: Locale, count: number): Intl.LDMLPluralRule {
  let rules = pluralRules.get(locale);
  if (!rules) pluralRules.set(locale, (rules = new Intl.PluralRules(languageTag(locale))));
  return rules.select(count);
}

/**
 * The key to look up: for a message with plural forms (`key_one`, `key_other` …) and a numeric
 * `count`, the form Intl.PluralRules chooses, falling back to `_other`; otherwise the key itself.
 */
function keyFor(locale: Locale, key: string, count: unknown): string {
  const n = typeof count === 'number' ? count : typeof count === 'string' && count.trim() !== '' ? Number(count) : Number.NaN;
  const own = messages[locale];
  if (Number.isNaN(n) || (key in own && !(`${key}_other` in own))) return key;
  const form = `${key}_${pluralCategory(locale, n)}`;
  if (form in own || form in messages[DEFAULT_LOCALE]) return form;
  return `${key}_other` in own || `${key}_other` in messages[DEFAULT_LOCALE] ? `${key}_other` : key;
}

/**
 * Looks up a message and fills `{name}` placeholders; a numeric `count` picks the plural form
 * ("1 aktives Mitglied" / "3 aktive Mitglieder"). A missing key shows itself, so a gap is visible
 * in the page rather than silently empty; the locale-keys test keeps both files complete.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const found = keyFor(locale, key, params.count);
  const template = messages[locale][found] ?? messages[DEFAULT_LOCALE][found] ?? key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    params[name] === undefined || params[name] === null ? whole : String(params[name]),
  );
}

export function translator(locale: Locale): Translate {
  return (key, params) => translate(locale, key, params);
}

/** Picks the first supported language from an Accept-Language header. */
export function localeFromAcceptLanguage(header: string | undefined): Locale | undefined {
  if (!header) return undefined;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag = '', ...rest] = part.trim().split(';');
      const q = rest.find((p) => p.trim().startsWith('q='));
      return { lang: tag.trim().slice(0, 2).toLowerCase(), q: q ? Number(q.trim().slice(2)) : 1 };
    })
    .filter((entry) => !Number.isNaN(entry.q))
    .sort((a, b) => b.q - a.q);
  return ranked.map((entry) => entry.lang).find(isLocale);
}
