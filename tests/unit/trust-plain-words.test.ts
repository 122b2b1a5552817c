import { describe, expect, it } from 'vitest';
import type { TrustEvent } from '../../server/ledger/events.js';
import { translator } from '../../server/shared/i18n.js';
import { DEFAULT_TIME_ZONE, monthsBefore } from '../../server/shared/time.js';
import { outcomeCounts, type OutcomeCounts } from '../../server/trust/outcome-counts.js';
import { plainWords, type PlainWordsContext } from '../../server/trust/plain-words.js';
import { scoreMember } from '../../server/trust/score.js';

const DAY = 86_400_000;
const NOW = new Date('2026-11-23T09:00:00Z');
const NEW_YORK = 'America/New_York';

let seq = 0;
function event(fields: Partial<TrustEvent>): TrustEvent {
  seq++;
  return {
    id: `e${seq}`,
    kind: 'feedback',
    memberId: 'rita',
    topic: 'steuerberatung',
    referralId: `r${seq}`,
    clientId: `client-${seq}`,
    giverId: 'anna',
    rating: 5,
    neverContacted: null,
    reversesId: null,
    verification: 'mailbox',
    occurredAt: new Date(NOW.getTime() - 10 * DAY),
    ...fields,
  };
}

const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

function counts(rows: TrustEvent[], now = NOW, timeZone = DEFAULT_TIME_ZONE): OutcomeCounts {
  return outcomeCounts({ rows, explanation: scoreMember(rows, 'rita', now).explanation, memberId: 'rita', now, timeZone });
}

function words(c: OutcomeCounts, locale: 'de' | 'en', extra: Partial<PlainWordsContext> = {}) {
  return plainWords(c, {
    locale,
    t: translator(locale),
    name: 'Rita Rechner',
    isOwn: false,
    hasScore: true,
    tradeNames: new Map([['steuerberatung', 'Steuerberatung']]),
    ...extra,
  });
}

describe('monthsBefore', () => {
  it('goes back on the wall clock of the zone, across summer time, and clamps to the month’s last day', () => {
    // 10:00 summer time in Berlin → 10:00 winter time six months earlier.
    expect(monthsBefore(new Date('2026-07-15T08:00:00Z'), 6, DEFAULT_TIME_ZONE).toISOString()).toBe('2026-01-15T09:00:00.000Z');
    expect(monthsBefore(new Date('2026-03-31T10:00:00Z'), 1, DEFAULT_TIME_ZONE).toISOString()).toBe('2026-02-28T11:00:00.000Z');
    // 1 March 04:00 in Berlin is still 28 February 22:00 in New York.
    const instant = new Date('2026-03-01T03:00:00Z');
    expect(monthsBefore(instant, 1, DEFAULT_TIME_ZONE).toISOString()).toBe('2026-02-01T03:00:00.000Z');
    expect(monthsBefore(instant, 1, NEW_YORK).toISOString()).toBe('2026-01-29T03:00:00.000Z');
    expect(monthsBefore(new Date('2026-11-23T09:00:00Z'), 12, DEFAULT_TIME_ZONE).toISOString()).toBe('2025-11-23T09:00:00.000Z');
  });
});

describe('outcome counts of the last year', () => {
  it('counts what the score counts, per topic and verification, and leaves out the old, the reversed, the held back and the superseded', () => {
    const reversed = event({ rating: 5 });
    const rows = [
      event({ rating: 5, clientId: 'twice' }),
      event({ rating: 4 }),
      event({ rating: 5, verification: 'shared' }),
      // Held for a host's review: not counted, so not "confirmed good work" either.
      event({ rating: 5, topic: 'webdesign', verification: 'flagged' }),
      event({ rating: 3, verification: null }),
      event({ rating: 2 }),
      event({ rating: 1, verification: 'shared' }),
      event({ rating: null, neverContacted: true }),
      // Older than a year: not in the words (it still is in the score).
      event({ rating: 5, occurredAt: daysAgo(400) }),
      reversed,
      event({ kind: 'reversal', reversesId: reversed.id, rating: null, occurredAt: daysAgo(5) }),
      // The same client again within 30 days: held back by the score, so not a second client here.
      event({ rating: 1, clientId: 'twice', occurredAt: daysAgo(3) }),
      // A missed deadline that stands, and one the client's "yes, I was contacted" superseded.
      event({ kind: 'response_overdue', rating: null, referralId: 'late', occurredAt: daysAgo(20) }),
      event({ kind: 'response_overdue', rating: null, referralId: 'answered', occurredAt: daysAgo(20) }),
      event({ rating: 4, referralId: 'answered', topic: 'webdesign', verification: 'shared', occurredAt: daysAgo(2) }),
      event({ kind: 'business_closed', rating: null, occurredAt: daysAgo(1) }),
      // Rita as a giver: two of three rated answers satisfied; "never contacted" is not held against her.
      event({ kind: 'referrer_feedback', rating: 5 }),
      event({ kind: 'referrer_feedback', rating: 4, verification: 'shared' }),
      event({ kind: 'referrer_feedback', rating: 2 }),
      event({ kind: 'referrer_feedback', rating: null, neverContacted: true }),
      // Someone else's event in the rows is not Rita's.
      event({ memberId: 'someone', rating: 5 }),
    ];
    const c = counts(rows);
    expect(c.goodByTopic).toEqual([
      { topic: 'steuerberatung', count: 3, verification: { mailbox: 2, shared: 1 } },
      { topic: 'webdesign', count: 1, verification: { mailbox: 0, shared: 1 } },
    ]);
    expect(c.mixed).toEqual({ count: 1, verification: { mailbox: 0, shared: 1 } });
    expect(c.poor).toEqual({ count: 2, verification: { mailbox: 1, shared: 1 } });
    expect(c.notContacted.count).toBe(1);
    expect(c.overdue).toBe(1);
    expect(c.businessClosed).toBe(1);
    expect(c.asGiver).toEqual({ count: 3, satisfied: 2, verification: { mailbox: 2, shared: 1 } });
    expect(c.any).toBe(true);
  });

  it('measures "a year" on the group’s wall clock', () => {
    // 29 March 2026, 14:00 summer time in Berlin: a year before is 14:00 winter time (13:00 UTC);
    // in New York, 08:00 summer time then and a year before (12:00 UTC).
    const now = new Date('2026-03-29T12:00:00Z');
    const rows = [event({ occurredAt: new Date('2025-03-29T12:30:00Z') })];
    expect(counts(rows, now, DEFAULT_TIME_ZONE).any).toBe(false);
    expect(counts(rows, now, NEW_YORK).goodByTopic[0]?.count).toBe(1);
  });

  it('is empty without events in the last year', () => {
    const c = counts([event({ occurredAt: daysAgo(500) })]);
    expect(c.any).toBe(false);
    expect(c.goodByTopic).toEqual([]);
  });
});

describe('plain words', () => {
  const one = () => counts([event({ rating: 5 }), event({ kind: 'response_overdue', rating: null, occurredAt: daysAgo(1) })]);
  const many = () =>
    counts([
      ...Array.from({ length: 7 }, (_, i) => event({ rating: 4 + (i % 2), verification: i < 5 ? 'mailbox' : 'shared' })),
      event({ rating: 3 }),
      event({ rating: 3 }),
      event({ rating: 1 }),
      event({ rating: 2 }),
      event({ rating: null, neverContacted: true }),
      event({ rating: null, neverContacted: true }),
      event({ kind: 'response_overdue', rating: null, occurredAt: daysAgo(1) }),
      event({ kind: 'response_overdue', rating: null, occurredAt: daysAgo(2) }),
      event({ kind: 'business_closed', rating: null, occurredAt: daysAgo(1) }),
      event({ kind: 'business_closed', rating: null, occurredAt: daysAgo(2) }),
      ...Array.from({ length: 6 }, (_, i) => event({ kind: 'referrer_feedback', rating: i === 0 ? 2 : 5 })),
    ]);

  it('tells one client in German and English', () => {
    expect(words(one(), 'de').sentences.map((s) => s.text)).toEqual([
      '1 Kundin oder Kunde hat im letzten Jahr gute Arbeit in Steuerberatung bestätigt.',
      '1 Kundin oder Kunde wurde nicht rechtzeitig kontaktiert.',
    ]);
    expect(words(one(), 'en').sentences.map((s) => s.text)).toEqual([
      '1 client confirmed good work in Steuerberatung in the last year.',
      '1 client was not contacted in time.',
    ]);
  });

  it('tells many clients, each count with its verification badges', () => {
    const de = words(many(), 'de');
    expect(de.empty).toBeNull();
    expect(de.sentences.map((s) => s.text)).toEqual([
      '7 Kundinnen und Kunden haben im letzten Jahr gute Arbeit in Steuerberatung bestätigt.',
      '2 Kundinnen und Kunden waren nur teilweise zufrieden (3 von 5).',
      '2 Kundinnen und Kunden waren nicht zufrieden (1 oder 2 von 5).',
      '2 Kundinnen und Kunden wurden nach eigener Aussage nie kontaktiert.',
      '2 Kundinnen und Kunden wurden nicht rechtzeitig kontaktiert.',
      '2 Empfehlungen wurden zum Auftrag.',
      'Empfehlungen von Rita Rechner: 5 von 6 Kundinnen und Kunden waren zufrieden.',
    ]);
    expect(de.sentences[0]!.badges.map((b) => [b.kind, b.label, b.tone])).toEqual([
      ['mailbox', '5 über das Postfach der Kundschaft bestätigt', 'ok'],
      ['shared', '2 von Hand weitergegeben', 'muted'],
    ]);
    expect(de.sentences[4]!.badges).toEqual([]);
    expect(words(many(), 'de', { isOwn: true }).sentences.at(-1)!.text).toBe('Deine Empfehlungen: 5 von 6 Kundinnen und Kunden waren zufrieden.');

    const en = words(many(), 'en');
    expect(en.sentences.map((s) => s.text)).toEqual([
      '7 clients confirmed good work in Steuerberatung in the last year.',
      '2 clients were only partly satisfied (3 of 5).',
      '2 clients were not satisfied (1 or 2 of 5).',
      '2 clients say they were never contacted.',
      '2 clients were not contacted in time.',
      '2 referrals became a job.',
      "Rita Rechner's referrals: 5 of 6 clients were satisfied.",
    ]);
    expect(en.sentences[0]!.badges.map((b) => b.label)).toEqual(["5 confirmed by the client's mailbox", '2 shared by hand']);
    expect(words(many(), 'en', { isOwn: true }).sentences.at(-1)!.text).toBe('Your referrals: 5 of 6 clients were satisfied.');
  });

  it('names a topic that is no trade of the group with a capital letter; an answer held for review says nothing yet', () => {
    const c = counts([event({ rating: 5, topic: 'webdesign', verification: 'shared' })]);
    const [sentence] = words(c, 'de').sentences;
    expect(sentence!.text).toBe('1 Kundin oder Kunde hat im letzten Jahr gute Arbeit in Webdesign bestätigt.');
    expect(sentence!.badges.map((b) => b.label)).toEqual(['1 von Hand weitergegeben']);
    expect(words(counts([event({ rating: 5, topic: 'webdesign', verification: 'flagged' })]), 'de').sentences).toEqual([]);
  });

  it('counts an answer a host found genuine with the badge of its link, and none held back after the fact', () => {
    const flagged = event({ rating: 5, topic: 'webdesign', verification: 'flagged' });
    const genuine = event({ kind: 'feedback_reviewed', reversesId: flagged.id, verification: 'mailbox', rating: null });
    const badges = (rows: TrustEvent[]) => words(counts(rows), 'de').sentences.map((s) => s.badges.map((b) => b.label));
    expect(badges([flagged, genuine])).toEqual([['1 über das Postfach der Kundschaft bestätigt']]);
    const mailbox = event({ rating: 5, topic: 'webdesign', verification: 'mailbox' });
    const held = event({ kind: 'feedback_held', reversesId: mailbox.id, verification: 'flagged', rating: null });
    expect(badges([mailbox])).toHaveLength(1);
    expect(badges([mailbox, held])).toEqual([]);
  });

  it('says "no score yet" without any evidence, and that the score rests on older entries without recent ones', () => {
    const none = counts([]);
    expect(words(none, 'de', { hasScore: false })).toEqual({
      sentences: [],
      empty: 'Noch kein Wert: Bisher hat keine Kundin und kein Kunde eine Rückmeldung zu Rita Rechner gegeben.',
    });
    expect(words(none, 'en', { hasScore: false }).empty).toBe('No score yet: no client has given feedback on Rita Rechner so far.');
    const old = counts([event({ occurredAt: daysAgo(500) })]);
    expect(words(old, 'de').empty).toBe('Im letzten Jahr kam keine Rückmeldung; der Wert beruht auf älteren Einträgen.');
    expect(words(old, 'en').empty).toBe('No feedback came in the last year; the score rests on older entries.');
  });
});
