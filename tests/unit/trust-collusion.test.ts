import { describe, expect, it } from 'vitest';
import type { TrustEvent, TrustEventKind } from '../../server/ledger/events.js';
import { translator } from '../../server/shared/i18n.js';
import { COLLUSION_RULES, groupContext, mutualReferrals, reciprocalDamping, sameGiverFactor, giverWeightOf } from '../../server/trust/collusion.js';
import { collusionText } from '../../server/trust/describe-collusion.js';
import { formatsFor } from '../../server/shared/format.js';
import { scoreMember } from '../../server/trust/score.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';

const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const daysAgo = (days: number) => new Date(NOW.getTime() - days * DAY);

let n = 0;
/** A fresh event from its own referral and client, answered through the client's mailbox. */
function event(kind: TrustEventKind, memberId: string, giverId: string, fields: Partial<TrustEvent> = {}): TrustEvent {
  n++;
  return { id: `e${n}`, kind, memberId, giverId, topic: 'steuerberatung', referralId: `r${n}`, clientId: `c${n}`, verification: 'mailbox', occurredAt: NOW, ...fields };
}
const five = (receiver: string, giver: string, fields: Partial<TrustEvent> = {}) => event('feedback', receiver, giver, { rating: 5, ...fields });
const referral = (receiver: string, giver: string, fields: Partial<TrustEvent> = {}) => event('referral_given', receiver, giver, fields);

describe('same giver: n equal pieces count like min(√n, K), K = 1.5', () => {
  it('the cap is 1.5 pieces', () => expect(COLLUSION_RULES.sameGiverCap).toBe(1.5));

  it('two 5-star outcomes from bob count √2 = 1.414 (under the cap), each with weight 1/√2 = 0.707', () => {
    expect(sameGiverFactor([1, 1])).toBeCloseTo(1 / Math.sqrt(2), 12);
    const result = scoreMember([five('alice', 'bob'), five('alice', 'bob')], 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(Math.sqrt(2), 12);
    expect(result.explanation[0]!.collusion).toMatchObject({ sameGiver: { pieces: 2, capped: false }, giverWeight: 1, reciprocal: null });
  });

  it('three 5-star outcomes from bob count min(√3, 1.5) = 1.5, each with weight 1.5 / 3 = 0.5', () => {
    expect(sameGiverFactor([1, 1, 1])).toBeCloseTo(0.5, 12);
    const events = [five('alice', 'bob'), five('alice', 'bob'), five('alice', 'bob')];
    const result = scoreMember(events, 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(1.5, 12);
    // Wilson(1.5, 1.5) = 100 × 1.5 / (1.5 + 1.645²) = 35.7, where three independent givers score 52.6.
    expect(result.overall.score).toBeCloseTo(100 * wilsonLowerBound(1.5, 1.5), 9);
    expect(Math.round(result.overall.score!)).toBe(36);
    expect(Math.round(scoreMember([five('alice', 'b1'), five('alice', 'b2'), five('alice', 'b3')], 'alice', NOW).overall.score!)).toBe(53);
    expect(result.explanation[0]!.collusion).toMatchObject({ sameGiver: { pieces: 3, capped: true }, giverWeight: 1, reciprocal: null });
  });

  it('a flood of 20 from one giver counts like 1.5, no more than 3 (each weight 0.075)', () => {
    expect(sameGiverFactor(Array.from({ length: 20 }, () => 1))).toBeCloseTo(0.075, 12);
    const flood = scoreMember(Array.from({ length: 20 }, () => five('alice', 'bob')), 'alice', NOW);
    expect(flood.overall.R).toBeCloseTo(1.5, 12);
  });

  it('unequal pieces are capped at 1.5 × the largest: a fresh piece and three year-old ones give min(√(1 + 3 × ¼), 1.5) = 1.5, not 1.323', () => {
    expect(sameGiverFactor([1, 0.5, 0.5, 0.5])).toBeCloseTo(Math.min(Math.sqrt(1.75), 1.5) / 2.5, 12);
    expect(sameGiverFactor([1, 0.5, 0.5])).toBeCloseTo(Math.sqrt(1.5) / 2, 12);
  });

  it('good and bad news are diminished apart: bob’s 5, 5 and 1 give R = √2, S = 1', () => {
    const result = scoreMember([five('alice', 'bob'), five('alice', 'bob'), five('alice', 'bob', { rating: 1 })], 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(Math.sqrt(2), 12);
    expect(result.overall.S).toBeCloseTo(1, 12);
  });

  it('unequal pieces: √(Σx²) / Σx, so a year-old and a fresh outcome give √(¼ + 1) = 1.118', () => {
    const result = scoreMember([five('alice', 'bob', { occurredAt: daysAgo(365) }), five('alice', 'bob')], 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(Math.sqrt(1.25), 12);
  });

  it('one referral is one piece: its deadline and its "never contacted" add up first (S = 1.5)', () => {
    const overdue = event('response_overdue', 'alice', 'bob', { referralId: 'r-x', clientId: 'k' });
    const never = event('feedback', 'alice', 'bob', { referralId: 'r-x', clientId: 'k', neverContacted: true });
    expect(scoreMember([overdue, never], 'alice', NOW).overall.S).toBeCloseTo(1.5, 12);
  });
});

describe('reciprocal damping: 1 / (1 + (m / 1.5)²)', () => {
  it('is 1 without mutual referrals, 0.692 for one, 0.36 for two, ½ at m = 1.5', () => {
    expect(reciprocalDamping(0)).toBe(1);
    expect(reciprocalDamping(1)).toBeCloseTo(1 / (1 + 1 / 2.25), 12);
    expect(reciprocalDamping(2)).toBeCloseTo(0.36, 12);
    expect(reciprocalDamping(1.5)).toBe(0.5);
  });

  it('a pair: alice referred bob twice, bob referred alice twice → bob’s good evidence for alice ×0.36, bad evidence untouched', () => {
    const events = [referral('bob', 'alice'), referral('bob', 'alice'), referral('alice', 'bob'), referral('alice', 'bob'), five('alice', 'bob', { rating: 3 })];
    const result = scoreMember(events, 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(0.5 * 0.36, 12);
    expect(result.overall.S).toBeCloseTo(0.5, 12);
    expect(result.explanation.at(-1)!.collusion?.reciprocal).toEqual({ mutual: 2, factor: 0.36 });
  });

  it('a ring of three: a → b → c → a twice each damps each link ×0.36; referrals older than a year do not count', () => {
    const twice = (receiver: string, giver: string) => [referral(receiver, giver), referral(receiver, giver)];
    const ring = [...twice('b', 'a'), ...twice('c', 'b'), ...twice('a', 'c')];
    const ctx = groupContext(ring, NOW);
    expect(mutualReferrals(ctx, 'a', 'b')).toBe(2);
    expect(mutualReferrals(ctx, 'b', 'c')).toBe(2);
    expect(mutualReferrals(ctx, 'c', 'a')).toBe(2);
    // 1 / (1 + (2 / 1.5)²) = 0.36
    expect(scoreMember([...ring, five('b', 'a')], 'b', NOW).overall.R).toBeCloseTo(1 / (1 + 4 / 2.25), 12);
    const old = [...twice('b', 'a'), ...twice('c', 'b'), referral('a', 'c'), referral('a', 'c', { occurredAt: daysAgo(400) })];
    expect(mutualReferrals(groupContext(old, NOW), 'a', 'b')).toBe(0);
  });

  it('a triangle with one referral on an edge is no ring (honest members close triangles): nothing damped', () => {
    const triangle = [referral('b', 'a'), referral('b', 'a'), referral('c', 'b'), referral('c', 'b'), referral('a', 'c')];
    expect(mutualReferrals(groupContext(triangle, NOW), 'a', 'b')).toBe(0);
    expect(scoreMember([...triangle, five('b', 'a')], 'b', NOW).overall.R).toBeCloseTo(1, 12);
  });
});

describe('giver weight: min(1, accuracy / the group’s median accuracy)', () => {
  it('weighs a giver whose referrals go worse than is typical below 1; a giver without evidence is neutral', () => {
    expect(giverWeightOf(null, 0.6)).toBe(1);
    expect(giverWeightOf(0.9, 0.6)).toBe(1);
    expect(giverWeightOf(0.3, 0.6)).toBeCloseTo(0.5, 12);
    // good: one 5-star referral, accuracy (1 + 1) / (1 + 2) = 2/3; poor: one 1-star, 1/3. Median ½.
    const history = [event('referrer_feedback', 'good', 'good', { rating: 5 }), event('referrer_feedback', 'poor', 'poor', { rating: 1 })];
    const ctx = groupContext(history, NOW);
    expect(ctx.typicalAccuracy).toBeCloseTo(0.5, 12);
    expect(ctx.giverWeights.get('good')).toBe(1);
    expect(ctx.giverWeights.get('poor')).toBeCloseTo(2 / 3, 12);
    const result = scoreMember([...history, five('alice', 'poor'), five('alice', 'new')], 'alice', NOW);
    expect(result.overall.R).toBeCloseTo(2 / 3 + 1, 12);
  });
});

describe('the explanation names each factor', () => {
  const note = { giverWeight: 0.8, reciprocal: { mutual: 2, factor: 0.36 }, sameGiver: { pieces: 3, factorR: 1 / Math.sqrt(3), factorS: 1, capped: false }, factor: { r: 0.17, s: 0.8 } };
  it('in German', () => {
    expect(collusionText(note, translator('de'), formatsFor('de').plain)).toBe(
      'von 3 Empfehlungen derselben Person: Gewicht 0,58; gegenseitige Empfehlungen (2): gedämpft ×0,36; Treffsicherheit der empfehlenden Person: ×0,8',
    );
  });
  it('in English, and nothing when no factor applies', () => {
    expect(collusionText(note, translator('en'), formatsFor('en').plain)).toBe(
      "one of 3 referrals from the same giver: weight 0.58; mutual referrals (2): damped ×0.36; the giver's referral accuracy: ×0.8",
    );
    expect(collusionText({ giverWeight: 1, reciprocal: null, sameGiver: null, factor: { r: 1, s: 1 } }, translator('en'), formatsFor('en').plain)).toBeNull();
  });
  it('names the cap when it applies: 20 referrals count like at most 1.5', () => {
    const capped = { giverWeight: 1, reciprocal: null, sameGiver: { pieces: 20, factorR: 0.075, factorS: 1, capped: true }, factor: { r: 0.075, s: 1 } };
    expect(collusionText(capped, translator('de'), formatsFor('de').plain)).toBe('von 20 Empfehlungen derselben Person: zählen wie höchstens 1,5; Gewicht 0,08');
    expect(collusionText(capped, translator('en'), formatsFor('en').plain)).toBe('one of 20 referrals from the same giver: they count like at most 1.5; weight 0.08');
  });
});
