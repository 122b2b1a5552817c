import { describe, expect, it } from 'vitest';
import { correctableIds, correctionRefusal, type CorrectionTarget } from '../../server/trust/corrections.js';
import type { TrustEvent } from '../../server/ledger/events.js';
import { scoreMember } from '../../server/trust/score.js';

const NOW = new Date('2026-11-23T09:00:00Z');
const feedback: CorrectionTarget = { kind: 'feedback', memberId: 'rita', counted: true, reversed: false };

describe('which events a host may correct', () => {
  it('a counted, unreversed event in someone else’s ledger', () => {
    expect(correctionRefusal(feedback, ['hanna'])).toBeNull();
    expect(correctionRefusal({ ...feedback, kind: 'response_overdue' }, ['hanna'])).toBeNull();
    expect(correctionRefusal({ ...feedback, kind: 'referrer_feedback' }, ['hanna'])).toBeNull();
  });

  it('never their own ledger, a reversal, an advance, a reversed or an uncounted event', () => {
    expect(correctionRefusal(feedback, ['other-group-seat', 'rita'])).toBe('own_ledger');
    expect(correctionRefusal({ ...feedback, kind: 'reversal' }, ['hanna'])).toBe('reversal');
    expect(correctionRefusal({ ...feedback, kind: 'referral_given' }, ['hanna'])).toBe('advance');
    expect(correctionRefusal({ ...feedback, reversed: true }, ['hanna'])).toBe('already_reversed');
    expect(correctionRefusal({ ...feedback, counted: false }, ['hanna'])).toBe('not_counted');
  });

  it('on a scored ledger: the advance, the reversal and its target, and a blocked repeat are not offered', () => {
    const base = { memberId: 'rita', topic: 'steuerberatung', referralId: null, giverId: 'anna', neverContacted: null, reversesId: null };
    const events: TrustEvent[] = [
      { ...base, id: 'advance', kind: 'referral_given', clientId: null, rating: null, occurredAt: new Date(NOW.getTime() - 9e8) },
      { ...base, id: 'good', kind: 'feedback', clientId: 'c1', rating: 5, occurredAt: new Date(NOW.getTime() - 8e8) },
      { ...base, id: 'repeat', kind: 'feedback', clientId: 'c1', rating: 5, occurredAt: new Date(NOW.getTime() - 7e8) },
      { ...base, id: 'other', kind: 'feedback', clientId: 'c2', rating: 4, occurredAt: new Date(NOW.getTime() - 6e8) },
      { ...base, id: 'rev', kind: 'reversal', clientId: null, rating: null, reversesId: 'other', occurredAt: NOW },
    ];
    const { explanation } = scoreMember(events, 'rita', NOW);
    const ids = correctableIds('rita', explanation, events.map((e) => e.reversesId ?? null), ['hanna']);
    expect([...ids]).toEqual(['good']);
    expect(correctableIds('rita', explanation, events.map((e) => e.reversesId ?? null), ['rita']).size).toBe(0);
  });
});
