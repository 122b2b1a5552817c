/**
 * Use cases of the trust page, the CSV export and the profile's trust summary: load a member's
 * events (one query each, on the `trust_events_member` index) and hand them to the pure scorer.
 * Scores are derived here at read time and never stored.
 */
import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import { roundScore } from './score.js';
import { trustQueries } from './queries.js';
import { contextAt, groupLedger, memberGroupContext } from './group-ledger.js';
import { type EvidenceLevel, type MemberScore, type ScoreSnapshot, scoreHistory, scoreMember } from './score.js';

/** Who is looking: the groups they belong to and their own member ids (one per group). */
export type TrustViewer = { groupIds: readonly string[]; memberIds: readonly string[] };

/** How far back the score-over-time chart looks. */
export const HISTORY_MONTHS = 12;

/**
 * The chart's points: the same day of each of the last `months` months, then `now` — 13 points
 * for a year. A day the month does not have (31 February) becomes the month's last day.
 */
export function monthlyPoints(now: Date, months: number = HISTORY_MONTHS): Date[] {
  return Array.from({ length: months + 1 }, (_, i) => {
    const back = months - i;
    if (back === 0) return new Date(now.getTime());
    const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 1));
    const lastDay = new Date(Date.UTC(first.getUTCFullYear(), first.getUTCMonth() + 1, 0)).getUTCDate();
    const at = new Date(now.getTime());
    at.setUTCFullYear(first.getUTCFullYear(), first.getUTCMonth(), Math.min(now.getUTCDate(), lastDay));
    return at;
  });
}

/** The member behind a profile address, if the viewer shares their group; otherwise "not found". */
async function visibleSubject(db: Db, slug: string, viewer: TrustViewer) {
  const subject = await trustQueries(db).memberBySlug(slug);
  // Outside the group a trust page does not exist: a 404 does not even confirm the member.
  // A deleted member is gone for everyone, their group included (the ledger rows stay).
  if (!subject || subject.deleted || !viewer.groupIds.includes(subject.groupId)) throw errors.notFound('trust.not_found');
  return { ...subject, isOwn: viewer.memberIds.includes(subject.id) };
}

export type LedgerRow = Awaited<ReturnType<ReturnType<typeof trustQueries>['eventsAboutWithNames']>>[number];

export type MemberTrust = {
  subject: TrustSubject;
  /** The member's events in ledger order, with the names of the members involved. */
  rows: LedgerRow[];
  score: MemberScore;
  /** The overall score at each of `monthlyPoints(now)`. */
  history: ScoreSnapshot[];
};

export type TrustSubject = Awaited<ReturnType<typeof visibleSubject>>;

/** The member whose trust page is asked for, if the viewer may see it (else "not found"). */
export function trustSubject(db: Db, slug: string, viewer: TrustViewer): Promise<TrustSubject> {
  return visibleSubject(db, slug, viewer);
}

/** Everything the trust page shows about a member the viewer may see. */
export async function memberTrust(db: Db, subject: TrustSubject, now: Date): Promise<MemberTrust> {
  const [rows, group] = await Promise.all([trustQueries(db).eventsAboutWithNames(subject.id), groupLedger(db, subject.groupId)]);
  return {
    subject,
    rows,
    // Collusion resistance weighs each giver by the whole group's ledger (collusion.ts).
    score: scoreMember(rows, subject.id, now, contextAt(group, now)),
    history: scoreHistory(rows, subject.id, monthlyPoints(now), group.events),
  };
}

/** The member's own ledger for the CSV export; nobody else's (403 inside the group, 404 outside). */
export async function ownLedger(db: Db, slug: string, viewer: TrustViewer, now: Date) {
  const subject = await visibleSubject(db, slug, viewer);
  if (!subject.isOwn) throw errors.forbidden('trust.csv.own_only');
  const [rows, group] = await Promise.all([trustQueries(db).eventsAboutWithNames(subject.id), groupLedger(db, subject.groupId)]);
  return { subject, rows, score: scoreMember(rows, subject.id, now, contextAt(group, now)) };
}

/** The compact summary the profile page shows next to the Warum. */
export type TrustSummary = {
  /** 0..100, rounded; null = no evidence yet ("noch keine Bestätigungen"), never 0. */
  score: number | null;
  /** For templates, where a score of 0 is falsy: whether there is a score at all. */
  hasScore: boolean;
  /** The typical outcome, (R + 1) / (N + 2), as a whole percentage. */
  typicalPercent: number;
  evidence: EvidenceLevel;
  /** Counted client feedback that has not been reversed. */
  confirmedOutcomes: number;
  distinctClients: number;
  distinctGivers: number;
};

/** One query: the member's events, scored in memory. For the profile page. */
export async function trustSummary(db: Db, memberId: string, now: Date): Promise<TrustSummary> {
  const [rows, group] = await Promise.all([trustQueries(db).scoredEventsAbout(memberId), memberGroupContext(db, memberId, now)]);
  return summaryOf(scoreMember(rows, memberId, now, group?.context));
}

export function summaryOf(score: MemberScore): TrustSummary {
  const { overall } = score;
  return {
    score: roundScore(overall.score),
    hasScore: overall.score !== null,
    typicalPercent: Math.round(overall.typical * 100),
    evidence: overall.evidence,
    confirmedOutcomes: score.explanation.filter((e) => e.kind === 'feedback' && e.counted && e.reversedBy === null).length,
    distinctClients: overall.distinctClients,
    distinctGivers: overall.distinctGivers,
  };
}
