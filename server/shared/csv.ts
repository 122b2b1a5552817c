/**
 * CSV for spreadsheets in the reader's language: German uses ";" between fields and a decimal
 * comma (what Excel expects in a German locale), English "," and a decimal point; UTF-8 with a
 * byte order mark so Excel shows umlauts right, CRLF line ends, and cells that would start a
 * formula are escaped. Pure.
 */
import { stringify } from 'csv-stringify/sync';
import { formatsFor } from './format.js';
import type { Locale } from './i18n.js';

export const CSV_DELIMITER: Record<Locale, string> = { de: ';', en: ',' };

export type CsvColumn<K extends string> = { key: K; header: string };

export function spreadsheetCsv<K extends string>(
  records: readonly Record<K, string | number | null>[],
  columns: readonly CsvColumn<K>[],
  locale: Locale,
): string {
  const f = formatsFor(locale);
  return stringify(records as Record<K, string | number | null>[], {
    bom: true,
    header: true,
    delimiter: CSV_DELIMITER[locale],
    record_delimiter: 'windows',
    escape_formulas: true,
    columns: columns.map(({ key, header }) => ({ key, header })),
    // Numbers stay numbers (so a leading minus is not mistaken for a formula), written the locale's way.
    cast: { number: (value) => f.plain(value) },
  });
}
