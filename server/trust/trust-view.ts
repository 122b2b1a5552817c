/**
 * Turns a member's scores into what the trust page shows, in the viewer's language: rounded
 * scores, the chart, "what would move it", the formula with this member's numbers, and one line
 * per ledger event, newest first. Pure: no I/O, so the words can be checked without a database.
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { renderScoreChart } from './chart.js';
import { describeEvent, displayTopic, type LedgerLine } from './describe.js';
import { formatsFor } from '../shared/format.js';
import { roundScore } from './score.js';
import type { WhatWouldMoveIt } from './moves.js';
import type { ExplainedEvent, ScoreResult } from './score.js';
import type { LedgerRow, MemberTrust } from './service.js';
import { heldAnswerIds, type ReviewVerdict, verdictsOf } from './review.js';
import { type Verification, verificationOf } from './weights.js';

/** `timeZone`: the reader's group's, in which dates are written (the default zone without one). */
export type ViewContext = { locale: Locale; t: Translate; now: Date; timeZone?: string };

export type ScoreView = {
  /** Whole number 0..100, or null: "noch keine Bestätigungen". */
  score: number | null;
  /** A score of 0 is falsy in a template; this tells "no evidence" apart. */
  hasScore: boolean;
  typicalPercent: number;
  evidence: string;
  /** Evidence is there but thin: say so next to the number. */
  little: boolean;
  outcomes: string;
};

/** How a client's answer was verified, as a badge with plain words (feedback events only). */
export type VerificationBadge = { kind: Verification | ReviewVerdict; label: string; title: string; tone: 'ok' | 'muted' | 'warn' };

/** `correctable`: a host viewing the page may correct (reverse) this event. */
export type LedgerItem = LedgerLine & { id: string; counted: boolean; correctable: boolean; verification: VerificationBadge | null };

const BADGE_TONES: Record<Verification, VerificationBadge['tone']> = { mailbox: 'ok', shared: 'muted', flagged: 'warn' };

const VERDICT_TONES: Record<ReviewVerdict, VerificationBadge['tone']> = { genuine: 'ok', not_genuine: 'warn' };

/**
 * Pure: the badge beside a feedback; rows from before rule version 2 read as 'shared'. A flagged
 * answer a host reviewed says so ("geprüft: echt" / "geprüft: nicht echt").
 */
export function verificationBadge(
  row: Pick<LedgerRow, 'kind' | 'verification'> | undefined,
  t: Translate,
  verdict?: ReviewVerdict,
): VerificationBadge | null {
  if (!row || (row.kind !== 'feedback' && row.kind !== 'referrer_feedback')) return null;
  const kind = verificationOf(row);
  if (kind === 'flagged' && verdict) {
    return { kind: verdict, label: t(`trust.verification.${verdict}`), title: t(`trust.verification.${verdict}_title`), tone: VERDICT_TONES[verdict] };
  }
  return { kind, label: t(`trust.verification.${kind}`), title: t(`trust.verification.${kind}_title`), tone: BADGE_TONES[kind] };
}

/** The newest entries the page shows until the reader asks for all of them. */
export const LEDGER_PAGE_ENTRIES = 50;

/**
 * `correctable`: ids of the events the viewer may correct (empty unless another host is looking).
 * `allEntries`: the whole ledger; otherwise the newest LEDGER_PAGE_ENTRIES and a link to the rest.
 */
export function trustPageView(trust: MemberTrust, context: ViewContext, correctable: ReadonlySet<string> = new Set(), allEntries = false) {
  const { locale, t, now, timeZone } = context;
  const f = formatsFor(locale, timeZone);
  const { score, history, subject } = trust;
  const topics = Object.entries(score.byTopic)
    .sort(([a, x], [b, y]) => y.N - x.N || a.localeCompare(b, locale))
    .map(([topic, result]) => ({ topic: displayTopic(topic, locale), ...scoreView(result, context) }));

  return {
    subject,
    overall: scoreView(score.overall, context),
    topics,
    referrer: scoreView(score.referrerAccuracy, context),
    distinctClients: score.overall.distinctClients,
    distinctGivers: score.overall.distinctGivers,
    chart: chartView(trust, context),
    moves: movesOf(score.whatWouldMoveIt.overall, t),
    formula: formulaOf(trust, context),
    ...ledgerPage(ledgerLines(trust.rows, score.explanation, context, correctable), allEntries),
    canCorrect: correctable.size > 0,
    asOf: f.date(now),
    historyMonths: history.length - 1,
  };
}

function ledgerPage(lines: LedgerItem[], allEntries: boolean) {
  const shown = allEntries ? lines : lines.slice(0, LEDGER_PAGE_ENTRIES);
  return { ledger: shown, ledgerTotal: lines.length, ledgerOlder: lines.length - shown.length };
}

function scoreView(result: ScoreResult, { locale, t }: ViewContext): ScoreView {
  return {
    score: roundScore(result.score),
    hasScore: result.score !== null,
    typicalPercent: Math.round(result.typical * 100),
    evidence: t(`trust.evidence.${result.evidence}`),
    little: result.evidence === 'little',
    outcomes: t('trust.page.weight', { n: formatsFor(locale).short(result.N) }),
  };
}

function chartView({ history }: MemberTrust, { locale, t, timeZone }: ViewContext) {
  const f = formatsFor(locale, timeZone);
  const values = history.map((snapshot) => roundScore(snapshot.overall.score));
  const rows = history.map((snapshot, i) => ({
    month: f.monthLong(snapshot.at),
    value: values[i] === null ? t('trust.chart.no_value') : String(values[i]),
  }));
  const known = values.flatMap((value, i) => (value === null ? [] : [{ value, month: rows[i]!.month }]));
  const first = known[0];
  const last = known[known.length - 1];
  const description =
    first && last
      ? t('trust.chart.desc', {
          first: first.value,
          firstMonth: first.month,
          last: last.value,
          lastMonth: last.month,
          min: Math.min(...known.map((k) => k.value)),
          max: Math.max(...known.map((k) => k.value)),
        })
      : t('trust.chart.desc_empty');
  const svg = renderScoreChart(
    history.map((snapshot, i) => ({ label: f.month(snapshot.at), value: values[i]! })),
    { id: 'trust-chart', title: t('trust.chart.title'), description, empty: t('trust.chart.empty') },
  );
  return { svg, rows, description };
}

/** "2 weitere bestätigte Ergebnisse → 71", then one more good and one bad outcome. */
function movesOf(moves: WhatWouldMoveIt, t: Translate): string[] {
  const lines: string[] = [];
  const milestone = moves.nextMilestone;
  if (milestone && milestone.positiveOutcomes > 1) {
    lines.push(t('trust.moves.milestone', { count: milestone.positiveOutcomes, score: Math.round(milestone.scoreAfter) }));
  }
  const positive = Math.round(moves.afterOnePositive);
  lines.push(moves.current === null ? t('trust.moves.first_positive', { score: positive }) : t('trust.moves.one_positive', { score: positive }));
  lines.push(t('trust.moves.one_negative', { score: Math.round(moves.afterOneNegative) }));
  return lines;
}

function formulaOf({ score }: MemberTrust, { locale, t }: ViewContext): string[] {
  const f = formatsFor(locale);
  const { rules, overall } = score;
  return [
    t('trust.formula.score', { z: f.plain(rules.wilsonZ) }),
    t('trust.formula.now', { R: f.short(overall.R), S: f.short(overall.S), N: f.short(overall.N) }),
    t('trust.formula.typical'),
    t('trust.formula.weights'),
    t('trust.formula.decay', { days: rules.halfLifeDays }),
    t('trust.formula.rules', { days: rules.sameClientWindowDays }),
    t('trust.formula.topic', { prior: rules.topicPriorOutcomes }),
    t('trust.collusion.formula', { scale: f.plain(rules.collusion.reciprocityScale), cap: f.plain(rules.collusion.sameGiverCap) }),
  ];
}

/** Newest first; reversals and the 30-day rule name the event they refer to by its date. */
export function ledgerLines(
  rows: LedgerRow[],
  explanation: ExplainedEvent[],
  context: ViewContext,
  correctable: ReadonlySet<string> = new Set(),
): LedgerItem[] {
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const verdicts = verdictsOf(rows);
  const held = heldAnswerIds(rows);
  const explainedById = new Map<string, ExplainedEvent>();
  for (const e of explanation) if (!explainedById.has(e.eventId)) explainedById.set(e.eventId, e);
  const at = (id: string | null) => (id ? (explainedById.get(id)?.occurredAt ?? null) : null);
  const items: LedgerItem[] = [];
  for (let i = explanation.length - 1; i >= 0; i--) {
    const explained = explanation[i]!;
    const row = rowById.get(explained.eventId);
    const targetAt = at(explained.reverses);
    const line = describeEvent(
      {
        explained,
        rating: row?.rating ?? null,
        neverContacted: row?.neverContacted ?? null,
        giverName: row?.giverName ?? null,
        receiverName: row?.receiverName ?? null,
        target: targetAt ? { occurredAt: targetAt } : null,
        blockedAt: at(explained.blockedBy),
        reversedAt: at(explained.reversedBy),
        correction: row?.correctionReason && row.correctorName ? { by: row.correctorName, reason: row.correctionReason } : null,
      },
      context,
    );
    items.push({
      ...line,
      id: explained.eventId,
      counted: explained.counted,
      correctable: correctable.has(explained.eventId),
      verification: verificationBadge(row && held.has(row.id) ? { ...row, verification: 'flagged' } : row, context.t, row ? verdicts.get(row.id)?.verdict : undefined),
    });
  }
  return items;
}
