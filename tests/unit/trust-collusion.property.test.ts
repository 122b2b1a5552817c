import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrustEvent } from '../../server/ledger/events.js';
import { COLLUSION_RULES, groupContext } from '../../server/trust/collusion.js';
import { scoreMember } from '../../server/trust/score.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';

const RUNS = { numRuns: 150 };
const DAY = 86_400_000;
const NOW = new Date('2026-06-01T12:00:00Z');
const MEMBERS = ['alice', 'bob', 'carol', 'dan'] as const;

/** Group ledgers: referrals, answers, business, deadlines between four members, each event its own client. */
const groupArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom('referral_given', 'referral_given', 'feedback', 'feedback', 'referrer_feedback', 'business_closed', 'response_overdue'),
      subject: fc.constantFrom(...MEMBERS),
      giver: fc.constantFrom(...MEMBERS),
      referral: fc.integer({ min: 1, max: 8 }),
      rating: fc.integer({ min: 1, max: 5 }),
      verification: fc.constantFrom('mailbox', 'shared', 'flagged'),
      age: fc.double({ min: 0, max: 600, noNaN: true }),
    }),
    { maxLength: 40 },
  )
  .map((drafts) =>
    drafts
      .filter((d) => d.subject !== d.giver)
      .map(
        (d, i): TrustEvent => ({
          id: `g${i}`,
          kind: d.kind as TrustEvent['kind'],
          memberId: d.kind === 'referrer_feedback' ? d.giver : d.subject,
          giverId: d.giver,
          topic: 'steuerberatung',
          referralId: `r${d.referral}`,
          clientId: `c${i}`,
          rating: d.rating,
          verification: d.verification,
          occurredAt: new Date(NOW.getTime() - d.age * DAY),
        }),
      ),
  );

const scoreOf = (events: TrustEvent[], member = 'alice') => scoreMember(events, member, NOW);
const fresh5 = (id: string, giver: string, fields: Partial<TrustEvent> = {}): TrustEvent => ({
  id,
  kind: 'feedback',
  memberId: 'alice',
  giverId: giver,
  topic: 'steuerberatung',
  referralId: `ref-${id}`,
  clientId: `client-${id}`,
  rating: 5,
  verification: 'mailbox',
  occurredAt: NOW,
  ...fields,
});

describe('collusion resistance, for any group ledger', { timeout: 30_000 }, () => {
  it('more referrals from an existing giver raise R by at most √(R_g² + k) − R_g, and the score no further', () => {
    fc.assert(
      fc.property(groupArb, fc.constantFrom(...MEMBERS.slice(1)), fc.integer({ min: 1, max: 12 }), (events, giver, k) => {
        const before = scoreOf(events);
        // R_g: what the giver's counted events contribute to alice's R now.
        const Rg = before.explanation.filter((e) => e.track === 'trust' && e.counted && e.kind !== 'reversal' && events.find((x) => x.id === e.eventId)?.giverId === giver).reduce((s, e) => s + e.contribution.r, 0);
        const added = Array.from({ length: k }, (_, i) => fresh5(`more${i}`, giver));
        const after = scoreOf([...events, ...added]);
        const bound = Math.sqrt(Rg * Rg + k) - Rg;
        expect(after.overall.R - before.overall.R).toBeLessThanOrEqual(bound + 1e-9);
        expect(after.overall.R - before.overall.R).toBeLessThanOrEqual(Math.sqrt(k) + 1e-9);
        const ceiling = 100 * wilsonLowerBound(before.overall.R + bound, before.overall.R + bound + before.overall.S);
        expect(after.overall.score!).toBeLessThanOrEqual(ceiling + 1e-9);
      }),
      RUNS,
    );
  });

  it('k fresh 5-star referrals from a new giver raise R by exactly min(√k, K): a flood counts like at most K = 1.5', () => {
    fc.assert(
      fc.property(groupArb, fc.integer({ min: 1, max: 30 }), (events, k) => {
        const before = scoreOf(events);
        const after = scoreOf([...events, ...Array.from({ length: k }, (_, i) => fresh5(`flood${i}`, 'newcomer'))]);
        expect(after.overall.R - before.overall.R).toBeCloseTo(Math.min(Math.sqrt(k), COLLUSION_RULES.sameGiverCap), 9);
      }),
      RUNS,
    );
  });

  it('a reciprocal pair never gains more than the same referrals from independent givers', () => {
    fc.assert(
      fc.property(
        groupArb.map((events) => events.filter((e) => e.kind !== 'referrer_feedback')),
        fc.integer({ min: 1, max: 8 }),
        fc.integer({ min: 1, max: 8 }),
        fc.constantFrom('mailbox', 'shared'),
        (events, k, back, verification) => {
          const toBob = Array.from({ length: back }, (_, i): TrustEvent => ({ ...fresh5(`back${i}`, 'alice'), kind: 'referral_given', memberId: 'bob' }));
          const fromBob = Array.from({ length: k }, (_, i) => [
            { ...fresh5(`pair${i}`, 'bob', { verification }), kind: 'referral_given' as const, id: `pair-given${i}` },
            fresh5(`pair${i}`, 'bob', { verification }),
          ]).flat();
          const fromOthers = fromBob.map((e, i) => ({ ...e, giverId: `independent${i >> 1}` }));
          const pair = scoreOf([...events, ...toBob, ...fromBob]);
          const independent = scoreOf([...events, ...toBob, ...fromOthers]);
          expect(pair.overall.R).toBeLessThanOrEqual(independent.overall.R + 1e-9);
          expect(pair.overall.score!).toBeLessThanOrEqual(independent.overall.score! + 1e-9);
        },
      ),
      RUNS,
    );
  });

  it('a new genuine 5-star from an independent giver never lowers the score (the answer, its referral and the giver’s referrer feedback)', () => {
    fc.assert(
      fc.property(groupArb, fc.constantFrom('mailbox', 'shared'), (events, verification) => {
        const before = scoreOf(events);
        const answer = fresh5('new', 'newcomer', { verification });
        const referral: TrustEvent = { ...answer, id: 'new-given', kind: 'referral_given', rating: null };
        const accuracy: TrustEvent = { ...answer, id: 'new-rfb', kind: 'referrer_feedback', memberId: 'newcomer' };
        const after = scoreOf([...events, referral, answer, accuracy]);
        if (before.overall.score !== null) expect(after.overall.score!).toBeGreaterThanOrEqual(before.overall.score - 1e-9);
        expect(after.overall.R).toBeGreaterThan(before.overall.R);
      }),
      RUNS,
    );
  });

  it('keeps every member’s scores within 0..100, null exactly without evidence, and never adds weight', () => {
    fc.assert(
      fc.property(groupArb, (events) => {
        for (const member of MEMBERS) {
          const result = scoreOf(events, member);
          for (const s of [result.overall, result.referrerAccuracy, ...Object.values(result.byTopic)]) {
            expect(s.score === null).toBe(s.N === 0);
            if (s.score !== null) expect(s.score).toBeGreaterThanOrEqual(0);
            if (s.score !== null) expect(s.score).toBeLessThanOrEqual(100);
          }
          for (const e of result.explanation) {
            if (!e.collusion) continue;
            expect(e.collusion.factor.r).toBeGreaterThan(0);
            expect(e.collusion.factor.r).toBeLessThanOrEqual(1 + 1e-12);
            expect(e.collusion.factor.s).toBeLessThanOrEqual(1 + 1e-12);
          }
        }
      }),
      RUNS,
    );
  });

  it('does not depend on the order of events (each with its own client), nor does the group context', () => {
    fc.assert(
      fc.property(groupArb.chain((events) => fc.tuple(fc.constant(events), fc.shuffledSubarray(events, { minLength: events.length, maxLength: events.length }))), ([events, shuffled]) => {
        const a = groupContext(events, NOW);
        const b = groupContext(shuffled, NOW);
        expect(b.referrals).toEqual(a.referrals);
        expect(b.typicalAccuracy ?? 0).toBeCloseTo(a.typicalAccuracy ?? 0, 12);
        for (const member of MEMBERS) {
          const x = scoreOf(events, member).overall;
          const y = scoreOf(shuffled, member).overall;
          expect(y.R).toBeCloseTo(x.R, 9);
          expect(y.S).toBeCloseTo(x.S, 9);
        }
      }),
      RUNS,
    );
  });
});
