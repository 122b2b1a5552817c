/**
 * The directory's result cards in the viewer's language. Pure: ranked results and a translator
 * in, strings and flags for the template out.
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { normaliseTopic } from '../ledger/append.js';
import { formatsFor, numberFormat } from '../shared/format.js';
import { roundScore } from '../trust/score.js';
import type { DirectoryResult } from './service.js';

const HOUR = 3600;
const DAY = 24 * HOUR;

function unitFormat(locale: Locale, unit: 'minute' | 'hour' | 'day'): Intl.NumberFormat {
  return numberFormat(locale, { style: 'unit', unit, unitDisplay: 'long', maximumFractionDigits: 0 });
}

/** "45 Minuten", "5 Stunden", "3 Tage": the largest unit that reads naturally. */
export function formatDuration(seconds: number, locale: Locale): string {
  if (seconds >= 2 * DAY) return unitFormat(locale, 'day').format(Math.round(seconds / DAY));
  if (seconds >= HOUR) return unitFormat(locale, 'hour').format(Math.round(seconds / HOUR));
  return unitFormat(locale, 'minute').format(Math.max(1, Math.round(seconds / 60)));
}

export function directoryCard(result: DirectoryResult, locale: Locale, t: Translate, timeZone?: string) {
  // Topics are stored normalised ("steuerberatung"); show the trade's own spelling when it is one.
  const topicLabel = result.topic === '' ? null : (result.trades.find((name) => normaliseTopic(name) === result.topic) ?? result.topic);
  const score = roundScore(result.score);
  return {
    slug: result.slug,
    name: result.name,
    hasPhoto: result.hasPhoto,
    trades: result.trades,
    region: result.region,
    warumTeaser: result.warumTeaser,
    topicLabel,
    hasScore: score !== null,
    score,
    evidence: result.evidence,
    littleEvidence: result.evidence === 'little' || result.evidence === 'none',
    confirmedOutcomes: result.confirmedOutcomes,
    distinctClients: result.distinctClients,
    distinctGivers: result.distinctGivers,
    firstContact: result.medianFirstContactSeconds === null ? null : formatDuration(result.medianFirstContactSeconds, locale),
    lastOutcome: result.lastOutcomeAt ? formatsFor(locale, timeZone).date(result.lastOutcomeAt) : null,
    scoreLabel: topicLabel ? t('directory.card.topic_score', { topic: topicLabel }) : t('directory.card.overall_score'),
  };
}
