/**
 * The group's referral statistics as CSV for hosts: one row per member and month with activity.
 * Written like the trust ledger's export (shared/csv.ts): the member's language decides the
 * delimiter and decimal mark, UTF-8 with a byte order mark, formula-looking cells escaped.
 * Member names and numbers only — no client's name, e-mail, phone, need or comment, ever.
 */
import { spreadsheetCsv } from '../shared/csv.js';
import type { Locale, Translate } from '../shared/i18n.js';
import type { CsvRecord } from './health.js';

export const HEALTH_CSV_COLUMNS = ['member', 'month', 'given', 'received', 'confirmed', 'won', 'won_value', 'overdue'] as const;

type Column = (typeof HEALTH_CSV_COLUMNS)[number];

export function healthCsv(records: readonly CsvRecord[], { locale, t }: { locale: Locale; t: Translate }): string {
  const rows = records.map(
    (r): Record<Column, string | number> => ({
      member: r.name,
      month: r.month,
      given: r.given,
      received: r.received,
      confirmed: r.confirmed,
      won: r.won,
      won_value: r.wonCents / 100,
      overdue: r.overdue,
    }),
  );
  return spreadsheetCsv(
    rows,
    HEALTH_CSV_COLUMNS.map((key) => ({ key, header: t(`insights.csv.${key}`) })),
    locale,
  );
}
