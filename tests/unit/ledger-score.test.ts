import { describe, expect, expectTypeOf, it } from 'vitest';
import { ageInDays, decayFactor } from '../../server/trust/decay.js';
import type { TrustEvent, TrustEventKind } from '../../server/ledger/events.js';
import type { TrustEventRow } from '../../server/ledger/queries.js';
import {
  addEvent,
  emptyTally,
  type ExplainedEvent,
  finalize,
  type MemberScore,
  scoreHistory,
  scoreMember,
} from '../../server/trust/score.js';
import { WILSON_Z, wilsonLowerBound } from '../../server/trust/wilson.js';

// ─── Test helpers ────────────────────────────────────────────────────────────────────────────

const DAY = 86_400_000;
const NOW = new Date('2025-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

/** The Wilson lower bound as textbooks print it, p̂ = r/n: the independent check of wilson.ts. */
function textbookWilson(r: number, n: number, z = 1.645): number {
  const p = r / n;
  return (p + (z * z) / (2 * n) - z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / (1 + (z * z) / n);
}
const expectedScore = (r: number, n: number) => 100 * textbookWilson(r, n);

let nextId = 0;
/**
 * An event about alice in "steuerberatung", fresh, from a client nobody else uses; a client's
 * answer came through the client's own mailbox (full weight) unless the test says otherwise.
 */
function event(kind: TrustEventKind, fields: Partial<TrustEvent> = {}): TrustEvent {
  nextId++;
  return {
    id: `e${nextId}`,
    kind,
    memberId: 'alice',
    topic: 'steuerberatung',
    clientId: `client-${nextId}`,
    // A giver nobody else uses, like the client: the rule table is about independent outcomes
    // (one giver's many referrals weigh by the √ law, tests/unit/trust-collusion.test.ts).
    giverId: `giver-${nextId}`,
    verification: 'mailbox',
    occurredAt: NOW,
    ...fields,
  };
}
const feedback = (rating: number, fields: Partial<TrustEvent> = {}) => event('feedback', { rating, ...fields });
const neverContacted = (fields: Partial<TrustEvent> = {}) => event('feedback', { neverContacted: true, ...fields });
const reversal = (target: TrustEvent, fields: Partial<TrustEvent> = {}) =>
  event('reversal', { memberId: target.memberId, reversesId: target.id, topic: null, clientId: null, giverId: null, ...fields });

const score = (events: TrustEvent[], memberId = 'alice', now = NOW) => scoreMember(events, memberId, now);
const explained = (events: TrustEvent[], target: TrustEvent): ExplainedEvent => {
  const found = score(events).explanation.find((e) => e.eventId === target.id);
  if (!found) throw new Error(`${target.id} is not in the explanation`);
  return found;
};

// ─── Wilson ─────────────────────────────────────────────────────────────────────────────────

describe('wilsonLowerBound', () => {
  it('matches hand-computed values', () => {
    // r = n: the bound is n / (n + z²). z² = 2.706025.
    expect(wilsonLowerBound(1, 1, 1.645)).toBeCloseTo(1 / 3.706025, 12);
    expect(wilsonLowerBound(1, 1, 1.645)).toBeCloseTo(0.26983088, 8);
    expect(wilsonLowerBound(2, 2, 1.645)).toBeCloseTo(0.42498712, 8);
    // One rating of 3 (r = s = ½): (0.5 + 1.353 − 1.645·√(0.25 + 0.6765)) / 3.706 ≈ 0.0728.
    expect(wilsonLowerBound(0.5, 1, 1.645)).toBeCloseTo(0.07275033, 8);
    expect(wilsonLowerBound(3, 4, 1.645)).toBeCloseTo(0.35613991, 8);
    expect(wilsonLowerBound(0, 1, 1.645)).toBe(0);
  });

  it('agrees with the textbook formula for fractional evidence', () => {
    for (const n of [0.3, 1, 2.5, 7, 40, 1000])
      for (const share of [0, 0.1, 0.5, 0.77, 1])
        expect(wilsonLowerBound(share * n, n), `${share}·${n}`).toBeCloseTo(textbookWilson(share * n, n), 12);
  });

  it('uses z = 1.645 unless told otherwise, and is 0 without trials', () => {
    expect(WILSON_Z).toBe(1.645);
    expect(wilsonLowerBound(1, 1)).toBe(wilsonLowerBound(1, 1, 1.645));
    expect(wilsonLowerBound(1, 1, 1.96)).toBeCloseTo(1 / (1 + 1.96 ** 2), 12);
    expect(wilsonLowerBound(0, 0)).toBe(0);
  });
});

// ─── The rule table, row by row ─────────────────────────────────────────────────────────────

describe('the rule table (rule version 1)', () => {
  it('referral_given is shown, not scored', () => {
    const advance = event('referral_given');
    const result = score([advance]);
    expect(result.overall).toMatchObject({ R: 0, S: 0, N: 0, score: null, evidence: 'none' });
    expect(result.explanation).toEqual([
      expect.objectContaining({ eventId: advance.id, counted: false, reason: 'advance_not_scored', contribution: { r: 0, s: 0 } }),
    ]);
  });

  it.each([
    [5, 1, 0],
    [4, 0.75, 0.25],
    [3, 0.5, 0.5],
    [2, 0.25, 0.75],
    [1, 0, 1],
  ])('feedback rated %i gives the receiver r = %d, s = %d', (rating, r, s) => {
    const result = score([feedback(rating)]);
    expect(result.overall).toMatchObject({ R: r, S: s, N: 1 });
    expect(result.overall.score).toBeCloseTo(expectedScore(r, 1), 10);
    expect(result.overall.typical).toBeCloseTo((r + 1) / 3, 12);
  });

  it('a single fresh 5-star feedback scores 100 / (1 + z²) ≈ 26.98', () => {
    expect(score([feedback(5)]).overall.score).toBeCloseTo(26.983088, 5);
  });

  it('"never contacted me" gives the receiver s = 1: a score of 0, which is not "no evidence"', () => {
    const result = score([neverContacted()]);
    expect(result.overall).toMatchObject({ R: 0, S: 1, N: 1, score: 0, evidence: 'little' });
  });

  it('"never contacted" wins over a rating sent along with it', () => {
    expect(score([neverContacted({ rating: 5 })]).overall).toMatchObject({ R: 0, S: 1 });
  });

  it('rule version 2: a feedback weighs by its verification — mailbox 1, shared ½, flagged 0, none recorded as shared', () => {
    const weightOf = (verification: string | null) => score([feedback(5, { verification })]).overall.R;
    expect(weightOf('mailbox')).toBeCloseTo(1, 12);
    expect(weightOf('shared')).toBeCloseTo(0.5, 12);
    expect(weightOf('flagged')).toBe(0);
    expect(weightOf(null)).toBeCloseTo(0.5, 12);
    const never = score([neverContacted({ verification: 'shared' })]).overall;
    expect([never.R, never.S]).toEqual([0, 0.5]);
  });

  it('business_closed gives r = ½, response_overdue s = ½', () => {
    expect(score([event('business_closed')]).overall).toMatchObject({ R: 0.5, S: 0, N: 0.5 });
    expect(score([event('response_overdue')]).overall).toMatchObject({ R: 0, S: 0.5, N: 0.5 });
    expect(score([event('business_closed')]).overall.score).toBeCloseTo(expectedScore(0.5, 0.5), 10);
  });

  it('referrer_feedback moves the giver’s referrer accuracy, not their trust score', () => {
    const result = score([event('referrer_feedback', { rating: 4 })]);
    expect(result.referrerAccuracy).toMatchObject({ R: 0.75, S: 0.25, N: 1 });
    expect(result.referrerAccuracy.score).toBeCloseTo(expectedScore(0.75, 1), 10);
    expect(result.overall.score).toBeNull();
    expect(result.byTopic).toEqual({});
  });

  it('referrer_feedback saying "never contacted" is not held against the giver', () => {
    const answer = event('referrer_feedback', { neverContacted: true });
    expect(score([answer]).referrerAccuracy).toMatchObject({ N: 0, score: null });
    expect(explained([answer], answer)).toMatchObject({ counted: false, reason: 'never_contacted_not_held_against_giver' });
  });

  it('a reversal takes back exactly what its target gave', () => {
    const good = feedback(4);
    const undo = reversal(good);
    const result = score([good, undo]);
    expect(result.overall).toMatchObject({ R: 0, S: 0, N: 0, score: null, evidence: 'none' });
    expect(result.byTopic['steuerberatung']).toMatchObject({ N: 0, score: null });
    const [target, cancel] = result.explanation;
    expect(target).toMatchObject({ counted: true, reversedBy: undo.id });
    expect(cancel).toMatchObject({ counted: true, reason: 'counted', reverses: good.id, base: { r: -0.75, s: -0.25 }, topic: 'steuerberatung' });
    expect(cancel?.contribution).toEqual({ r: -0.75, s: -0.25 });
  });

  it('explains rows that break the rules instead of failing', () => {
    const rows = [feedback(0), feedback(6), feedback(4.5), event('feedback'), event('referrer_feedback', { rating: null })];
    const result = score(rows);
    expect(result.overall.N).toBe(0);
    expect(result.explanation.map((e) => e.reason)).toEqual(Array(5).fill('invalid_event'));
  });

  it('scores ledger rows as they come from the database', () => {
    expectTypeOf<TrustEventRow>().toExtend<TrustEvent>();
    // A row with every column the table has (nulls where a feedback leaves them empty) scores like the event.
    const row = (id: string, rating: number): TrustEventRow => ({
      id,
      groupId: 'g1',
      seq: Number(id.slice(3)),
      kind: 'feedback',
      memberId: 'alice',
      topic: 'steuerberatung',
      referralId: `referral-${id}`,
      clientId: `client-${id}`,
      giverId: `giver-${id}`,
      rating,
      neverContacted: null,
      valueCents: null,
      reversesId: null,
      verification: 'mailbox',
      ruleVersion: 2,
      occurredAt: NOW,
      prevHash: '0'.repeat(64),
      hash: '1'.repeat(64),
    });
    const fromRows = score([row('row1', 5), row('row2', 5), row('row3', 1)]);
    const fromEvents = score([feedback(5), feedback(5), feedback(1)]);
    expect(fromRows.overall.N).toBeCloseTo(3, 10);
    expect(fromRows.overall.R).toBeCloseTo(2, 10);
    expect(fromRows.overall.score).toBeCloseTo(fromEvents.overall.score!, 10);
    expect(fromRows.explanation.map((e) => e.eventId)).toEqual(['row1', 'row2', 'row3']);
  });
});

// ─── Decay ──────────────────────────────────────────────────────────────────────────────────

describe('decay', () => {
  it('halves a weight after 365 days and quarters it after 730', () => {
    expect(decayFactor(daysAgo(365), NOW)).toBeCloseTo(0.5, 12);
    expect(score([feedback(5, { occurredAt: daysAgo(365) })]).overall.R).toBeCloseTo(0.5, 12);
    expect(score([neverContacted({ occurredAt: daysAgo(730) })]).overall.S).toBeCloseTo(0.25, 12);
  });

  it('explains base weight, age, decay and contribution', () => {
    const old = feedback(4, { occurredAt: daysAgo(365), referralId: 'ref-1' });
    expect(explained([old], old)).toMatchObject({ base: { r: 0.75, s: 0.25 }, decay: 0.5, counted: true, reason: 'counted', referralId: 'ref-1' });
    expect(explained([old], old).ageDays).toBeCloseTo(365, 9);
    expect(explained([old], old).contribution.r).toBeCloseTo(0.375, 12);
    expect(explained([old], old).contribution.s).toBeCloseTo(0.125, 12);
  });

  it('treats an event stamped in the future as brand new, never older than new', () => {
    expect(ageInDays(new Date(NOW.getTime() + DAY), NOW)).toBe(0);
    expect(score([feedback(5, { occurredAt: new Date(NOW.getTime() + 5 * DAY) })]).overall.R).toBe(1);
  });

  it('a late reversal cancels its target as the target weighs now', () => {
    const old = feedback(5, { occurredAt: daysAgo(400) });
    const undo = reversal(old, { occurredAt: NOW });
    expect(score([old, undo]).overall.N).toBe(0);
    expect(explained([old, undo], undo).decay).toBeCloseTo(decayFactor(daysAgo(400), NOW), 15);
    expect(explained([old, undo], undo).ageDays).toBeCloseTo(400, 9);
  });
});

// ─── Evidence levels ────────────────────────────────────────────────────────────────────────

describe('evidence', () => {
  it('with no events there is no score, only "no evidence yet"', () => {
    expect(score([]).overall).toEqual({
      R: 0,
      S: 0,
      N: 0,
      score: null,
      typical: 0.5,
      evidence: 'none',
      distinctClients: 0,
      distinctGivers: 0,
    });
    expect(score([]).referrerAccuracy.score).toBeNull();
  });

  it('is "little" below N = 3, "some" below 10, "strong" from 10', () => {
    const fives = (n: number) => Array.from({ length: n }, () => feedback(5));
    expect(score(fives(2)).overall.evidence).toBe('little');
    expect(score([...fives(2), event('business_closed')]).overall.evidence).toBe('little'); // N = 2.5
    expect(score(fives(3)).overall.evidence).toBe('some');
    expect(score(fives(9)).overall.evidence).toBe('some');
    expect(score(fives(10)).overall.evidence).toBe('strong');
  });

  it('returns the formula’s parameters with every score', () => {
    expect(score([]).rules).toMatchObject({ ruleVersion: 2, wilsonZ: 1.645, halfLifeDays: 365, sameClientWindowDays: 30, topicPriorOutcomes: 2 });
  });
});

// ─── Topics ─────────────────────────────────────────────────────────────────────────────────

describe('topic score', () => {
  it('shrinks toward the member’s overall record: R′ = R + 2E, S′ = S + 2(1 − E)', () => {
    const result = score([feedback(5), feedback(5), feedback(1, { topic: 'webdesign' })]);
    // Overall R = 2, S = 1 → E = (2 + 1) / (3 + 2) = 0.6 → prior R = 1.2, S = 0.8.
    const tax = result.byTopic['steuerberatung'];
    const web = result.byTopic['webdesign'];
    expect(tax?.prior.R).toBeCloseTo(1.2, 12);
    expect(tax?.prior.S).toBeCloseTo(0.8, 12);
    expect(tax).toMatchObject({ R: 2, S: 0, N: 2, evidence: 'little' });
    expect(tax?.score).toBeCloseTo(expectedScore(2 + 1.2, 2 + 2), 10);
    expect(tax?.typical).toBeCloseTo((3.2 + 1) / (4 + 2), 12);
    expect(web?.score).toBeCloseTo(expectedScore(1.2, 1 + 2), 10);
  });

  it('lists a topic with only an advance as "no evidence yet": the prior alone is not evidence', () => {
    const result = score([feedback(5), event('referral_given', { topic: 'webdesign' })]);
    expect(result.byTopic['webdesign']).toMatchObject({ N: 0, score: null, evidence: 'none' });
  });

  it('counts events without a topic only overall', () => {
    const result = score([feedback(5, { topic: null })]);
    expect(result.overall.N).toBe(1);
    expect(result.byTopic).toEqual({});
  });
});

// ─── Safeguards ─────────────────────────────────────────────────────────────────────────────

describe('the same client counts once per provider per 30 days', () => {
  it('a second feedback from the same client within 30 days contributes 0 and says why', () => {
    const first = feedback(5, { clientId: 'c', occurredAt: daysAgo(10) });
    const again = feedback(5, { clientId: 'c', occurredAt: daysAgo(1) });
    const result = score([first, again]);
    expect(result.overall).toMatchObject({ N: expect.closeTo(decayFactor(daysAgo(10), NOW), 12), distinctClients: 1 });
    expect(result.explanation[1]).toMatchObject({
      counted: false,
      reason: 'same_client_within_30_days',
      blockedBy: first.id,
      contribution: { r: 0, s: 0 },
    });
  });

  it('holds back negative feedback alike', () => {
    const events = [neverContacted({ clientId: 'c', occurredAt: daysAgo(20) }), neverContacted({ clientId: 'c', occurredAt: daysAgo(5) })];
    expect(score(events).explanation.map((e) => e.counted)).toEqual([true, false]);
  });

  it('counts from the counted feedback: 30 days later counts again, 29.9 days later does not', () => {
    const at = (day: number) => feedback(5, { clientId: 'c', occurredAt: daysAgo(100 - day) });
    expect(score([at(0), at(29.9)]).explanation.map((e) => e.counted)).toEqual([true, false]);
    expect(score([at(0), at(30)]).explanation.map((e) => e.counted)).toEqual([true, true]);
    // Day 20 is held back; day 35 is 35 days after the counted one, so it counts.
    expect(score([at(0), at(20), at(35)]).explanation.map((e) => e.counted)).toEqual([true, false, true]);
  });

  it('is per provider: the same client may confirm two different members', () => {
    const events = [feedback(5, { clientId: 'c' }), feedback(5, { clientId: 'c', memberId: 'carol' })];
    expect(score(events, 'alice').overall.N).toBe(1);
    expect(score(events, 'carol').overall.N).toBe(1);
  });

  it('leaves business_closed and events without a client id alone', () => {
    const events = [
      feedback(5, { clientId: 'c' }),
      event('business_closed', { clientId: 'c' }),
      feedback(5, { clientId: null }),
      feedback(5, { clientId: null }),
    ];
    expect(score(events).explanation.every((e) => e.counted)).toBe(true);
  });

  it('a reversed feedback frees the slot for later feedback, but does not revive one already held back', () => {
    const first = feedback(1, { clientId: 'c', occurredAt: daysAgo(10) });
    const held = feedback(5, { clientId: 'c', occurredAt: daysAgo(9) });
    const undo = reversal(first, { occurredAt: daysAgo(8) });
    const later = feedback(5, { clientId: 'c', occurredAt: daysAgo(7) });
    const result = score([first, held, undo, later]);
    expect(result.explanation.map((e) => [e.eventId, e.counted])).toEqual([
      [first.id, true],
      [held.id, false],
      [undo.id, true],
      [later.id, true],
    ]);
    expect(result.overall).toMatchObject({ S: 0, R: expect.closeTo(decayFactor(daysAgo(7), NOW), 12) });
  });
});

describe('distinct clients and givers', () => {
  it('counts who stands behind each score, per topic too', () => {
    const result = score([
      feedback(5, { clientId: 'c1', giverId: 'bob', occurredAt: daysAgo(100) }),
      feedback(4, { clientId: 'c2', giverId: 'bob' }),
      feedback(5, { clientId: 'c1', giverId: 'carol', topic: 'buchhaltung' }),
      feedback(5, { clientId: 'c3', giverId: 'dave', occurredAt: daysAgo(99) }),
      event('referral_given', { clientId: 'c9', giverId: 'erin' }), // an advance confirms nothing
      feedback(5, { clientId: 'c2', giverId: 'frank' }), // held back by the 30-day rule
    ]);
    expect(result.overall).toMatchObject({ distinctClients: 3, distinctGivers: 3 });
    expect(result.byTopic['steuerberatung']).toMatchObject({ distinctClients: 3, distinctGivers: 2 });
    expect(result.byTopic['buchhaltung']).toMatchObject({ distinctClients: 1, distinctGivers: 1 });
  });

  it('counts only clients with an outcome: a referral that only went overdue names its giver, not its client', () => {
    const result = score([
      feedback(5, { clientId: 'c1', giverId: 'bob' }),
      event('business_closed', { clientId: 'c2', giverId: 'bob' }),
      event('response_overdue', { clientId: 'c3', giverId: 'carol' }),
    ]);
    expect(result.overall).toMatchObject({ distinctClients: 2, distinctGivers: 2 });
    expect(result.byTopic['steuerberatung']).toMatchObject({ distinctClients: 2, distinctGivers: 2 });
  });

  it('a reversal takes its client and giver out again', () => {
    const only = feedback(5, { clientId: 'c2', giverId: 'carol' });
    const result = score([feedback(5, { clientId: 'c1', giverId: 'bob' }), only, reversal(only)]);
    expect(result.overall).toMatchObject({ distinctClients: 1, distinctGivers: 1 });
  });
});

// ─── Hand-computed cases ────────────────────────────────────────────────────────────────────

/**
 * Whole ledgers about alice with their scores worked out by hand. z² = 2.706025; a year-old
 * weight is halved. Referral r1 (client k1, given by bob) is the one that went overdue.
 */
describe('hand-computed cases', () => {
  const bob = { giverId: 'bob' };
  const given = (fields: Partial<TrustEvent> = {}) => event('referral_given', { ...bob, referralId: 'r1', clientId: 'k1', ...fields });
  const overdue = (fields: Partial<TrustEvent> = {}) => event('response_overdue', { ...bob, referralId: 'r1', clientId: 'k1', ...fields });
  const answer = (rating: number, fields: Partial<TrustEvent> = {}) => feedback(rating, { ...bob, referralId: 'r1', clientId: 'k1', ...fields });
  const confirmed = answer(5, { occurredAt: daysAgo(1) });

  type Case = { R: number; S: number; score: number | null; clients: number; givers: number };
  it.each<[string, () => TrustEvent[], Case]>([
    // R = 1, S = 0: 100 / (1 + z²) = 26.98.
    [
      'the client confirms the contact after the deadline was booked: only the 5 stars count',
      () => [given({ occurredAt: daysAgo(6) }), overdue({ occurredAt: daysAgo(2) }), answer(5, { occurredAt: NOW })],
      { R: 1, S: 0, score: 27, clients: 1, givers: 1 },
    ],
    // The client answered while the referral was still open; the deadline was booked after: the
    // same, the answer two days old: R = 2^(−2/365), S = 0, R / (R + z²) = 26.91.
    [
      'the deadline is booked after the client confirmed the contact',
      () => [answer(5, { occurredAt: daysAgo(2) }), overdue({ occurredAt: NOW })],
      { R: 2 ** (-2 / 365), S: 0, score: 27, clients: 1, givers: 1 },
    ],
    // R = ¾, S = ¼ from the rating alone: Wilson(0.75, 1) = 15.49.
    [
      'a 4-star confirmation leaves the rating’s own s, not the deadline’s',
      () => [overdue(), answer(4)],
      { R: 0.75, S: 0.25, score: 15, clients: 1, givers: 1 },
    ],
    // "Never contacted" is s = 1, and the deadline stays: S = 1.5, score 0. (Both are outcomes of
    // bob's one referral r1: one piece for the same-giver √ law, so nothing is diminished.)
    [
      '"never contacted" confirms nothing: the deadline stays',
      () => [overdue(), neverContacted({ ...bob, referralId: 'r1', clientId: 'k1' })],
      { R: 0, S: 1.5, score: 0, clients: 1, givers: 1 },
    ],
    // Another referral's client saying yes does not touch r1's deadline: R = 1, S = ½, Wilson(1, 1.5) = 16.64.
    ['a confirmation about another referral leaves the deadline alone', () => [overdue(), answer(5, { referralId: 'r2', clientId: 'k2' })], { R: 1, S: 0.5, score: 17, clients: 1, givers: 1 }],
    // k1 already counted for alice 10 days ago, so k1's second answer is held back and confirms
    // nothing: R = 2^(−10/365) = 0.981, S = ½, Wilson(0.981, 1.481) = 16.31.
    [
      'a confirmation held back by the 30-day rule confirms nothing',
      () => [answer(5, { referralId: 'r0', occurredAt: daysAgo(10) }), overdue(), answer(5)],
      { R: 2 ** (-10 / 365), S: 0.5, score: 16, clients: 1, givers: 1 },
    ],
    // The host took the confirmation back: the deadline counts again, and no client stands behind S.
    [
      'a reversed confirmation brings the deadline back',
      () => [overdue({ occurredAt: daysAgo(2) }), confirmed, reversal(confirmed)],
      { R: 0, S: 0.5 * 2 ** (-2 / 365), score: 0, clients: 0, givers: 1 },
    ],
    // Distinct clients: k1's referral only went overdue; k2 gave feedback, k3 business. Wilson(1.5, 2) = 24.78.
    [
      'a client whose referral only went overdue is not a client behind the score',
      () => [overdue(), feedback(5, { clientId: 'k2', giverId: 'carol' }), event('business_closed', { ...bob, clientId: 'k3' })],
      { R: 1.5, S: 0.5, score: 25, clients: 2, givers: 2 },
    ],
    ['a deadline alone: S = ½, a score of 0, no client', () => [given(), overdue()], { R: 0, S: 0.5, score: 0, clients: 0, givers: 1 }],
    // A reversal decays with its target: the feedback is two years old (¼), the reversal a year old.
    [
      'a reversal made a year after its target cancels it with the target’s age, not its own',
      () => {
        const old = feedback(5, { clientId: 'k2', occurredAt: daysAgo(730) });
        return [old, reversal(old, { occurredAt: daysAgo(365) }), feedback(4, { clientId: 'k3' })];
      },
      { R: 0.75, S: 0.25, score: 15, clients: 1, givers: 1 },
    ],
    [
      'a deadline a host reversed a year later leaves exactly no evidence',
      () => {
        const late = overdue({ occurredAt: daysAgo(400) });
        return [late, reversal(late, { occurredAt: NOW })];
      },
      { R: 0, S: 0, score: null, clients: 0, givers: 0 },
    ],
  ])('%s', (_name, events, expected) => {
    const result = score(events());
    expect(result.overall.R).toBeCloseTo(expected.R, 12);
    expect(result.overall.S).toBeCloseTo(expected.S, 12);
    expect(result.overall.score === null ? null : Math.round(result.overall.score)).toBe(expected.score);
    expect(result.overall).toMatchObject({ distinctClients: expected.clients, distinctGivers: expected.givers });
    // The topic is the same evidence here: every event is in "steuerberatung".
    if (expected.score !== null) expect(result.byTopic['steuerberatung']).toMatchObject({ R: result.overall.R, S: result.overall.S, distinctClients: expected.clients });
  });

  it('explains the superseded deadline by the feedback that superseded it; it is not there to be corrected', () => {
    const late = overdue({ occurredAt: daysAgo(2) });
    const yes = answer(5);
    expect(explained([late, yes], late)).toMatchObject({ counted: false, reason: 'superseded_by_client_contact', blockedBy: yes.id, contribution: { r: 0, s: 0 } });
    const undo = reversal(late);
    expect(explained([late, yes, undo], undo)).toMatchObject({ counted: false, reason: 'reversal_target_not_counted' });
    // Once the confirmation is reversed the deadline counts again, with its own weight and age.
    const back = explained([late, yes, reversal(yes)], late);
    expect(back).toMatchObject({ counted: true, reason: 'counted', blockedBy: null });
    expect(back.contribution.s).toBeCloseTo(0.5 * 2 ** (-2 / 365), 12);
  });

  it('a reversal’s line carries its target’s age and decay, at any later date and in the chart', () => {
    const old = feedback(5, { occurredAt: daysAgo(730) });
    const undo = reversal(old, { occurredAt: daysAgo(365) });
    expect(explained([old, undo], undo)).toMatchObject({ decay: expect.closeTo(0.25, 12), ageDays: expect.closeTo(730, 9) });
    expect(explained([old, undo], undo).contribution.r).toBeCloseTo(-0.25, 12);
    // At every point after the reversal the pair is nothing; before it, the feedback decayed to then.
    const points = [daysAgo(500), daysAgo(365), daysAgo(100), NOW];
    expect(scoreHistory([old, undo], 'alice', points).map((h) => h.overall.R)).toEqual([expect.closeTo(2 ** (-230 / 365), 12), 0, 0, 0]);
  });
});

describe('referrer accuracy', () => {
  it('is a separate score from the feedback on the referrals the member gave', () => {
    const events = [
      event('referrer_feedback', { rating: 5 }),
      event('referrer_feedback', { rating: 3 }),
      event('referrer_feedback', { neverContacted: true }),
      feedback(1),
    ];
    const result = score(events);
    expect(result.referrerAccuracy).toMatchObject({ R: 1.5, S: 0.5, N: 2, distinctClients: 2 });
    expect(result.referrerAccuracy.score).toBeCloseTo(expectedScore(1.5, 2), 10);
    expect(result.overall).toMatchObject({ R: 0, S: 1 });
  });
});

// ─── Explanation ────────────────────────────────────────────────────────────────────────────

describe('explanation', () => {
  it('lists the member’s events in ledger order, and their contributions add up to R and S', () => {
    const events = [
      feedback(5, { occurredAt: daysAgo(200) }),
      feedback(2, { memberId: 'carol' }),
      event('business_closed', { occurredAt: daysAgo(50) }),
      event('response_overdue', { topic: 'webdesign' }),
      event('referrer_feedback', { rating: 2 }),
    ];
    const result = score(events);
    expect(result.explanation.map((e) => e.eventId)).toEqual([events[0], events[2], events[3], events[4]].map((e) => e?.id));
    const sum = (track: string, part: 'r' | 's') =>
      result.explanation.filter((e) => e.track === track).reduce((total, e) => total + e.contribution[part], 0);
    expect(result.overall.R).toBeCloseTo(sum('trust', 'r'), 12);
    expect(result.overall.S).toBeCloseTo(sum('trust', 's'), 12);
    expect(result.referrerAccuracy.S).toBeCloseTo(sum('referrer_accuracy', 's'), 12);
    for (const e of result.explanation) {
      expect(e.decay).toBeCloseTo(2 ** (-e.ageDays / 365), 12);
      expect(e.contribution.r).toBeCloseTo(e.base.r * e.decay, 12);
    }
  });

  it('explains reversals it cannot apply', () => {
    const good = feedback(5);
    const undo = reversal(good);
    const events = [good, undo, reversal(good), reversal(undo), reversal(feedback(5, { memberId: 'carol' }), { memberId: 'alice' })];
    const reasons = score(events).explanation.map((e) => e.reason);
    expect(reasons).toEqual(['counted', 'counted', 'reversal_target_already_reversed', 'reversal_of_reversal', 'reversal_target_unknown']);
    const held = feedback(5, { clientId: 'c' });
    const repeat = feedback(5, { clientId: 'c' });
    expect(explained([held, repeat, reversal(repeat)], repeat)).toMatchObject({ counted: false, reversedBy: null });
    expect(score([held, repeat, reversal(repeat)]).explanation[2]?.reason).toBe('reversal_target_not_counted');
  });

  it('counts an event id only once', () => {
    const good = feedback(5);
    const result = score([good, good]);
    expect(result.overall.N).toBe(1);
    expect(result.explanation.map((e) => e.reason)).toEqual(['counted', 'duplicate_event_id']);
  });
});

// ─── What would move it ─────────────────────────────────────────────────────────────────────

describe('what would move it', () => {
  /** Fresh 5-star outcomes to add to (R, S) until the score reaches `milestone`, by brute force. */
  function outcomesNeeded(R: number, S: number, milestone: number): number {
    let k = 1;
    while (expectedScore(R + k, R + S + k) < milestone) k++;
    return k;
  }

  it('with no evidence: one confirmed outcome → 27', () => {
    const moves = score([]).whatWouldMoveIt.overall;
    expect(moves.current).toBeNull();
    expect(moves.afterOnePositive).toBeCloseTo(26.983088, 5);
    expect(moves.afterOneNegative).toBe(0);
    expect(moves.nextMilestone).toEqual({ milestone: 10, positiveOutcomes: 1, scoreAfter: moves.afterOnePositive });
  });

  it('names the outcomes needed to pass the next multiple of 10, and what one bad outcome does', () => {
    // R = 2.5, S = 1.5 → 100·W(2.5, 4) ≈ 26.3; the next milestone is 30.
    const result = score([feedback(5), feedback(5), feedback(3), feedback(1)]);
    const moves = result.whatWouldMoveIt.overall;
    expect(moves.current).toBeCloseTo(expectedScore(2.5, 4), 10);
    expect(moves.afterOneNegative).toBeCloseTo(expectedScore(2.5, 5), 10);
    expect(moves.afterOnePositive).toBeCloseTo(expectedScore(3.5, 5), 10);
    expect(outcomesNeeded(2.5, 1.5, 30)).toBe(1);
    expect(moves.nextMilestone).toEqual({ milestone: 30, positiveOutcomes: 1, scoreAfter: moves.afterOnePositive });
  });

  it('five confirmed outcomes: 2 more → 72 (DESIGN.md’s "2 more confirmed outcomes → 71")', () => {
    const moves = score(Array.from({ length: 5 }, () => feedback(5))).whatWouldMoveIt.overall;
    expect(moves.current).toBeCloseTo(100 * (5 / (5 + 1.645 ** 2)), 10); // ≈ 64.9
    expect(moves.nextMilestone).toEqual({ milestone: 70, positiveOutcomes: 2, scoreAfter: expect.closeTo(100 * (7 / (7 + 1.645 ** 2)), 10) });
    expect(moves.nextMilestone?.scoreAfter).toBeCloseTo(72.12, 2);
  });

  it('after three clients who were never called, it takes two good outcomes to pass 10', () => {
    const moves = score([neverContacted(), neverContacted(), neverContacted()]).whatWouldMoveIt.overall;
    expect(moves.current).toBe(0);
    expect(moves.nextMilestone).toMatchObject({ milestone: 10, positiveOutcomes: outcomesNeeded(0, 3, 10) });
    expect(moves.nextMilestone?.positiveOutcomes).toBe(2);
  });

  it('gives up beyond 100 outcomes, and at 90 and more (100 is out of reach)', () => {
    const fives = Array.from({ length: 30 }, () => feedback(5));
    expect(score(fives).overall.score).toBeGreaterThan(90);
    expect(score(fives).whatWouldMoveIt.overall.nextMilestone).toBeNull();
    const noShows = Array.from({ length: 1000 }, () => neverContacted({ clientId: null }));
    expect(score(noShows).whatWouldMoveIt.overall.nextMilestone).toBeNull();
  });

  it('for a topic, counts the outcome in the topic and in the overall record', () => {
    const result = score([feedback(5), feedback(1, { topic: 'webdesign' })]);
    // Overall after one more 5 in webdesign: R = 2, S = 1 → E = 0.6; webdesign R = 1, S = 1.
    expect(result.whatWouldMoveIt.byTopic['webdesign']?.afterOnePositive).toBeCloseTo(expectedScore(1 + 1.2, 2 + 2), 10);
    expect(result.whatWouldMoveIt.referrerAccuracy.current).toBeNull();
  });
});

// ─── Incremental form and history ───────────────────────────────────────────────────────────

describe('incremental form', () => {
  it('folding event by event is the full recompute, and finalize leaves the tally alone', () => {
    const events = [feedback(5), feedback(2, { occurredAt: daysAgo(40) }), event('business_closed'), event('referrer_feedback', { rating: 4 })];
    const tally = emptyTally('alice', NOW);
    const seen: MemberScore[] = [];
    for (const e of events) {
      addEvent(tally, e);
      seen.push(finalize(tally));
    }
    addEvent(tally, reversal(events[0] as TrustEvent));
    expect(seen.at(-1)).toEqual(score(events));
    // An earlier result does not change when folding goes on.
    expect(seen.at(-1)?.explanation[0]?.reversedBy).toBeNull();
    expect(finalize(tally).explanation[0]?.reversedBy).not.toBeNull();
  });
});

describe('scoreHistory', () => {
  it('scores each date with the events up to then, decayed to then', () => {
    const start = daysAgo(730);
    const first = feedback(5, { occurredAt: start });
    const second = feedback(5, { occurredAt: daysAgo(365) });
    const undo = reversal(second, { occurredAt: daysAgo(10) });
    const points = [daysAgo(800), start, daysAgo(365), daysAgo(11), NOW];
    const history = scoreHistory([first, second, undo], 'alice', points);
    expect(history.map((h) => h.at)).toEqual(points);
    expect(history[0]?.overall.score).toBeNull();
    expect(history[1]?.overall.score).toBeCloseTo(expectedScore(1, 1), 10);
    expect(history[2]?.overall.R).toBeCloseTo(1.5, 12); // first is a year old, second brand new
    expect(history[3]?.overall.R).toBeCloseTo(decayFactor(start, daysAgo(11)) + decayFactor(daysAgo(365), daysAgo(11)), 12);
    expect(history[4]?.overall.R).toBeCloseTo(0.25, 12); // second reversed; first two years old
    expect(history[4]).toEqual({ at: NOW, ...pick(score([first, second, undo])) });
  });
});

function pick({ overall, byTopic, referrerAccuracy }: MemberScore) {
  return { overall, byTopic, referrerAccuracy };
}
