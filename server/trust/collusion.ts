/**
 * Collusion resistance (rule version 2): three factors that weigh a receiver's evidence by who it
 * came from. Pure: the group's events and a clock in, per-event factors out (docs/trust-model.md,
 * "Collusion resistance").
 *
 * 1. Same giver, √ law: per receiver, the decayed r (and separately s) of one giver's counted
 *    events are added up per referral (one piece each), and the pieces are summed as √(Σ xᵢ²)
 *    instead of Σ xᵢ, capped at K times the largest piece (K = sameGiverCap), so n equal pieces
 *    count like min(√n, K).
 * 2. Reciprocal damping: when the receiver also referred the giver (pair), or referred someone who
 *    referred the giver (ring of three, every edge ≥ 2 referrals), within the window, the giver's good evidence r is
 *    multiplied by 1 / (1 + (m / 1.5)²), m = the smallest referral count around the cycle.
 * 3. Giver weight (EigenTrust-style, one step): a giver's events weigh min(1, a_g / ã), a_g the
 *    giver's referrer accuracy (R + 1) / (N + 2), ã the median over the group's givers with
 *    evidence; a giver without evidence weighs 1 (neutral).
 *
 * Only the trust track (feedback, business_closed, response_overdue about the receiver) is
 * weighed; referrer accuracy is the giver's own record and is read as before.
 */
import { DAY_MS } from './decay.js';
import type { TrustEvent } from '../ledger/events.js';
import { withReviews } from './review.js';
import { addEvent, emptyTally, type ExplainedEvent, type Tally } from './tally.js';
import { emptyBucket, type Bucket } from './buckets.js';
import type { Weights } from './weights.js';

export const COLLUSION_RULES = {
  /** Referrals older than this do not make a pair or ring. */
  reciprocityWindowDays: 365,
  /** d(m) = 1 / (1 + (m / reciprocityScale)²). */
  reciprocityScale: 1.5,
  /** A giver without referrer-accuracy evidence. */
  neutralGiverWeight: 1,
  /** A ring of three damps only when every edge has at least this many referrals in the window. */
  ringMinReferrals: 2,
  /** One giver's pieces count at most like this many of its largest piece: min(√(Σ xᵢ²), K · max xᵢ). */
  sameGiverCap: 1.5,
} as const;

/** What the three factors did to one event, for the "how it is computed" details. */
export type CollusionNote = {
  /** min(1, a_g / ã); 1 for a giver without evidence. */
  giverWeight: number;
  /** Null without a pair or ring. */
  reciprocal: { mutual: number; factor: number } | null;
  /** Counted events from the same giver (r pieces, s pieces), the √-law factors applied, and whether the cap applied. */
  sameGiver: { pieces: number; factorR: number; factorS: number; capped: boolean } | null;
  /** The product on r and on s. */
  factor: Weights;
};

export type GroupContext = {
  /** giver → receiver → referrals given within the window. */
  referrals: Map<string, Map<string, number>>;
  giverWeights: Map<string, number>;
  typicalAccuracy: number | null;
};

const NEGLIGIBLE = 1e-9;

/** d(m): 1 for m = 0, ½ at m = 1.5, ≈ 0.36 at m = 2. */
export function reciprocalDamping(mutual: number): number {
  return 1 / (1 + (mutual / COLLUSION_RULES.reciprocityScale) ** 2);
}

/**
 * min(√(Σ xᵢ²), K · max xᵢ) / Σ xᵢ: the factor that makes n equal pieces count like min(√n, K)
 * (1 for one piece). Adding a piece never lowers the total.
 */
export function sameGiverFactor(pieces: readonly number[]): number {
  let sum = 0;
  let squares = 0;
  let largest = 0;
  for (const x of pieces) {
    sum += x;
    squares += x * x;
    largest = Math.max(largest, x);
  }
  return sum > NEGLIGIBLE ? Math.min(Math.sqrt(squares), COLLUSION_RULES.sameGiverCap * largest) / sum : 1;
}

/** Whether the cap, not the √ law, sets the pieces' total. */
export function sameGiverCapped(pieces: readonly number[]): boolean {
  let squares = 0;
  let largest = 0;
  for (const x of pieces) {
    squares += x * x;
    largest = Math.max(largest, x);
  }
  return largest > NEGLIGIBLE && COLLUSION_RULES.sameGiverCap * largest < Math.sqrt(squares);
}

/** Median of a non-empty list. */
function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** min(1, accuracy / typical); neutral without evidence or without a typical accuracy. */
export function giverWeightOf(accuracy: number | null, typical: number | null): number {
  if (accuracy === null || typical === null || typical <= 0) return COLLUSION_RULES.neutralGiverWeight;
  return Math.min(1, accuracy / typical);
}

/**
 * The group's context, from any set of its events (the whole group's ledger for exact results; a
 * member's own events give the √ law but see no pairs or givers' records). It is read at the
 * anchor: the latest event's time (never after `now`). So it depends on the events alone, and
 * as time passes with no new event every piece decays alike — the √ factors, giver weights and
 * pairs stay as they are, which keeps the directory's stored sums exact (docs/trust-model.md).
 */
export function groupContext(events: Iterable<TrustEvent>, now?: Date): GroupContext {
  // Hosts' verdicts apply here too: a flagged answer says nothing about its giver until found genuine.
  const list = withReviews(events);
  let latest = -Infinity;
  for (const e of list) latest = Math.max(latest, e.occurredAt.getTime());
  const anchor = new Date(list.length === 0 ? (now?.getTime() ?? 0) : Math.min(latest, now?.getTime() ?? Infinity));
  return contextAt(list, anchor);
}

function contextAt(events: readonly TrustEvent[], now: Date): GroupContext {
  const from = now.getTime() - COLLUSION_RULES.reciprocityWindowDays * DAY_MS;
  const referrals = new Map<string, Map<string, number>>();
  const seen = new Set<string>();
  const subjectOf = new Map<string, string>();
  const bySubject = new Map<string, TrustEvent[]>();
  for (const e of events) {
    if (e.kind !== 'reversal') subjectOf.set(e.id, e.memberId);
    const subject = e.kind === 'reversal' ? (subjectOf.get(e.reversesId ?? '') ?? e.memberId) : e.memberId;
    if (e.kind === 'referrer_feedback' || e.kind === 'reversal') bySubject.set(subject, [...(bySubject.get(subject) ?? []), e]);
    if (e.kind !== 'referral_given' || !e.giverId || seen.has(e.id)) continue;
    seen.add(e.id);
    const t = e.occurredAt.getTime();
    if (t < from || t > now.getTime()) continue;
    const row = referrals.get(e.giverId) ?? new Map<string, number>();
    row.set(e.memberId, (row.get(e.memberId) ?? 0) + 1);
    referrals.set(e.giverId, row);
  }
  const accuracy = new Map<string, number>();
  for (const [member, list] of bySubject) {
    const tally = emptyTally(member, now);
    for (const e of list) addEvent(tally, e);
    const { R, S } = tally.referrerAccuracy;
    if (R + S > NEGLIGIBLE) accuracy.set(member, (R + 1) / (R + S + 2));
  }
  const typicalAccuracy = accuracy.size > 0 ? median([...accuracy.values()]) : null;
  const giverWeights = new Map([...accuracy].map(([m, a]) => [m, giverWeightOf(a, typicalAccuracy)] as const));
  return { referrals, giverWeights, typicalAccuracy };
}

/**
 * m for giver → receiver: the larger of the pair's and the best ring's smallest count; a ring counts
 * only when each of its edges has ≥ ringMinReferrals (one referral round a triangle is what honest
 * members do).
 */
export function mutualReferrals(ctx: GroupContext, giver: string, receiver: string): number {
  const given = ctx.referrals.get(giver)?.get(receiver) ?? 0;
  if (given === 0) return 0;
  const back = ctx.referrals.get(receiver);
  if (!back) return 0;
  let m = Math.min(given, back.get(giver) ?? 0);
  for (const [third, toThird] of back) {
    if (third === giver || third === receiver) continue;
    const closing = ctx.referrals.get(third)?.get(giver) ?? 0;
    const ring = Math.min(given, toThird, closing);
    if (ring >= COLLUSION_RULES.ringMinReferrals) m = Math.max(m, ring);
  }
  return m;
}

/** An event's explanation with what the three factors did to it (trust track, counted only). */
export type WeighedEvent = ExplainedEvent & { collusion?: CollusionNote };

export type Adjusted = {
  explanation: WeighedEvent[];
  overall: Bucket;
  topics: Map<string, Bucket>;
  referrerAccuracy: Bucket;
};

/**
 * The tally read with the three factors: every trust-track contribution multiplied by its note's
 * factor, and the buckets' R and S summed anew (who stands behind them is unchanged). Does not
 * change the tally.
 */
export function adjustTally(tally: Tally, ctx: GroupContext): Adjusted {
  const explanation: WeighedEvent[] = tally.entries.map(({ explained }) => ({ ...explained }));
  const byId = new Map(tally.entries.map((entry, i) => [entry.event.id, { entry, out: explanation[i]! }] as const));
  const giverOf = (i: number): string | null => {
    const { event, explained } = tally.entries[i]!;
    const source = explained.reverses ? byId.get(explained.reverses)?.entry.event : event;
    return source?.giverId ?? null;
  };
  // The pools: counted, unreversed trust-track outcomes per giver, after giver weight and damping.
  // One piece per referral: a referral's outcomes (feedback, business, deadline) add up first.
  const perGiver = new Map<string, { r: Map<string, number>; s: Map<string, number>; weight: number; mutual: number }>();
  const poolOf = (giver: string) => {
    let pool = perGiver.get(giver);
    if (!pool) {
      const mutual = mutualReferrals(ctx, giver, tally.memberId);
      pool = { r: new Map(), s: new Map(), weight: ctx.giverWeights.get(giver) ?? COLLUSION_RULES.neutralGiverWeight, mutual };
      perGiver.set(giver, pool);
    }
    return pool;
  };
  explanation.forEach((e, i) => {
    const giver = giverOf(i);
    if (e.track !== 'trust' || !e.counted || !giver || e.kind === 'reversal' || e.reversedBy !== null) return;
    const pool = poolOf(giver);
    const d = reciprocalDamping(pool.mutual);
    const piece = tally.entries[i]!.event.referralId ?? e.eventId;
    if (e.contribution.r > 0) pool.r.set(piece, (pool.r.get(piece) ?? 0) + e.contribution.r * pool.weight * d);
    if (e.contribution.s > 0) pool.s.set(piece, (pool.s.get(piece) ?? 0) + e.contribution.s * pool.weight);
  });
  const factors = new Map(
    [...perGiver].map(([g, p]) => {
      const [r, s] = [[...p.r.values()], [...p.s.values()]];
      return [g, { r: sameGiverFactor(r), s: sameGiverFactor(s), capped: sameGiverCapped(r) || sameGiverCapped(s) }] as const;
    }),
  );

  const overall: Bucket = { ...emptyBucket(), clients: tally.overall.clients, givers: tally.overall.givers };
  const topics = new Map<string, Bucket>([...tally.topics].map(([t, b]) => [t, { ...emptyBucket(), clients: b.clients, givers: b.givers }]));
  const referrerAccuracy = { ...tally.referrerAccuracy };
  explanation.forEach((e, i) => {
    const giver = giverOf(i);
    if (e.track === 'trust' && giver && e.counted) {
      const pool = poolOf(giver);
      const d = reciprocalDamping(pool.mutual);
      // A reversed event and its reversal leave the √ pool; they keep weight and damping, and cancel.
      const pooled = e.kind !== 'reversal' && e.reversedBy === null;
      const same = pooled ? factors.get(giver)! : { r: 1, s: 1, capped: false };
      const factor = { r: pool.weight * d * same.r, s: pool.weight * same.s };
      const pieces = Math.max(pool.r.size, pool.s.size);
      e.collusion = {
        giverWeight: pool.weight,
        reciprocal: pool.mutual > 0 ? { mutual: pool.mutual, factor: d } : null,
        sameGiver: pooled && pieces > 1 ? { pieces, factorR: same.r, factorS: same.s, capped: same.capped } : null,
        factor,
      };
      e.contribution = { r: e.contribution.r * factor.r, s: e.contribution.s * factor.s };
    }
    if (e.track !== 'trust' || !e.counted) return;
    for (const bucket of [overall, ...(e.topic === null ? [] : [topics.get(e.topic)!])]) {
      bucket.R += e.contribution.r;
      bucket.S += e.contribution.s;
    }
  });
  return { explanation, overall, topics, referrerAccuracy };
}
