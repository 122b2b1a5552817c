import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fromRoot } from '../../root.js';

export const LOCALES = ['de', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'de';

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
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

/**
 * Looks up a message and fills `{name}` placeholders. A missing key shows itself, so a gap is
 * visible in the page rather than silently empty; the locale-keys test keeps both files complete.
 */
export function translate(locale: Locale, key: string, params: Record<string, unknown> = {}): string {
  const template = messages[locale][key] ?? messages[DEFAULT_LOCALE][key] ?? key;
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
