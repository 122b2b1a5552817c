import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { TrustEvent, TrustEventKind } from '../../server/ledger/events.js';
import {
  addEvent,
  emptyTally,
    finalize,
  type ScoreResult,
  type ScoreSnapshot,
  scoreHistory,
  scoreMember,
} from '../../server/trust/score.js';
import { groupContext } from '../../server/trust/collusion.js';

const RUNS = { numRuns: 200 };
const DAY = 86_400_000;
const EPOCH = Date.parse('2024-01-01T00:00:00Z');
const MEMBERS = ['alice', 'bob', 'carol'] as const;
const TOPICS = ['steuerberatung', 'webdesign', null] as const;
// Feedback and reversals more often than the rest: they are where the rules interact.
const KINDS: TrustEventKind[] = [
  'referral_given',
  'feedback',
  'feedback',
  'feedback',
  'referrer_feedback',
  'referrer_feedback',
  'business_closed',
  'response_overdue',
  'reversal',
  'reversal',
];

// ─── Random ledgers ─────────────────────────────────────────────────────────────────────────

/**
 * Up to 40 events about three members, from three clients, mostly within one busy quarter (so
 * the 30-day rule bites) and some up to two and a half years back (so decay shows), in random
 * order (the rules must hold for any ledger order). A reversal targets some earlier
 * event, as the ledger only lets it.
 */
const ledgerArb = fc
  .array(
    fc.record({
      kind: fc.constantFrom(...KINDS),
      memberId: fc.constantFrom(...MEMBERS),
      topic: fc.constantFrom(...TOPICS),
      clientId: fc.option(fc.constantFrom('c1', 'c2', 'c3'), { nil: null, freq: 5 }),
      giverId: fc.option(fc.constantFrom(...MEMBERS), { nil: null }),
      // Few referrals, so that deadlines and the client's answers on the same referral meet.
      referralId: fc.option(fc.constantFrom('r1', 'r2'), { nil: null, freq: 4 }),
      rating: fc.integer({ min: 1, max: 5 }),
      neverContacted: fc.integer({ min: 0, max: 4 }).map((n) => n === 0),
      verification: fc.constantFrom('mailbox', 'shared', 'flagged', null),
      day: fc.oneof({ arbitrary: fc.double({ min: 800, max: 900, noNaN: true }), weight: 3 }, fc.double({ min: 0, max: 900, noNaN: true })),
      target: fc.nat(),
    }),
    { maxLength: 40, size: 'max' }, // 'max': fast-check would otherwise keep most ledgers short
  )
  .map((drafts) => {
    const events: TrustEvent[] = [];
    for (const [i, { day, target, ...draft }] of drafts.entries()) {
      const occurredAt = new Date(EPOCH + day * DAY);
      const aim = events[target % Math.max(i, 1)];
      if (draft.kind === 'reversal' && aim) events.push({ ...draft, id: `e${i}`, memberId: aim.memberId, reversesId: aim.id, occurredAt });
      else events.push({ ...draft, id: `e${i}`, kind: draft.kind === 'reversal' ? 'feedback' : draft.kind, occurredAt });
    }
    return events;
  });

/** Mostly after every event, sometimes before some: those count as brand new. */
const nowArb = fc.integer({ min: 600, max: 1200 }).map((day) => new Date(EPOCH + day * DAY));
const memberArb = fc.constantFrom(...MEMBERS);

// ─── The oracle ─────────────────────────────────────────────────────────────────────────────

type Sums = { R: number; S: number; clients: Set<string>; givers: Set<string> };

/**
 * DESIGN.md's rules, written as plainly as possible and without the tally: which events count
 * (in ledger order), then one sum over what still counts at the end. A missed deadline does not
 * count at the end while a counted feedback saying the client was contacted stands for its
 * referral; while it stands, a reversal has nothing of the deadline to take back.
 */
function oracle(events: TrustEvent[], memberId: string, now: Date, plain = false): ReturnType<typeof plainOracle> {
  return plainOracle(events, memberId, now, plain);
}

/** Referral counts giver → receiver within the last 365 days, the pair/ring m, and giver weights. */
function groupOf(events: TrustEvent[], at: Date) {
  // Read at the latest event, never after now.
  const now = new Date(Math.min(at.getTime(), Math.max(0, ...events.map((e) => e.occurredAt.getTime()))));
  const count = (g: string, x: string) =>
    events.filter(
      (e) =>
        e.kind === 'referral_given' &&
        e.giverId === g &&
        e.memberId === x &&
        e.occurredAt.getTime() <= now.getTime() &&
        e.occurredAt.getTime() >= now.getTime() - 365 * DAY,
    ).length;
  const mutual = (g: string, x: string) => {
    let m = Math.min(count(g, x), count(x, g));
    // A ring of three counts only with ≥ 2 referrals on every edge.
    for (const c of MEMBERS) {
      const ring = c === g || c === x ? 0 : Math.min(count(g, x), count(x, c), count(c, g));
      if (ring >= 2) m = Math.max(m, ring);
    }
    return m;
  };
  const accuracy = new Map<string, number>();
  for (const m of MEMBERS) {
    const { R, S } = plainOracle(events, m, now, true).referrerAccuracy;
    if (R + S > 1e-9) accuracy.set(m, (R + 1) / (R + S + 2));
  }
  const sorted = [...accuracy.values()].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const typical = sorted.length === 0 ? null : sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  const giverWeight = (g: string) => (typical === null || !accuracy.has(g) ? 1 : Math.min(1, accuracy.get(g)! / typical));
  return { mutual, giverWeight };
}

function plainOracle(events: TrustEvent[], memberId: string, now: Date, plain: boolean) {
  const { mutual, giverWeight } = plain ? { mutual: () => 0, giverWeight: () => 1 } : groupOf(events, now);
  const decay = (e: TrustEvent) => 2 ** (-Math.max(0, now.getTime() - e.occurredAt.getTime()) / DAY / 365);
  const weights = (e: TrustEvent): [number, number] | null => {
    // Rule version 2: the client's mailbox 1, shared by hand (or not recorded) ½; flagged: not counted at all
    // (server/signals: no weight, no 30-day slot, no confirmed contact) until a host finds it genuine.
    if (e.verification === 'flagged' && (e.kind === 'feedback' || e.kind === 'referrer_feedback')) return null;
    const f = e.verification === 'mailbox' ? 1 : 0.5;
    const rated = typeof e.rating === 'number' ? ([(f * (e.rating - 1)) / 4, (f * (5 - e.rating)) / 4] as [number, number]) : null;
    if (e.kind === 'feedback') return e.neverContacted ? [0, f] : rated;
    if (e.kind === 'referrer_feedback') return e.neverContacted ? null : rated;
    if (e.kind === 'business_closed') return [0.5, 0];
    if (e.kind === 'response_overdue') return [0, 0.5];
    return null;
  };
  const seen = new Map<string, TrustEvent>();
  const counting = new Map<string, TrustEvent>(); // counted and not (yet) reversed
  const confirmed = (referralId: string | null | undefined) =>
    !!referralId && [...counting.values()].some((c) => c.kind === 'feedback' && !c.neverContacted && c.referralId === referralId);
  const superseded = (e: TrustEvent) => e.kind === 'response_overdue' && confirmed(e.referralId);
  for (const e of events) {
    if (e.kind === 'reversal') {
      const target = seen.get(e.reversesId ?? '');
      if (!target) continue;
      seen.set(e.id, e);
      if (target.kind !== 'reversal' && !superseded(target)) counting.delete(target.id);
    } else if (e.memberId === memberId) {
      seen.set(e.id, e);
      const clientSpeaks = (e.kind === 'feedback' || e.kind === 'referrer_feedback') && !!e.clientId;
      const repeat = [...counting.values()].some(
        (c) => c.kind === e.kind && c.clientId === e.clientId && Math.abs(c.occurredAt.getTime() - e.occurredAt.getTime()) < 30 * DAY,
      );
      if (weights(e) && !(clientSpeaks && repeat)) counting.set(e.id, e);
    }
  }
  const standing = [...counting.values()].filter((c) => !superseded(c));
  // Collusion (rule version 2, docs/trust-model.md): per giver of trust-track outcomes, the giver's
  // weight and the pair/ring damping on r, then min(√(Σx²), 1.5·max x)/Σx over the giver's pieces, r and s apart.
  // One piece per referral (or per event without one).
  const pieces = new Map<string, Map<string, [number, number]>>();
  for (const e of standing) {
    if (e.kind === 'referrer_feedback' || !e.giverId) continue;
    const g = e.giverId;
    const [r, s] = weights(e) ?? [0, 0];
    const w = giverWeight(g);
    const d = 1 / (1 + (mutual(g, memberId) / 1.5) ** 2);
    const byPiece = pieces.get(g) ?? new Map<string, [number, number]>();
    const [pr, ps] = byPiece.get(e.referralId ?? e.id) ?? [0, 0];
    byPiece.set(e.referralId ?? e.id, [pr + r * decay(e) * w * d, ps + s * decay(e) * w]);
    pieces.set(g, byPiece);
  }
  const collusion = new Map<string, { r: number; s: number; fr: number; fs: number; mr: number; ms: number }>();
  for (const [g, byPiece] of pieces) {
    const c = { r: 0, s: 0, fr: 0, fs: 0, mr: 0, ms: 0 };
    for (const [pr, ps] of byPiece.values()) {
      c.r += pr;
      c.s += ps;
      c.fr += pr * pr;
      c.fs += ps * ps;
      c.mr = Math.max(c.mr, pr);
      c.ms = Math.max(c.ms, ps);
    }
    collusion.set(g, c);
  }
  const factor = (e: TrustEvent): [number, number] => {
    const c = e.kind === 'referrer_feedback' || !e.giverId ? undefined : collusion.get(e.giverId);
    if (!c) return [1, 1];
    const w = giverWeight(e.giverId!);
    const d = 1 / (1 + (mutual(e.giverId!, memberId) / 1.5) ** 2);
    return [w * d * (c.r > 1e-9 ? Math.min(Math.sqrt(c.fr), 1.5 * c.mr) / c.r : 1), w * (c.s > 1e-9 ? Math.min(Math.sqrt(c.fs), 1.5 * c.ms) / c.s : 1)];
  };
  const sums = (filter: (e: TrustEvent) => boolean): Sums => {
    const out: Sums = { R: 0, S: 0, clients: new Set(), givers: new Set() };
    for (const e of standing.filter(filter)) {
      const [r, s] = weights(e) ?? [0, 0];
      const [fr, fs] = factor(e);
      out.R += r * decay(e) * fr;
      out.S += s * decay(e) * fs;
      // Clients with an outcome: a missed deadline is none.
      if (e.clientId && e.kind !== 'response_overdue') out.clients.add(e.clientId);
      if (e.giverId) out.givers.add(e.giverId);
    }
    return out;
  };
  const trust = (e: TrustEvent) => e.kind !== 'referrer_feedback';
  return {
    overall: sums(trust),
    topic: (topic: string) => sums((e) => trust(e) && e.topic === topic),
    referrerAccuracy: sums((e) => !trust(e)),
  };
}

function expectMatches(result: ScoreResult, expected: Sums): void {
  expect(Math.abs(result.R - expected.R)).toBeLessThan(1e-9);
  expect(Math.abs(result.S - expected.S)).toBeLessThan(1e-9);
  expect(result.distinctClients).toBe(expected.clients.size);
  expect(result.distinctGivers).toBe(expected.givers.size);
}

const allScores = (result: ScoreSnapshot): ScoreResult[] => [
  result.overall,
  result.referrerAccuracy,
  ...Object.values(result.byTopic),
];

// ─── Properties ─────────────────────────────────────────────────────────────────────────────

// Each property takes about a second at 200 runs; the timeout leaves room for a busy machine and shrinking.
describe('trust scores, for any ledger', { timeout: 20_000 }, () => {
  it('folding event by event equals the full recompute, and both equal the rules written plainly', () => {
    fc.assert(
      fc.property(ledgerArb, memberArb, nowArb, (events, memberId, now) => {
        const tally = emptyTally(memberId, now);
        for (const event of events) {
          addEvent(tally, event);
          finalize(tally); // reading in between must not disturb the fold
        }
        const folded = finalize(tally, groupContext(events, now));
        const recomputed = scoreMember(events, memberId, now);
        expect(folded).toEqual(recomputed);

        const expected = oracle(events, memberId, now);
        expectMatches(recomputed.overall, expected.overall);
        expectMatches(recomputed.referrerAccuracy, expected.referrerAccuracy);
        for (const [topic, result] of Object.entries(recomputed.byTopic)) expectMatches(result, expected.topic(topic));
      }),
      RUNS,
    );
  });

  it('explains itself: the contributions listed add up to R and S of every score', () => {
    fc.assert(
      fc.property(ledgerArb, memberArb, nowArb, (events, memberId, now) => {
        const result = scoreMember(events, memberId, now);
        const added = (filter: (e: (typeof result.explanation)[number]) => boolean) => {
          const listed = result.explanation.filter(filter);
          return { R: listed.reduce((sum, e) => sum + e.contribution.r, 0), S: listed.reduce((sum, e) => sum + e.contribution.s, 0) };
        };
        const expectSums = (score: ScoreResult, sums: { R: number; S: number }) => {
          expect(Math.abs(score.R - sums.R)).toBeLessThan(1e-9);
          expect(Math.abs(score.S - sums.S)).toBeLessThan(1e-9);
        };
        expectSums(result.overall, added((e) => e.track === 'trust'));
        expectSums(result.referrerAccuracy, added((e) => e.track === 'referrer_accuracy'));
        for (const [topic, score] of Object.entries(result.byTopic)) expectSums(score, added((e) => e.track === 'trust' && e.topic === topic));
        for (const e of result.explanation) {
          expect(e.decay).toBeCloseTo(2 ** (-e.ageDays / 365), 12);
          const f = e.collusion?.factor ?? { r: 1, s: 1 };
          expect(e.contribution).toEqual(e.counted ? { r: e.base.r * e.decay * f.r, s: e.base.s * e.decay * f.s } : { r: 0, s: 0 });
        }
      }),
      RUNS,
    );
  });

  it('keeps every score within 0..100, and null exactly when there is no evidence', () => {
    fc.assert(
      fc.property(ledgerArb, memberArb, nowArb, (events, memberId, now) => {
        const history = scoreHistory(events, memberId, [now]);
        for (const result of [...allScores(scoreMember(events, memberId, now)), ...history.flatMap(allScores)]) {
          expect(result.score === null).toBe(result.N === 0);
          if (result.score !== null) {
            expect(result.score).toBeGreaterThanOrEqual(0);
            expect(result.score).toBeLessThanOrEqual(100);
          }
          expect(result.typical).toBeGreaterThan(0);
          expect(result.typical).toBeLessThan(1);
        }
      }),
      RUNS,
    );
  });

  it('one more 5-star feedback never lowers the overall score or any topic score', () => {
    const fiveStars = fc.record({
      topic: fc.constantFrom(...TOPICS),
      clientId: fc.option(fc.constantFrom('c1', 'c2', 'c9'), { nil: null }),
      day: fc.double({ min: 0, max: 1200, noNaN: true }),
    });
    fc.assert(
      fc.property(ledgerArb, memberArb, nowArb, fiveStars, (events, memberId, now, extra) => {
        const five: TrustEvent = {
          id: 'extra',
          kind: 'feedback',
          rating: 5,
          memberId,
          topic: extra.topic,
          clientId: extra.clientId,
          occurredAt: new Date(EPOCH + extra.day * DAY),
        };
        const before = scoreMember(events, memberId, now);
        const after = scoreMember([...events, five], memberId, now);
        const notLower = (was: ScoreResult, is: ScoreResult | undefined) => {
          if (was.score === null) return;
          expect(is?.score).not.toBeNull();
          expect(is?.score as number).toBeGreaterThanOrEqual(was.score - 1e-9);
        };
        notLower(before.overall, after.overall);
        for (const [topic, was] of Object.entries(before.byTopic)) notLower(was, after.byTopic[topic]);
      }),
      RUNS,
    );
  });

  it('reversing every event leaves no evidence at all', () => {
    // Client feedback first: a deadline the client's confirmation superseded has nothing to take
    // back until that confirmation is reversed (it then counts again, and can be reversed).
    const feedbackFirst = (e: TrustEvent) => (e.kind === 'feedback' ? 0 : 1);
    fc.assert(
      fc.property(ledgerArb, memberArb, nowArb, (events, memberId, now) => {
        const ordered = [...events].sort((a, b) => feedbackFirst(a) - feedbackFirst(b));
        const reversals = ordered.map((e, i): TrustEvent => ({
          id: `undo${i}`,
          kind: 'reversal',
          memberId: e.memberId,
          topic: null,
          reversesId: e.id,
          occurredAt: now,
        }));
        const result = scoreMember([...events, ...reversals], memberId, now);
        for (const score of allScores(result)) {
          expect(score).toMatchObject({ N: 0, score: null, evidence: 'none', distinctClients: 0, distinctGivers: 0 });
        }
      }),
      RUNS,
    );
  });

  it('the history at a date after every event is the member score then', () => {
    fc.assert(
      fc.property(ledgerArb, memberArb, (events, memberId) => {
        const now = new Date(EPOCH + 1000 * DAY);
        const { overall, byTopic, referrerAccuracy } = scoreMember(events, memberId, now);
        expect(scoreHistory(events, memberId, [now])).toEqual([{ at: now, overall, byTopic, referrerAccuracy }]);
      }),
      RUNS,
    );
  });
});
