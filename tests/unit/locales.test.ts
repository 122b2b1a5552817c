import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMessages } from '../../server/shared/i18n.js';

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
        if (!(match[1]! in messages.de)) missing.push(`${file}: ${match[1]}`);
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
        if (!(key in messages.de) && !Object.keys(messages.de).some((k) => k.startsWith(`${key}.`))) missing.push(`${file}: ${key}`);
      }
    }
    expect(missing).toEqual([]);
  });
});
