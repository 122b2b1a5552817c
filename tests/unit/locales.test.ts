import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCALES, loadMessages } from '../../server/shared/i18n.js';

/** A key the code asks for: a plain message, or the base of a plural one (`key_one`, `key_other`). */
const known = (messages: Record<string, string>, key: string) => key in messages || `${key}_other` in messages;

describe('locale files', () => {
  const messages = loadMessages();

  it('German and English have exactly the same keys', () => {
    const de = Object.keys(messages.de).sort();
    const en = Object.keys(messages.en).sort();
    expect(de.filter((k) => !en.includes(k)), 'keys only in German').toEqual([]);
    expect(en.filter((k) => !de.includes(k)), 'keys only in English').toEqual([]);
  });

  it('every message is filled in and uses the same placeholders in both languages', () => {
    for (const [key, de] of Object.entries(messages.de)) {
      const en = messages.en[key] ?? '';
      expect(de.trim(), key).not.toBe('');
      expect(en.trim(), key).not.toBe('');
      const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
      expect(placeholders(en), key).toEqual(placeholders(de));
    }
  });

  it('every plural message has each form its language needs, and the base key is not also a plain message', () => {
    for (const locale of LOCALES) {
      const categories = new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
      // A plural message has an `_other` and a `_one` form ("asked_by_other" alone is a plain key).
      const bases = Object.keys(messages[locale])
        .filter((k) => k.endsWith('_other'))
        .map((k) => k.slice(0, -'_other'.length))
        .filter((base) => `${base}_one` in messages[locale]);
      expect(bases.length, locale).toBeGreaterThan(0);
      for (const base of bases) {
        for (const category of categories) expect(messages[locale], `${locale}: ${base}_${category}`).toHaveProperty([`${base}_${category}`]);
        expect(base in messages[locale], `${locale}: ${base} is both plain and plural`).toBe(false);
        expect(messages[locale][`${base}_other`], `${base}_other`).toContain('{count}');
      }
    }
  });
});

describe('every message the code asks for exists', () => {
  const messages = loadMessages();
  const files = (dir: string, ext: string): string[] =>
    readdirSync(dir, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith(ext))
      .map((f) => join(dir, f));

  it('views only use keys that are in the locale files', () => {
    const missing: string[] = [];
    for (const file of files('views', '.hbs')) {
      for (const match of readFileSync(file, 'utf8').matchAll(/(?<![\w.])t "([a-z0-9_.]+)"/g)) {
        if (!known(messages.de, match[1]!)) missing.push(`${file}: ${match[1]}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it('server code only uses keys that are in the locale files', () => {
    const missing: string[] = [];
    for (const file of files('server', '.ts')) {
      const source = readFileSync(file, 'utf8');
      for (const match of source.matchAll(/['"`]((?:[a-z_]+)\.(?:[a-z0-9_]+\.)*[a-z0-9_]+)['"`]/g)) {
        const key = match[1]!;
        const namespace = key.split('.')[0]!;
        // Only strings that look like one of our namespaces are message keys (not file names like 'app.css').
        if (!Object.keys(messages.de).some((k) => k.startsWith(`${namespace}.`))) continue;
        if (/\.(js|ts|json|hbs|css|svg)$/.test(key)) continue;
        if (!known(messages.de, key) && !Object.keys(messages.de).some((k) => k.startsWith(`${key}.`))) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
