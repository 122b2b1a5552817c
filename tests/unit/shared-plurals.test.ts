import { describe, expect, it } from 'vitest';
import { pluralCategory, translate } from '../../server/shared/i18n.js';

describe('plural rules', () => {
  it('German and English both say "one" for exactly 1 and "other" for 0, 2 and fractions', () => {
    for (const locale of ['de', 'en'] as const) {
      expect(pluralCategory(locale, 1)).toBe('one');
      expect([0, 2, 3, 21, 1.5].map((n) => pluralCategory(locale, n))).toEqual(['other', 'other', 'other', 'other', 'other']);
    }
  });

  it('picks the form by count in German', () => {
    expect(translate('de', 'members.roster.count', { count: 1 })).toBe('1 aktives Mitglied');
    expect(translate('de', 'members.roster.count', { count: 3 })).toBe('3 aktive Mitglieder');
    expect(translate('de', 'members.roster.count', { count: 0 })).toBe('0 aktive Mitglieder');
    expect(translate('de', 'insights.response.none', { count: 1 })).toBe('Noch kein Erstkontakt (1 Empfehlung im Zeitraum)');
    expect(translate('de', 'insights.response.none', { count: 3 })).toBe('Noch kein Erstkontakt (3 Empfehlungen im Zeitraum)');
    expect(translate('de', 'insights.response.detail', { contacted: 1, count: 1 })).toBe('1 von 1 Empfehlung kontaktiert');
    expect(translate('de', 'host.outbox.attempts', { count: 1, error: 'timeout' })).toBe('1 Zustellversuch, zuletzt: timeout');
    expect(translate('de', 'host.outbox.attempts', { count: 4, error: 'timeout' })).toBe('4 Zustellversuche, zuletzt: timeout');
  });

  it('picks the form by count in English', () => {
    expect(translate('en', 'members.roster.count', { count: 1 })).toBe('1 active member');
    expect(translate('en', 'members.roster.count', { count: 3 })).toBe('3 active members');
    expect(translate('en', 'insights.response.none', { count: 1 })).toBe('No first contact yet (1 referral in the period)');
    expect(translate('en', 'insights.response.none', { count: 3 })).toBe('No first contact yet (3 referrals in the period)');
    expect(translate('en', 'directory.results.for', { count: 1, need: 'Steuer' })).toBe('1 result for “Steuer”');
    expect(translate('en', 'directory.results.for', { count: 2, need: 'Steuer' })).toBe('2 results for “Steuer”');
  });

  it('accepts a count written as a string (handlebars hash values) and leaves plain messages alone', () => {
    expect(translate('de', 'members.roster.count', { count: '1' })).toBe('1 aktives Mitglied');
    expect(translate('en', 'notifications.unread_count', { count: 1 })).toBe('1 unread');
    expect(translate('de', 'breakfasts.detail.coming_yes', { count: 1 })).toBe('Kommen (1)');
  });

  it('without a count a plural key shows itself, so the gap is visible', () => {
    expect(translate('de', 'members.roster.count')).toBe('members.roster.count');
  });
});
