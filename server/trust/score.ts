/**
 * Trust scores, derived from the ledger at read time and never stored as truth
 * (DESIGN.md, "Trust model (rule version 1)"). Pure: events and a clock in, numbers and reason
 * codes out; the UI turns them into words.
 *
 * Glossary
 * - R, S: the decayed positive and negative weight of the events that counted; N = R + S.
 * - track: which score an event feeds — the member's trust as a provider (overall and per
 *   topic) or their accuracy as a referrer.
 * - evidence: N. With N = 0 there is no score yet, which is not a score of 0.
 */
import { HALF_LIFE_DAYS } from './decay.js';
import type { TrustEvent } from '../ledger/events.js';
import { whatWouldMoveIt, type WhatWouldMoveIt } from './moves.js';
import { addEvent, type Bucket, emptyTally, type ExplainedEvent, SAME_CLIENT_WINDOW_DAYS, type Tally } from './tally.js';
import { withReviews } from './review.js';
import type { Evidence, Weights } from './weights.js';
import { adjustTally, COLLUSION_RULES, groupContext, type GroupContext, type WeighedEvent } from './collusion.js';
import { typicalOutcome, WILSON_Z, wilsonLowerBound } from './wilson.js';

// One import for callers: the incremental form and the explanation types live in tally.ts.
export { addEvent, emptyTally, type CountReason, type ExplainedEvent, type Tally } from './tally.js';

/** The parameters of rule version 2, returned with every score so the UI can show the formula. */
export const SCORE_RULES = {
  ruleVersion: 2,
  wilsonZ: WILSON_Z,
  halfLifeDays: HALF_LIFE_DAYS,
  sameClientWindowDays: SAME_CLIENT_WINDOW_DAYS,
  /** A topic score starts from this many outcomes' worth of the member's overall record. */
  topicPriorOutcomes: 2,
  /** Below this N the directory says "noch wenig bestätigt". */
  littleEvidenceBelow: 3,
  strongEvidenceFrom: 10,
  /** Same giver √ law, reciprocal damping, giver weight (collusion.ts). */
  collusion: COLLUSION_RULES,
} as const;

const NO_PRIOR: Evidence = Object.freeze({ R: 0, S: 0 });

/**
 * Weight below this is float residue of a reversal (x + y − x − y need not be exactly 0) or an
 * outcome some 30 years old; either way it is no evidence.
 */
const NEGLIGIBLE_WEIGHT = 1e-9;

// ─── Results ────────────────────────────────────────────────────────────────────────────────

export type EvidenceLevel = 'none' | 'little' | 'some' | 'strong';

export type ScoreResult = {
  R: number;
  S: number;
  N: number;
  /** 100 × Wilson lower bound, 0..100. Null = no evidence yet (N = 0), which is not a score of 0. */
  score: number | null;
  /** (R + 1) / (N + 2), 0..1: the share of good outcomes to expect. */
  typical: number;
  evidence: EvidenceLevel;
  /** Clients and givers named on the counted, unreversed events behind this score. */
  distinctClients: number;
  distinctGivers: number;
};

/**
 * R, S, N, evidence and the distinct counts are the topic's own; `score` and `typical` are
 * computed from own + prior, where the prior is `topicPriorOutcomes` outcomes shaped like the
 * member's overall record: R' = R + 2·E, S' = S + 2·(1 − E), E = overall (R + 1) / (N + 2).
 */
export type TopicScoreResult = ScoreResult & { prior: Evidence };

export type ScoreSnapshot = {
  at: Date;
  overall: ScoreResult;
  byTopic: Record<string, TopicScoreResult>;
  referrerAccuracy: ScoreResult;
};

export type MemberScore = ScoreSnapshot & {
  memberId: string;
  /** Every event about the member, in ledger order, with what it did to the score and why. */
  explanation: WeighedEvent[];
  whatWouldMoveIt: {
    overall: WhatWouldMoveIt;
    byTopic: Record<string, WhatWouldMoveIt>;
    referrerAccuracy: WhatWouldMoveIt;
  };
  rules: typeof SCORE_RULES;
};

// ─── Reading scores ─────────────────────────────────────────────────────────────────────────

/** The scores at the tally's `now`. Does not change the tally: folding may continue after it. */
export function finalize(tally: Tally, context?: GroupContext): MemberScore {
  const adjusted = adjustTally(tally, context ?? groupContext(tally.entries.map((e) => e.event), tally.now));
  const snapshot = snapshotOf(tally.now, adjusted);
  const { overall, referrerAccuracy } = snapshot;
  // A hypothetical outcome in a topic also lifts the overall record, and with it the topic's prior.
  const topicMoves = Object.entries(snapshot.byTopic).map(
    ([topic, own]) => [topic, whatWouldMoveIt((extra) => scoreValue(plus(own, extra), topicPrior(plus(overall, extra))))] as const,
  );
  return {
    ...snapshot,
    memberId: tally.memberId,
    explanation: adjusted.explanation,
    whatWouldMoveIt: {
      overall: whatWouldMoveIt((extra) => scoreValue(plus(overall, extra))),
      byTopic: Object.fromEntries(topicMoves),
      referrerAccuracy: whatWouldMoveIt((extra) => scoreValue(plus(referrerAccuracy, extra))),
    },
    rules: SCORE_RULES,
  };
}

/**
 * A full recompute: the fold of `events` (in ledger order) into an empty tally. `events` may be
 * the whole group's ledger (events about others are skipped); the collusion context is taken
 * from `context`, else from `events` themselves.
 */
export function scoreMember(events: Iterable<TrustEvent>, memberId: string, now: Date, context?: GroupContext): MemberScore {
  const reviewed = withReviews(events);
  const tally = emptyTally(memberId, now);
  for (const event of reviewed) addEvent(tally, event);
  return finalize(tally, context ?? groupContext(reviewed, now));
}

/**
 * For the score-over-time chart: at each point, only the events up to then, decayed to then,
 * weighed by the group's context then (`groupEvents`, else the member's own events).
 */
export function scoreHistory(
  events: readonly TrustEvent[],
  memberId: string,
  points: readonly Date[],
  groupEvents: readonly TrustEvent[] = events,
): ScoreSnapshot[] {
  const reviewed = withReviews(events);
  return points.map((at) => {
    const upTo = (e: TrustEvent) => e.occurredAt.getTime() <= at.getTime();
    const tally = emptyTally(memberId, at);
    for (const event of reviewed) if (upTo(event)) addEvent(tally, event);
    return snapshotOf(at, adjustTally(tally, groupContext(groupEvents.filter(upTo), at)));
  });
}

type Sums = Pick<Tally, 'overall' | 'topics' | 'referrerAccuracy'>;

function snapshotOf(at: Date, tally: Sums): ScoreSnapshot {
  const overall = scoreResult(tally.overall);
  const prior = topicPrior(overall);
  const byTopic = [...tally.topics].map(([topic, bucket]) => [topic, { ...scoreResult(bucket, prior), prior }] as const);
  return {
    at,
    overall,
    byTopic: Object.fromEntries(byTopic),
    referrerAccuracy: scoreResult(tally.referrerAccuracy),
  };
}

function scoreResult(bucket: Bucket, prior: Evidence = NO_PRIOR): ScoreResult {
  const own = evidenceOf(bucket);
  const N = own.R + own.S;
  return {
    ...own,
    N,
    score: scoreValue(own, prior),
    typical: typicalOutcome(own.R + prior.R, N + prior.R + prior.S),
    evidence: evidenceLevel(N),
    distinctClients: bucket.clients.size,
    distinctGivers: bucket.givers.size,
  };
}

/** Null without own evidence: a topic prior alone is not evidence. */
function scoreValue(own: Evidence, prior: Evidence = NO_PRIOR): number | null {
  if (own.R + own.S === 0) return null;
  const R = own.R + prior.R;
  return 100 * wilsonLowerBound(R, R + own.S + prior.S);
}

function topicPrior(overall: Evidence): Evidence {
  const E = typicalOutcome(overall.R, overall.R + overall.S);
  return { R: SCORE_RULES.topicPriorOutcomes * E, S: SCORE_RULES.topicPriorOutcomes * (1 - E) };
}

function evidenceLevel(N: number): EvidenceLevel {
  if (N === 0) return 'none';
  if (N < SCORE_RULES.littleEvidenceBelow) return 'little';
  return N < SCORE_RULES.strongEvidenceFrom ? 'some' : 'strong';
}

/** The bucket's sums with float residue removed, so "everything reversed" is exactly no evidence. */
function evidenceOf({ R, S }: Evidence): Evidence {
  return { R: R < NEGLIGIBLE_WEIGHT ? 0 : R, S: S < NEGLIGIBLE_WEIGHT ? 0 : S };
}

const plus = (evidence: Evidence, extra: Weights): Evidence => ({ R: evidence.R + extra.r, S: evidence.S + extra.s });

/** Scores are shown as whole numbers; "no evidence" stays null, never 0. */
export function roundScore(score: number | null): number | null {
  return score === null ? null : Math.round(score);
}
