/**
 * Reading a member list as a spreadsheet exports it: the bytes of a CSV file (or pasted text)
 * become one row per person with name, e-mail, phone and trade. Pure, no I/O (unit-tested).
 *
 * - Encoding: UTF-8 (with or without byte order mark); anything that is not valid UTF-8 is read
 *   as Windows-1252, what Excel writes on German Windows ("CSV (Trennzeichen-getrennt)").
 * - Separator: `;` (German Excel), `,` or tab, whichever the first line uses most.
 * - Header: recognised in German and English ("Name", "E-Mail", "Telefon", "Gewerk"/"Branche" …,
 *   also "Vorname" + "Nachname"); without one the columns are name, e-mail, phone, trade.
 */
import { parse } from 'csv-parse/sync';

export const IMPORT_MAX_BYTES = 256 * 1024;
export const IMPORT_MAX_LINES = 500;

export type ImportRow = { line: number; name: string; email: string; phone: string; trade: string };

export type TableError = 'empty' | 'too_large' | 'too_many_lines' | 'unreadable' | 'no_columns';

export type Table = { ok: true; text: string; rows: ImportRow[]; header: boolean } | { ok: false; error: TableError };

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** The file's text: UTF-8 when it is valid UTF-8 (BOM dropped), Windows-1252 otherwise; line ends as "\n". */
export function decodeText(bytes: Uint8Array): string {
  const hasBom = UTF8_BOM.every((byte, i) => bytes[i] === byte);
  const body = hasBom ? bytes.subarray(3) : bytes;
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(body);
  } catch {
    text = new TextDecoder('windows-1252').decode(body);
  }
  return normaliseText(text);
}

/** Pasted text and a previewed text sent back by a browser (which turns "\n" into "\r\n") read alike. */
export function normaliseText(text: string): string {
  return text.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n');
}

const SEPARATORS = [';', '\t', ','] as const;

/** The separator the first non-empty line uses most (outside quotes); "," when it has none. */
export function detectSeparator(text: string): string {
  const first = text.split('\n').find((line) => line.trim() !== '') ?? '';
  const unquoted = first.replace(/"[^"]*"/g, '');
  let best: string = ',';
  let bestCount = 0;
  for (const separator of SEPARATORS) {
    const count = unquoted.split(separator).length - 1;
    if (count > bestCount) [best, bestCount] = [separator, count];
  }
  return best;
}

type Column = 'name' | 'first' | 'last' | 'email' | 'phone' | 'trade';

/** Header cells, folded (lower case, umlauts spelt out, only letters and digits). */
const HEADERS: Record<string, Column> = {
  name: 'name', vollername: 'name', vollstaendigername: 'name', fullname: 'name', mitglied: 'name', member: 'name',
  vorname: 'first', firstname: 'first', givenname: 'first',
  nachname: 'last', familienname: 'last', lastname: 'last', surname: 'last', familyname: 'last',
  email: 'email', mail: 'email', emailadresse: 'email', emailaddress: 'email', mailadresse: 'email',
  telefon: 'phone', telefonnummer: 'phone', tel: 'phone', mobil: 'phone', mobilnummer: 'phone', handy: 'phone',
  phone: 'phone', phonenumber: 'phone', mobile: 'phone', telephone: 'phone',
  gewerk: 'trade', branche: 'trade', beruf: 'trade', trade: 'trade', industry: 'trade', profession: 'trade', fachgebiet: 'trade',
};

/** Lower case, umlauts and ß spelt out, accents dropped: "Müller" and "MUELLER" fold alike. */
export function foldText(value: string): string {
  return value
    .toLowerCase()
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '');
}

const headerKey = (cell: string) => foldText(cell).replace(/[^a-z0-9]/g, '');

type Layout = Partial<Record<Column, number>>;

/** The header's layout, or null when the first row is no header (it names neither a name nor an e-mail column). */
function headerLayout(cells: string[]): Layout | null {
  const layout: Layout = {};
  cells.forEach((cell, index) => {
    const column = HEADERS[headerKey(cell)];
    if (column && layout[column] === undefined) layout[column] = index;
  });
  return layout.email !== undefined || layout.name !== undefined || layout.first !== undefined ? layout : null;
}

const POSITIONAL: Layout = { name: 0, email: 1, phone: 2, trade: 3 };

type ParsedRecord = { record: string[]; info: { lines: number } };

function readRecords(text: string): ParsedRecord[] | null {
  try {
    return parse(text, {
      delimiter: detectSeparator(text),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      info: true,
    }) as unknown as ParsedRecord[];
  } catch {
    // An unclosed quote and the like: the file as a whole cannot be read.
    return null;
  }
}

function rowOf(layout: Layout, { record, info }: ParsedRecord): ImportRow {
  const cell = (column: Column) => {
    const index = layout[column];
    // Control characters (NUL cannot even be stored) become spaces; runs of space become one.
    return index === undefined ? '' : (record[index] ?? '').replace(/[\u0000-\u001f\u007f\s]+/g, ' ').trim();
  };
  const name = cell('name') || [cell('first'), cell('last')].filter(Boolean).join(' ');
  return { line: info.lines, name, email: cell('email'), phone: cell('phone'), trade: cell('trade') };
}

/** Reads already decoded text (pasted, or sent back from the preview). */
export function readTable(text: string): Table {
  const normalised = normaliseText(text);
  if (new TextEncoder().encode(normalised).byteLength > IMPORT_MAX_BYTES) return { ok: false, error: 'too_large' };
  if (normalised.trim() === '') return { ok: false, error: 'empty' };
  const records = readRecords(normalised);
  if (!records) return { ok: false, error: 'unreadable' };
  const layout = records[0] ? headerLayout(records[0].record) : null;
  const data = layout ? records.slice(1) : records;
  if (layout && layout.email === undefined) return { ok: false, error: 'no_columns' };
  if (data.length === 0) return { ok: false, error: 'empty' };
  if (data.length > IMPORT_MAX_LINES) return { ok: false, error: 'too_many_lines' };
  return { ok: true, text: normalised, header: layout !== null, rows: data.map((record) => rowOf(layout ?? POSITIONAL, record)) };
}

/** Reads the bytes of an uploaded file. */
export function readFile(bytes: Uint8Array): Table {
  if (bytes.byteLength > IMPORT_MAX_BYTES) return { ok: false, error: 'too_large' };
  return readTable(decodeText(bytes));
}
