import { describe, expect, it } from 'vitest';
import { clientKeyHash, phoneDigits } from '../../server/referrals/client-key.js';
import { formatEuroCents, parseEuroCents } from '../../server/shared/money.js';
import { relativeTime } from '../../server/shared/relative-time.js';

describe('parseEuroCents', () => {
  it.each([
    ['1250', 125000],
    ['1250,5', 125050],
    ['1250.50', 125050],
    [' 1 250 € ', 125000],
    ['0,99', 99],
    ['10000000', 1_000_000_000],
  ])('%s → %i cents', (input, cents) => expect(parseEuroCents(input)).toBe(cents));

  it.each(['', '1.250', '1.250,50', '-5', '12,345', 'zwölf', '10000000,01', '1e5'])('refuses %j', (input) => {
    expect(parseEuroCents(input)).toBeNull();
  });

  it('formats in the page language', () => {
    expect(formatEuroCents(125050, 'de')).toBe('1.250,50\u00a0€');
    expect(formatEuroCents(125050, 'en')).toBe('€1,250.50');
  });
});

describe('relativeTime', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const ago = (ms: number) => new Date(now.getTime() - ms);
  it.each([
    [30 * 1000, 'de', 'jetzt'],
    [5 * 60 * 1000, 'de', 'vor 5 Minuten'],
    [3 * 3600 * 1000, 'de', 'vor 3 Stunden'],
    [24 * 3600 * 1000, 'de', 'gestern'],
    [3 * 24 * 3600 * 1000, 'de', 'vor 3 Tagen'],
    [15 * 24 * 3600 * 1000, 'de', 'vor 2 Wochen'],
    [3 * 24 * 3600 * 1000, 'en', '3 days ago'],
    [400 * 24 * 3600 * 1000, 'en', 'last year'],
  ])('%i ms ago in %s → %s', (ms, locale, text) => expect(relativeTime(ago(ms), now, locale)).toBe(text));
});

describe('client key', () => {
  it('matches the same person by e-mail regardless of case and spaces', () => {
    expect(clientKeyHash('g', { email: ' Klara@Example.org ', phone: '' })).toBe(clientKeyHash('g', { email: 'klara@example.org', phone: '0171' }));
  });
  it('falls back to the phone digits, international prefixes alike', () => {
    expect(phoneDigits('+49 (171) 555-01')).toBe('4917155501');
    expect(phoneDigits('0049 171 55501')).toBe('4917155501');
    expect(clientKeyHash('g', { email: '', phone: '+49 171 55501' })).toBe(clientKeyHash('g', { email: '', phone: '0049-171-55501' }));
  });
  it('differs between groups', () => {
    expect(clientKeyHash('a', { email: 'k@example.org', phone: '' })).not.toBe(clientKeyHash('b', { email: 'k@example.org', phone: '' }));
  });
});
