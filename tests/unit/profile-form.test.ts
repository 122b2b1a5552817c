import { describe, expect, it } from 'vitest';
import { parseForm } from '../../server/shared/forms.js';
import { translator } from '../../server/shared/i18n.js';
import { profileSchema } from '../../server/members/schemas.js';

const t = translator('de');
const valid = { warum: 'Weil gute Zahlen Unternehmerinnen nachts ruhig schlafen lassen.', trades: [] as string[], newTrade: 'Steuerberatung' };

describe('profile form', () => {
  it('accepts a complete profile and normalises line breaks and checkboxes', () => {
    const result = parseForm(profileSchema, { ...valid, warum: `${valid.warum}\r\nUnd das seit 20 Jahren.`, isPublic: 'on' }, t);
    expect(result.ok && result.data).toMatchObject({ warum: `${valid.warum}\nUnd das seit 20 Jahren.`, isPublic: true, requestAnyway: false });
  });

  it('a Warum of 39 characters is too short, 40 are enough', () => {
    const short = parseForm(profileSchema, { ...valid, warum: 'x'.repeat(39) }, t);
    expect(short).toEqual({ ok: false, errors: { warum: 'Dein Warum braucht mindestens 40 Zeichen. Erzähl ruhig etwas mehr.' } });
    expect(parseForm(profileSchema, { ...valid, warum: 'x'.repeat(40) }, t).ok).toBe(true);
  });

  it('texts are limited to 1,000 characters', () => {
    const result = parseForm(profileSchema, { ...valid, offer: 'x'.repeat(1001), goodReferral: 'y'.repeat(1000) }, t);
    expect(result).toEqual({ ok: false, errors: { offer: 'Bitte höchstens 1000 Zeichen.' } });
  });

  it.each(['https://steuer-berger.de', 'http://example.org/kontakt?x=1', ''])('website %j is accepted', (website) => {
    expect(parseForm(profileSchema, { ...valid, website }, t).ok).toBe(true);
  });

  it.each(['steuer-berger.de', 'javascript:alert(1)', 'ftp://example.org', 'https://', 'not a url'])('website %j is refused', (website) => {
    const result = parseForm(profileSchema, { ...valid, website }, t);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.errors.website).toContain('http://');
  });

  it.each(['+49 30 123 456-7', '(030) 123/456', '0171.2345678', ''])('phone %j is accepted', (phone) => {
    expect(parseForm(profileSchema, { ...valid, phone }, t).ok).toBe(true);
  });

  it.each(['<script>', 'call me', '++', '12'])('phone %j is refused', (phone) => {
    expect(parseForm(profileSchema, { ...valid, phone }, t)).toMatchObject({ ok: false, errors: { phone: expect.stringContaining('Ziffern') } });
  });

  it('at least one trade is needed, and is reported together with other problems', () => {
    const result = parseForm(profileSchema, { warum: 'zu kurz', newTrade: '' }, t);
    expect(result.ok).toBe(false);
    expect(!result.ok && Object.keys(result.errors).sort()).toEqual(['trades', 'warum']);
  });

  it('trade picks must be ids', () => {
    const result = parseForm(profileSchema, { ...valid, trades: ['drop table trades'] }, t);
    expect(result).toMatchObject({ ok: false, errors: { trades: expect.any(String) } });
  });
});
