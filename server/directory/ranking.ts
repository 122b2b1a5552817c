/**
 * Who comes first in the directory. Pure: the group's candidates (≤ ~100) with their stored
 * aggregates in, an ordered list out.
 *
 * Order, and why:
 * 1. Members whose trade or confirmed topics match the need come before members who only mention
 *    it in their texts: "trust in the matched topic" only exists for the former.
 * 2. Trust in the matched topic: the trust page's topic score (shrinkage toward the member's
 *    overall record, then the Wilson lower bound). Wilson is what keeps luck from winning: one
 *    good outcome scores well below twelve good and one bad. A topic without own evidence is
 *    ordered by its prior alone (the overall record), never shown as a score.
 * 3. Then how well the texts match (ts_rank plus the trade's trigram similarity), then name.
 * Scores are compared as shown (whole numbers), so a tie on the card is decided by the match.
 * Members who only mention the need have no trust in a matched topic to compare, so among them
 * the match comes first and their overall trust second (a photographer whose offer says
 * "Bildmaterial für Websites" must not bury the web designer because of more photo outcomes).
 */
import { SCORE_RULES } from '../trust/score.js';
import type { EvidenceLevel } from '../trust/score.js';
import type { Evidence } from '../trust/weights.js';
import { ALL_TOPICS, evidenceAt, overallScore, topicRankValue, topicScore, type TopicStats } from './topic-stats.js';

export type StoredStats = Omit<TopicStats, 'topic'>;

export type Candidate = {
  memberId: string;
  name: string;
  /** The member's search document matches the need (full text). */
  textMatch: boolean;
  /** ts_rank of the document for the need; 0 without a need. */
  textRank: number;
  /** Topics (normalised, as the ledger stores them) the need or the trade filter points to for this member. */
  matchedTopics: string[];
  /** The need names one of the member's trades or confirmed topics (not just the trade filter). */
  needMatchesTopic: boolean;
  /** How closely the best of the member's matched trades resembles the need, 0..1. */
  tradeSimilarity: number;
  /** The member's aggregate rows by topic ('' = all topics). */
  stats: ReadonlyMap<string, StoredStats>;
};

export type RankOptions = {
  now: Date;
  /** A need was typed: candidates must match it. Without one everyone is listed, by overall trust. */
  hasNeed: boolean;
  /** Only members with confirmed outcomes in the shown topic (or overall). */
  confirmedOnly: boolean;
};

export type Ranked = {
  memberId: string;
  /** The topic the card shows; '' = overall (no topic matched). */
  topic: string;
  /** Score as the trust page shows it, 0..100; null = no evidence in this topic yet. */
  score: number | null;
  evidence: EvidenceLevel;
  /** What ordered the member (not shown). */
  rankValue: number;
  confirmedOutcomes: number;
  distinctClients: number;
  distinctGivers: number;
  medianFirstContactSeconds: number | null;
  lastOutcomeAt: Date | null;
};

const NONE: StoredStats = {
  positiveScaled: 0,
  negativeScaled: 0,
  confirmedOutcomes: 0,
  distinctClients: 0,
  distinctGivers: 0,
  medianFirstContactSeconds: null,
  lastOutcomeAt: null,
};

const NO_EVIDENCE: Evidence = { R: 0, S: 0 };

export function evidenceLevel(N: number): EvidenceLevel {
  if (N === 0) return 'none';
  if (N < SCORE_RULES.littleEvidenceBelow) return 'little';
  return N < SCORE_RULES.strongEvidenceFrom ? 'some' : 'strong';
}

/** Whether the candidate belongs in the result at all. */
export function isMatch(candidate: Candidate, hasNeed: boolean): boolean {
  return !hasNeed || candidate.textMatch || candidate.needMatchesTopic;
}

type Scored = Ranked & { tier: 0 | 1; shownScore: number; textScore: number; name: string };

function scoreCandidate(c: Candidate, now: Date): Scored {
  const overallRow = c.stats.get(ALL_TOPICS) ?? NONE;
  const overall = evidenceAt(overallRow, now);
  let best: { topic: string; row: StoredStats; own: Evidence; rankValue: number } | null = null;
  for (const topic of new Set(c.matchedTopics)) {
    const row = c.stats.get(topic) ?? NONE;
    const own = evidenceAt(row, now);
    const rankValue = topicRankValue(own, overall);
    if (!best || rankValue > best.rankValue || (rankValue === best.rankValue && row.confirmedOutcomes > best.row.confirmedOutcomes)) {
      best = { topic, row, own, rankValue };
    }
  }
  const shown = best
    ? { topic: best.topic, row: best.row, own: best.own, score: topicScore(best.own, overall), rankValue: best.rankValue }
    : // Overall, with the same two-outcome prior (a neutral one): no evidence sits above poor evidence.
      { topic: ALL_TOPICS, row: overallRow, own: overall, score: overallScore(overall), rankValue: topicRankValue(overall, NO_EVIDENCE) };
  return {
    memberId: c.memberId,
    name: c.name,
    topic: shown.topic,
    score: shown.score,
    evidence: evidenceLevel(shown.own.R + shown.own.S),
    rankValue: shown.rankValue,
    confirmedOutcomes: shown.row.confirmedOutcomes,
    distinctClients: shown.row.distinctClients,
    distinctGivers: shown.row.distinctGivers,
    medianFirstContactSeconds: shown.row.medianFirstContactSeconds,
    lastOutcomeAt: shown.row.lastOutcomeAt,
    tier: best ? 0 : 1,
    shownScore: Math.round(shown.rankValue),
    textScore: c.textRank + c.tradeSimilarity,
  };
}

const byName = new Intl.Collator('de', { sensitivity: 'base' });

export function rankCandidates(candidates: readonly Candidate[], options: RankOptions): Ranked[] {
  return candidates
    .filter((c) => isMatch(c, options.hasNeed))
    .map((c) => scoreCandidate(c, options.now))
    .filter((r) => !options.confirmedOnly || r.confirmedOutcomes > 0)
    .sort(
      (a, b) =>
        a.tier - b.tier ||
        (a.tier === 0 ? b.shownScore - a.shownScore || b.textScore - a.textScore : b.textScore - a.textScore || b.shownScore - a.shownScore) ||
        byName.compare(a.name, b.name),
    )
    .map(({ tier: _tier, shownScore: _shown, textScore: _text, name: _name, ...ranked }) => ranked);
}
