import { describe, expect, it } from 'vitest';
import { translator } from '../../server/shared/i18n.js';
import { type DescribeContext, describeEvent, displayTopic, formatContribution, type LedgerLineInput } from '../../server/trust/describe.js';
import { formatsFor } from '../../server/shared/format.js';
import type { ExplainedEvent } from '../../server/trust/score.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T09:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

const de: DescribeContext = { locale: 'de', t: translator('de'), now: NOW };
const en: DescribeContext = { locale: 'en', t: translator('en'), now: NOW };

function explained(fields: Partial<ExplainedEvent> = {}): ExplainedEvent {
  return {
    eventId: 'e1',
    kind: 'feedback',
    referralId: null,
    track: 'trust',
    topic: 'steuerberatung',
    occurredAt: daysAgo(122),
    ageDays: 122,
    base: { r: 0.75, s: 0.25 },
    decay: 0.79,
    contribution: { r: 0.5925, s: 0.1975 },
    counted: true,
    reason: 'counted',
    blockedBy: null,
    reverses: null,
    reversedBy: null,
    ...fields,
  };
}

function input(fields: Partial<LedgerLineInput> = {}): LedgerLineInput {
  return {
    explained: explained(),
    rating: 4,
    neverContacted: null,
    giverName: 'Anna Berger',
    receiverName: null,
    target: null,
    blockedAt: null,
    reversedAt: null,
    ...fields,
  };
}

describe('describeEvent', () => {
  it('reads a rated feedback as one sentence, with locale numbers', () => {
    const line = describeEvent(input(), de);
    expect(line.line).toBe('Kundin oder Kunde bestätigt Ergebnis (4 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, vor 4 Monaten: +0,59 / −0,20');
    expect(line).toMatchObject({ amount: '+0,59 / −0,20', note: null, tone: 'mixed' });
    expect(describeEvent(input(), en).line).toBe(
      'Client confirmed the outcome (4 of 5), referred by Anna Berger, topic Steuerberatung, 4 months ago: +0.59 / −0.20',
    );
  });

  it('shows a fully positive or negative outcome with one sign', () => {
    const five = describeEvent(input({ rating: 5, explained: explained({ base: { r: 1, s: 0 }, contribution: { r: 1, s: 0 }, occurredAt: NOW }) }), de);
    expect(five.line).toBe('Kundin oder Kunde bestätigt Ergebnis (5 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, heute: +1,00');
    expect(five.tone).toBe('positive');
    const never = describeEvent(
      input({ rating: null, neverContacted: true, explained: explained({ base: { r: 0, s: 1 }, contribution: { r: 0, s: 0.5 }, occurredAt: daysAgo(365) }) }),
      de,
    );
    expect(never.line).toBe('Kundin oder Kunde sagt: nie kontaktiert, Empfehlung von Anna Berger, Thema Steuerberatung, vor 12 Monaten: −0,50');
    expect(never.tone).toBe('negative');
  });

  it('says why an event did not count', () => {
    const held = describeEvent(
      input({
        explained: explained({ counted: false, reason: 'same_client_within_30_days', contribution: { r: 0, s: 0 }, blockedBy: 'e0', occurredAt: daysAgo(3) }),
        blockedAt: new Date('2026-11-10T12:00:00Z'),
      }),
      de,
    );
    expect(held.line).toBe(
      'Kundin oder Kunde bestätigt Ergebnis (4 von 5), Empfehlung von Anna Berger, Thema Steuerberatung, vor 3 Tagen: zählt nicht: dieselbe Kundin oder derselbe Kunde zählt nur einmal in 30 Tagen (schon gezählt am 10. November 2026)',
    );
    expect(held).toMatchObject({ amount: null, tone: 'neutral' });

    const advance = describeEvent(
      input({ rating: null, explained: explained({ kind: 'referral_given', counted: false, reason: 'advance_not_scored', base: { r: 0, s: 0 }, contribution: { r: 0, s: 0 }, occurredAt: daysAgo(20) }) }),
      de,
    );
    expect(advance.line).toBe('Empfehlung von Anna Berger erhalten (Vertrauensvorschuss), Thema Steuerberatung, vor 2 Wochen: wird gezeigt, nicht gewertet');

    const notHeldAgainst = describeEvent(
      input({
        giverName: null,
        receiverName: 'Theo Tischler',
        rating: null,
        neverContacted: true,
        explained: explained({ kind: 'referrer_feedback', track: 'referrer_accuracy', counted: false, reason: 'never_contacted_not_held_against_giver', occurredAt: daysAgo(1) }),
      }),
      en,
    );
    expect(notHeldAgainst.line).toBe(
      'Referral to Theo Tischler: Client says: never contacted, topic Steuerberatung, 1 day ago: does not count: that nobody got in touch is not the referrer’s fault',
    );
  });

  it('names the reversal that cancelled an event, and the event a reversal cancels', () => {
    const cancelled = describeEvent(input({ reversedAt: new Date('2026-11-20T10:00:00Z') }), de);
    expect(cancelled.line).toMatch(/: \+0,59 \/ −0,20 – aufgehoben durch Korrektur vom 20\. November 2026$/);

    const reversal = describeEvent(
      input({
        rating: null,
        giverName: 'Anna Berger',
        target: { occurredAt: daysAgo(122) },
        explained: explained({ eventId: 'e2', kind: 'reversal', occurredAt: daysAgo(3), base: { r: -0.75, s: -0.25 }, contribution: { r: -0.5925, s: -0.1975 }, reverses: 'e1' }),
      }),
      de,
    );
    // The giver belongs to the cancelled event's line, not the correction's.
    expect(reversal.line).toBe('Korrektur: Eintrag vom 24. Juli 2026 aufgehoben, Thema Steuerberatung, vor 3 Tagen: −0,59 / +0,20');
    expect(reversal.tone).toBe('mixed');

    const unknown = describeEvent(
      input({ explained: explained({ kind: 'reversal', topic: null, counted: false, reason: 'reversal_target_unknown', contribution: { r: 0, s: 0 }, occurredAt: NOW }) }),
      de,
    );
    expect(unknown.line).toBe('Korrektur eines unbekannten Eintrags, heute: zählt nicht: der aufgehobene Eintrag ist unbekannt');
  });

  it('describes business won and a missed deadline', () => {
    const won = explained({ kind: 'business_closed', base: { r: 0.5, s: 0 }, contribution: { r: 0.5, s: 0 }, occurredAt: daysAgo(45) });
    expect(describeEvent(input({ rating: null, explained: won }), de).line).toBe(
      'Auftrag gewonnen, Empfehlung von Anna Berger, Thema Steuerberatung, vor 6 Wochen: +0,50',
    );
    const late = explained({ kind: 'response_overdue', topic: null, base: { r: 0, s: 0.5 }, contribution: { r: 0, s: 0.5 }, occurredAt: daysAgo(800) });
    expect(describeEvent(input({ rating: null, explained: late }), en).line).toBe('Response deadline missed, referred by Anna Berger, 2 years ago: −0.50');
  });

  it('says that a missed deadline no longer counts once the client confirmed the contact', () => {
    const superseded = explained({
      kind: 'response_overdue',
      base: { r: 0, s: 0.5 },
      contribution: { r: 0, s: 0 },
      counted: false,
      reason: 'superseded_by_client_contact',
      blockedBy: 'e2',
      occurredAt: NOW,
    });
    const line = describeEvent(input({ rating: null, explained: superseded, blockedAt: NOW }), de);
    expect(line).toMatchObject({ amount: null, tone: 'neutral' });
    expect(line.line).toBe(
      'Antwortfrist verpasst, Empfehlung von Anna Berger, Thema Steuerberatung, heute: zählt nicht mehr: die Kundin oder der Kunde hat den Kontakt bestätigt',
    );
    expect(describeEvent(input({ rating: null, explained: superseded }), en).note).toBe('no longer counts: the client confirmed they were contacted');
  });
});

describe('helpers', () => {
  it('formatContribution shows plus for r, minus for s, and ±0 for nothing', () => {
    const { signed } = formatsFor('de');
    expect(formatContribution({ r: 0.5, s: 0 }, signed)).toBe('+0,50');
    expect(formatContribution({ r: 0, s: 0.25 }, signed)).toBe('−0,25');
    expect(formatContribution({ r: -0, s: -0 }, signed)).toBe('±0');
  });

  it('displayTopic capitalises the normalised topic', () => {
    expect(displayTopic('steuerberatung', 'de')).toBe('Steuerberatung');
    expect(displayTopic('ölheizung', 'de')).toBe('Ölheizung');
  });

  it('ages read naturally', () => {
    const { age } = formatsFor('de');
    expect(age(NOW, NOW)).toBe('heute');
    expect(age(daysAgo(1), NOW)).toBe('vor 1 Tag');
    expect(age(daysAgo(13), NOW)).toBe('vor 13 Tagen');
    expect(age(daysAgo(30), NOW)).toBe('vor 4 Wochen');
    expect(age(daysAgo(365), NOW)).toBe('vor 12 Monaten');
    expect(age(daysAgo(1100), NOW)).toBe('vor 3 Jahren');
    // A clock that runs behind the event: never "in 2 days".
    expect(age(daysAgo(-2), NOW)).toBe('heute');
  });
});
