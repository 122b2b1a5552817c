/**
 * A member's own ledger as CSV: one row per event with its weights, decay and contribution, and
 * why it counted or not. Pure. Written for spreadsheets in the member's language (shared/csv.ts);
 * topics are free text, so the formula escaping matters here. No client data: the ledger has none.
 */
import { spreadsheetCsv } from '../shared/csv.js';
import type { Locale, Translate } from '../shared/i18n.js';
import { displayTopic } from './describe.js';
import { formatsFor } from '../shared/format.js';
import type { WeighedEvent } from './collusion.js';
import { collusionText } from './describe-collusion.js';
import type { ExplainedEvent } from './score.js';
import type { LedgerRow } from './service.js';

const COLUMNS = [
  'date',
  'kind',
  'topic',
  'rating',
  'base_r',
  'base_s',
  'decay',
  'contribution_r',
  'contribution_s',
  'counted',
  'reason',
] as const;

type Column = (typeof COLUMNS)[number];

export function ledgerCsv(
  rows: readonly LedgerRow[],
  explanation: readonly ExplainedEvent[],
  { locale, t, timeZone }: { locale: Locale; t: Translate; timeZone?: string },
): string {
  const f = formatsFor(locale, timeZone);
  const rowById = new Map(rows.map((row) => [row.id, row]));
  const dateOf = new Map(explanation.map((e) => [e.eventId, e.occurredAt]));
  const records = explanation.map((e): Record<Column, string | number | null> => {
    const row = rowById.get(e.eventId);
    return {
      date: e.occurredAt.toISOString(),
      kind: t(`trust.kind.${e.kind}`),
      topic: e.topic ? displayTopic(e.topic, locale) : null,
      rating: row?.neverContacted ? t('trust.csv.never_contacted') : (row?.rating ?? null),
      base_r: e.base.r,
      base_s: e.base.s,
      decay: e.decay,
      contribution_r: e.contribution.r,
      contribution_s: e.contribution.s,
      counted: t(e.counted ? 'trust.csv.yes' : 'trust.csv.no'),
      reason: reasonOf(e, dateOf, t, f, row?.correctionReason ?? null),
    };
  });
  return spreadsheetCsv(
    records,
    COLUMNS.map((key) => ({ key, header: t(`trust.csv.columns.${key}`) })),
    locale,
  );
}

/** `correction`: a host's reason code when the event is a reversal made by hand. */
function reasonOf(
  e: ExplainedEvent,
  dateOf: Map<string, Date>,
  t: Translate,
  { date, plain }: { date: (d: Date) => string; plain: (value: number) => string },
  correction: string | null,
): string {
  const when = (id: string | null) => {
    const at = id ? dateOf.get(id) : undefined;
    return at ? date(at) : '?';
  };
  if (!e.counted) {
    return e.reason === 'same_client_within_30_days' && e.blockedBy
      ? t('trust.reason.same_client_since', { date: when(e.blockedBy) })
      : t(`trust.reason.${e.reason}`);
  }
  if (e.reversedBy) return t('trust.line.reversed_later', { date: when(e.reversedBy) });
  if (e.kind === 'reversal') {
    const reverses = t('trust.csv.reverses', { date: when(e.reverses) });
    return correction ? t('trust.csv.reverses_because', { reverses, reason: t(`trust.correction.reason_short.${correction}`) }) : reverses;
  }
  const weighing = collusionText((e as WeighedEvent).collusion, t, plain);
  return weighing ? `${t('trust.csv.counted')}; ${weighing}` : t('trust.csv.counted');
}
