import type { Locale, Translate } from '../shared/i18n.js';
import { relativeTime } from '../shared/relative-time.js';
import type { JobStatus } from './status.js';

/** The health page's rows: each job in plain words, its last run, and whether it went well. */
export function jobsView(statuses: readonly JobStatus[], { locale, t, now }: { locale: Locale; t: Translate; now: Date }) {
  return statuses.map(({ name, enabled, lastRun }) => ({
    name,
    label: t(`jobs.names.${name}`),
    lastRunText: lastRun ? relativeTime(lastRun.startedAt, now, locale) : t('jobs.never'),
    durationText: lastRun ? t('jobs.duration_ms', { ms: lastRun.durationMs }) : '',
    error: lastRun?.error ?? null,
    lastSuccessText: lastRun?.lastSuccessAt ? t('jobs.last_success', { when: relativeTime(lastRun.lastSuccessAt, now, locale) }) : '',
    stateText: !enabled ? t('jobs.off') : lastRun ? t('jobs.ok') : '',
  }));
}
