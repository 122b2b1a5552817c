import fc from 'fast-check';
import type { LightMyRequestResponse } from 'fastify';
import { visibleText } from './app.js';

/**
 * Hostile input for the fuzz suites: values a careless or malicious client sends, the forms of our
 * pages as a starting point (so the fuzz reaches each field's validation, not just "field missing"),
 * and what counts as a readable refusal.
 */

/** FUZZ_RUNS=500 for a long soak; the default keeps CI fast. */
export function fuzzRuns(ciDefault: number): number {
  const configured = Number(process.env.FUZZ_RUNS);
  return Number.isInteger(configured) && configured > 0 ? configured : ciDefault;
}

export const SCRIPT = '<script>alert(1)</script>';

const NASTY_STRINGS = [
  SCRIPT,
  '"><img src=x onerror=alert(1)>',
  "javascript:alert(1)",
  "' OR '1'='1' --",
  "'; DROP TABLE members; --",
  '1; SELECT pg_sleep(5)',
  "\\'); DELETE FROM trust_events; --",
  '$1',
  '%00',
  '%',
  '%%32%65',
  '../../../../etc/passwd',
  '{{constructor.constructor("return process")()}}',
  '${7*7}',
  '__proto__',
  'constructor',
  '\u0000',
  '\u0000abc\u0000',
  '\u202Egnp.exe',
  '\uFEFF',
  '\u200B',
  '\uD800',
  '\uDFFF\uD800',
  '\r\nSet-Cookie: pwned=1',
  'null',
  'undefined',
  'true',
  '[]',
  '{}',
  'NaN',
  'Infinity',
  '-Infinity',
  '-1',
  '0',
  '-0',
  '1e309',
  '-1e309',
  '4.9e-324',
  '99999999999999999999999999',
  '-9223372036854775809',
  '2147483648',
  '0x7fffffff',
  '1.5',
  '١٢٣',
  '00000000-0000-0000-0000-000000000000',
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '2026-02-30',
  '9999-12-31',
  '0000-01-01',
  '25:61',
  'a@b',
  'x'.repeat(255) + '@example.org',
  ' ',
  '',
  '😀'.repeat(40),
  'e\u0301'.repeat(30),
];

const controlChar = fc.constantFrom('\u0000', '\u0001', '\u0007', '\b', '\u000B', '\f', '\u001B', '\u007F', '\u0085', '\u2028', '\u2029', '\r', '\n', '\t');

/** One hostile string. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { arbitrary: fc.constantFrom(...NASTY_STRINGS), weight: 6 },
  { arbitrary: fc.string({ maxLength: 40 }), weight: 2 },
  { arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }), weight: 2 },
  // Lone surrogates and other code units that are not valid text.
  { arbitrary: fc.string({ unit: 'binary', maxLength: 30 }), weight: 2 },
  { arbitrary: fc.string({ unit: controlChar, minLength: 1, maxLength: 12 }), weight: 1 },
  { arbitrary: fc.integer({ min: 300, max: 60_000 }).map((n) => 'ä'.repeat(n)), weight: 1 },
  { arbitrary: fc.oneof(fc.integer(), fc.double(), fc.bigInt()).map(String), weight: 2 },
  { arbitrary: fc.emailAddress(), weight: 1 },
  { arbitrary: fc.uuid(), weight: 1 },
  { arbitrary: fc.tuple(fc.constantFrom(...NASTY_STRINGS), fc.string({ maxLength: 10 })).map(([a, b]) => a + b), weight: 1 },
);

/** A form value: one string, or the key repeated (an array where a string is expected). */
export const hostileFormValue: fc.Arbitrary<string | string[]> = fc.oneof(
  { arbitrary: hostileString, weight: 5 },
  { arbitrary: fc.array(hostileString, { minLength: 2, maxLength: 4 }), weight: 1 },
);

/** A JSON value of the wrong kind: numbers at the edges, nested objects, null, booleans. */
export const hostileJsonValue: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  fc.constantFrom(null, true, false, 0, -1, -0, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.1, [], {}),
  fc.integer(),
  fc.double({ noNaN: true }),
  fc.array(hostileString, { maxLength: 3 }),
  fc.jsonValue({ maxDepth: 3 }),
  fc.constant({ __proto__: { isHost: true }, constructor: { prototype: { admin: true } } }),
);

const fieldName = fc.oneof(fc.constantFrom('__proto__', 'constructor', 'prototype', 'role', 'groupId', 'isHost', 'id', 'a[b]', 'x.y', ''), fc.string({ maxLength: 12 }));

export type FormFields = Record<string, string | string[]>;

/** How the body travels. */
export type Encoding = 'form' | 'json' | 'json-broken' | 'bytes' | 'text' | 'multipart' | 'none' | 'huge';

export type FuzzBody = { encoding: Encoding; fields: Record<string, unknown>; bytes?: Buffer };

/**
 * A request body built from a page's form: some fields replaced by hostile values, some dropped,
 * some foreign fields added, sent in one of several encodings (JSON to a form route, broken
 * UTF-8 bytes, a body over the size limit, …).
 */
export function hostileBody(form: FormFields): fc.Arbitrary<FuzzBody> {
  const names = Object.keys(form);
  const pick = names.length ? fc.subarray(names) : fc.constant([] as string[]);
  return fc
    .record({
      encoding: fc.constantFrom<Encoding>('form', 'form', 'form', 'form', 'json', 'json-broken', 'bytes', 'text', 'multipart', 'none', 'huge'),
      replaced: pick,
      dropped: pick,
      values: fc.array(hostileFormValue, { minLength: names.length, maxLength: names.length }),
      jsonValues: fc.array(hostileJsonValue, { minLength: names.length, maxLength: names.length }),
      extra: fc.dictionary(fieldName, hostileFormValue, { maxKeys: 2 }),
      bytes: fc.uint8Array({ minLength: 1, maxLength: 200 }),
    })
    .map(({ encoding, replaced, dropped, values, jsonValues, extra, bytes }) => {
      const fields: Record<string, unknown> = {};
      names.forEach((name, i) => {
        if (dropped.includes(name) && !replaced.includes(name)) return;
        if (replaced.includes(name)) fields[name] = encoding === 'json' ? jsonValues[i] : values[i];
        else fields[name] = form[name];
      });
      for (const [key, value] of Object.entries(extra)) if (!(key in fields)) fields[key] = value;
      // Invalid UTF-8: lone continuation bytes, overlong forms, a cut-off sequence, percent-encoded too.
      const broken = Buffer.concat([
        Buffer.from(`${names[0] ?? 'x'}=`),
        Buffer.from([0xff, 0xfe, 0xc3, 0x28, 0xe2, 0x82, 0xc0, 0xaf]),
        Buffer.from(bytes),
        Buffer.from(`&${names[1] ?? 'y'}=%C3%28%FF%E2%82`),
      ]);
      return { encoding, fields, bytes: broken };
    });
}

export function encodeForm(fields: Record<string, unknown>): string {
  const body = new URLSearchParams();
  for (const [key, value] of Object.entries(fields)) {
    for (const v of Array.isArray(value) ? value : [value]) body.append(key, typeof v === 'string' ? v : JSON.stringify(v) ?? '');
  }
  return body.toString();
}

/** The payload and content type for a fuzz body. */
export function payloadFor(body: FuzzBody): { payload?: string | Buffer; contentType?: string } {
  switch (body.encoding) {
    case 'form':
      return { payload: encodeForm(body.fields), contentType: 'application/x-www-form-urlencoded' };
    case 'json':
      return { payload: JSON.stringify(body.fields), contentType: 'application/json' };
    case 'json-broken':
      return { payload: `{"${Object.keys(body.fields)[0] ?? 'a'}": "unterminated`, contentType: 'application/json' };
    case 'bytes':
      return { payload: body.bytes!, contentType: 'application/x-www-form-urlencoded; charset=utf-8' };
    case 'text':
      return { payload: encodeForm(body.fields), contentType: 'text/plain' };
    case 'multipart': {
      const boundary = '----kreis-fuzz';
      const parts = Object.entries(body.fields).flatMap(([key, value]) =>
        [value].flat().map((v) => `--${boundary}\r\nContent-Disposition: form-data; name="${key.replace(/["\r\n]/g, '')}"\r\n\r\n${String(v)}\r\n`),
      );
      return { payload: `${parts.join('')}--${boundary}--\r\n`, contentType: `multipart/form-data; boundary=${boundary}` };
    }
    case 'none':
      return {};
    case 'huge':
      // Over the 1 MB body limit.
      return { payload: `${Object.keys(body.fields)[0] ?? 'x'}=${'A'.repeat(1_100_000)}`, contentType: 'application/x-www-form-urlencoded' };
  }
}

/**
 * The forms on a page: for each form posting somewhere, its action (path without query) and the
 * values the page filled in — what a browser would send if the user just pressed the button.
 */
export function formsOf(html: string, pageUrl: string): { action: string; fields: FormFields }[] {
  const forms: { action: string; fields: FormFields }[] = [];
  for (const match of html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/gi)) {
    const attributes = match[1]!;
    if (!/method\s*=\s*"post"/i.test(attributes)) continue;
    const action = decode(/action\s*=\s*"([^"]*)"/i.exec(attributes)?.[1] ?? pageUrl).split(/[?#]/)[0]!;
    const inner = match[2]!;
    const fields: FormFields = {};
    const add = (name: string, value: string) => {
      const existing = fields[name];
      fields[name] = existing === undefined ? value : [...[existing].flat(), value];
    };
    for (const input of inner.matchAll(/<input\b([^>]*)>/gi)) {
      const a = input[1]!;
      const name = attr(a, 'name');
      if (!name) continue;
      const type = (attr(a, 'type') ?? 'text').toLowerCase();
      if (['submit', 'button', 'file', 'image', 'reset'].includes(type)) continue;
      if ((type === 'checkbox' || type === 'radio') && !/\schecked\b/i.test(a)) continue;
      add(name, attr(a, 'value') ?? (type === 'checkbox' ? 'on' : ''));
    }
    for (const area of inner.matchAll(/<textarea\b([^>]*)>([\s\S]*?)<\/textarea>/gi)) {
      const name = attr(area[1]!, 'name');
      if (name) add(name, decode(area[2]!));
    }
    for (const select of inner.matchAll(/<select\b([^>]*)>([\s\S]*?)<\/select>/gi)) {
      const name = attr(select[1]!, 'name');
      if (!name) continue;
      const options = [...select[2]!.matchAll(/<option\b([^>]*)>/gi)].map((o) => o[1]!);
      const chosen = options.find((o) => /\sselected\b/i.test(o)) ?? options.find((o) => (attr(o, 'value') ?? '') !== '') ?? options[0];
      if (chosen !== undefined) add(name, attr(chosen, 'value') ?? '');
    }
    for (const button of inner.matchAll(/<button\b([^>]*)>/gi)) {
      const name = attr(button[1]!, 'name');
      if (name && !(name in fields)) add(name, attr(button[1]!, 'value') ?? '');
    }
    forms.push({ action, fields });
  }
  return forms;
}

function attr(attributes: string, name: string): string | undefined {
  const found = new RegExp(`(?:^|\\s)${name}\\s*=\\s*"([^"]*)"`, 'i').exec(attributes);
  return found ? decode(found[1]!) : undefined;
}

function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#x27;|&#39;/g, "'")
    .replace(/&#x3D;/g, '=')
    .replace(/&#x60;/g, '`')
    .replace(/&amp;/g, '&');
}

/**
 * A refusal a person can read: an HTML page with a heading or an alert and some text, or JSON
 * with a message. Never Fastify's bare JSON error, never an empty body.
 */
export function readableRefusal(response: LightMyRequestResponse): string | null {
  const type = String(response.headers['content-type'] ?? '');
  if (type.startsWith('application/json')) {
    const body = JSON.parse(response.body) as { message?: unknown; error?: { message?: unknown } };
    const message = body.error?.message ?? body.message;
    return typeof message === 'string' && message.length > 3 && !/^FST_|Error:/.test(message) ? null : `JSON without a readable message: ${response.body.slice(0, 200)}`;
  }
  if (!type.startsWith('text/html')) return `a refusal as ${type || 'no content type'}`;
  const hasMessage = /role="alert"|class="[^"]*\berror\b|<h1[\s>]|class="field-error|aria-invalid="true"/.test(response.body);
  if (!hasMessage) return `an HTML refusal without a message: ${visibleText(response.body).slice(0, 200)}`;
  if (visibleText(response.body).length < 20) return 'an HTML refusal without text';
  if (/\bat [\w.<>]+ \(.*:\d+:\d+\)/.test(response.body)) return 'a stack trace in the page';
  return null;
}
