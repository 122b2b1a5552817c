/**
 * The directory's trust aggregates: one member's trust events folded into one row per topic
 * ('' = all topics), by exactly the ledger's rules — the fold is `addEvent` from trust/tally.ts,
 * the same fold the trust page runs, so the 30-day same-client rule, reversals, a client's
 * confirmation superseding a missed deadline, who counts as a client behind a score and the split
 * between trust as a provider and accuracy as a referrer (`referrer_feedback`, which never
 * counts here) are decided once, in one place.
 *
 * Glossary
 * - epoch: a fixed instant. Weights are stored as w · 2^((t − epoch) / 365 d), so the decayed
 *   weight at any `now` is the stored sum times 2^(−(now − epoch) / 365 d): one multiplication
 *   per row at read time instead of a fold over the ledger.
 * - confirmed outcome: a client's feedback that counted and was not reversed (as the profile's
 *   trust summary counts them).
 *
 * Precomputed and rebuildable, never authoritative: the trust page folds the ledger itself.
 * Events stamped after `now` (clock skew) are the one difference: the trust page counts them as
 * brand new, here they weigh by their stamp until `now` catches up.
 */
import { DAY_MS, HALF_LIFE_DAYS } from '../trust/decay.js';
import { SCORE_RULES } from '../trust/score.js';
import { addEvent, emptyTally } from '../trust/tally.js';
import { adjustTally, groupContext, type GroupContext } from '../trust/collusion.js';
import { withReviews } from '../trust/review.js';
import type { TrustEvent } from '../ledger/events.js';
import type { Evidence } from '../trust/weights.js';
import { typicalOutcome, wilsonLowerBound } from '../trust/wilson.js';

/** The fixed instant stored weights are scaled to. Changing it means `npm run aggregates:rebuild`. */
export const STATS_EPOCH = new Date('2024-01-01T00:00:00Z');

/** The row for all topics together. */
export const ALL_TOPICS = '';

/** Same threshold as score.ts: below it a sum is float residue of a reversal, not evidence. */
const NEGLIGIBLE_WEIGHT = 1e-9;

export type TopicStats = {
  topic: string;
  positiveScaled: number;
  negativeScaled: number;
  confirmedOutcomes: number;
  distinctClients: number;
  distinctGivers: number;
  medianFirstContactSeconds: number | null;
  lastOutcomeAt: Date | null;
};

/** How long one referral waited for its first contact; `topic` as the ledger normalises it. */
export type FirstContact = { topic: string | null; seconds: number };

/** 2^(Δ / 365 d) for Δ = to − from. */
function scale(from: Date, to: Date): number {
  return 2 ** ((to.getTime() - from.getTime()) / DAY_MS / HALF_LIFE_DAYS);
}

/**
 * Folds a member's events (ledger order, as `ledgerQueries.scoredEventsAbout` returns them) and
 * their referrals' first-contact times into rows: '' always, plus every topic in which something
 * happened (an advance is enough, as on the trust page) or a referral was contacted.
 */
export function foldTopicStats(
  events: readonly TrustEvent[],
  memberId: string,
  firstContacts: readonly FirstContact[] = [],
  /** The group's collusion context (trust/collusion.ts); else taken from `events`, as the trust page does. */
  context: GroupContext = groupContext(events),
): TopicStats[] {
  // Fold at an instant no event is after, so no age is clamped; then rescale to the epoch.
  let foldAt = STATS_EPOCH.getTime();
  for (const e of events) foldAt = Math.max(foldAt, e.occurredAt.getTime());
  const at = new Date(foldAt);
  const tally = emptyTally(memberId, at);
  for (const event of withReviews(events)) addEvent(tally, event);
  const sums = adjustTally(tally, context);
  const toEpoch = scale(STATS_EPOCH, at);

  const confirmed = new Map<string, { count: number; last: Date | null }>();
  const bump = (topic: string, occurredAt: Date) => {
    const c = confirmed.get(topic) ?? { count: 0, last: null };
    c.count += 1;
    if (!c.last || occurredAt > c.last) c.last = occurredAt;
    confirmed.set(topic, c);
  };
  for (const { explained } of tally.entries) {
    if (explained.kind !== 'feedback' || !explained.counted || explained.reversedBy !== null) continue;
    bump(ALL_TOPICS, explained.occurredAt);
    if (explained.topic !== null) bump(explained.topic, explained.occurredAt);
  }

  const contactSeconds = new Map<string, number[]>();
  for (const { topic, seconds } of firstContacts) {
    for (const key of topic ? [ALL_TOPICS, topic] : [ALL_TOPICS]) contactSeconds.set(key, [...(contactSeconds.get(key) ?? []), seconds]);
  }

  const buckets = new Map([[ALL_TOPICS, sums.overall], ...sums.topics]);
  for (const topic of contactSeconds.keys()) if (!buckets.has(topic)) buckets.set(topic, { R: 0, S: 0, clients: new Map(), givers: new Map() });
  return [...buckets].map(([topic, bucket]) => ({
    topic,
    positiveScaled: bucket.R * toEpoch,
    negativeScaled: bucket.S * toEpoch,
    confirmedOutcomes: confirmed.get(topic)?.count ?? 0,
    distinctClients: bucket.clients.size,
    distinctGivers: bucket.givers.size,
    medianFirstContactSeconds: median(contactSeconds.get(topic) ?? []),
    lastOutcomeAt: confirmed.get(topic)?.last ?? null,
  }));
}

export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return Math.round(sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2);
}

// ─── Reading rows at `now` ──────────────────────────────────────────────────────────────────

/** A stored row's evidence decayed to `now`; float residue becomes exactly no evidence. */
export function evidenceAt(row: Pick<TopicStats, 'positiveScaled' | 'negativeScaled'>, now: Date): Evidence {
  const factor = scale(now, STATS_EPOCH);
  const R = row.positiveScaled * factor;
  const S = row.negativeScaled * factor;
  return { R: R < NEGLIGIBLE_WEIGHT ? 0 : R, S: S < NEGLIGIBLE_WEIGHT ? 0 : S };
}

/** The member's overall score as the trust page computes it: 100 × Wilson(R, N); null without evidence. */
export function overallScore(overall: Evidence): number | null {
  const N = overall.R + overall.S;
  return N === 0 ? null : 100 * wilsonLowerBound(overall.R, N);
}

/**
 * The trust page's topic score: the topic's own evidence plus `topicPriorOutcomes` outcomes shaped
 * like the overall record (E = (R + 1) / (N + 2)), then Wilson. Null without own evidence, as there.
 */
export function topicScore(own: Evidence, overall: Evidence): number | null {
  return own.R + own.S === 0 ? null : topicRankValue(own, overall);
}

/**
 * The same formula without the "no own evidence" rule, for ordering only: a member whose topic
 * has no evidence yet sits where their overall record puts the prior — below a strong record in
 * the topic, above a poor one — and is never shown this number.
 */
export function topicRankValue(own: Evidence, overall: Evidence): number {
  const E = typicalOutcome(overall.R, overall.R + overall.S);
  const priorR = SCORE_RULES.topicPriorOutcomes * E;
  const priorS = SCORE_RULES.topicPriorOutcomes * (1 - E);
  const R = own.R + priorR;
  return 100 * wilsonLowerBound(R, R + own.S + priorS);
}
