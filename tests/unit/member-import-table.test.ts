import { describe, expect, it } from 'vitest';
import { judgeLines, previewDigest, type GroupSnapshot } from '../../server/members/import/lines.js';
import { decodeText, detectSeparator, IMPORT_MAX_LINES, readFile, readTable, type Table } from '../../server/members/import/table.js';

const rowsOf = (table: Table) => {
  if (!table.ok) throw new Error(`not read: ${table.error}`);
  return table.rows.map(({ line, name, email, phone, trade }) => [line, name, email, phone, trade]);
};

describe('reading a member list', () => {
  it('reads the German Excel export: semicolons, German header, UTF-8 with byte order mark', () => {
    const bytes = Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('Name;E-Mail;Telefon;Gewerk\r\nJürgen Groß;jg@example.org;0171 234567;Steuerberatung\r\n'),
    ]);
    const table = readFile(bytes);
    expect(table.ok && table.header).toBe(true);
    expect(rowsOf(table)).toEqual([[2, 'Jürgen Groß', 'jg@example.org', '0171 234567', 'Steuerberatung']]);
  });

  it('reads Windows-1252 (Excel on German Windows) with its umlauts', () => {
    const latin = Buffer.from([
      ...Buffer.from('Name;E-Mail;Branche\r\n'),
      // "Bärbel Köhler;bk@example.org;Bäckerei" in Windows-1252: ä = 0xE4, ö = 0xF6
      ...Buffer.from('B'), 0xe4, ...Buffer.from('rbel K'), 0xf6, ...Buffer.from('hler;bk@example.org;B'), 0xe4, ...Buffer.from('ckerei\r\n'),
    ]);
    expect(decodeText(latin)).toContain('Bärbel Köhler');
    expect(rowsOf(readFile(latin))).toEqual([[2, 'Bärbel Köhler', 'bk@example.org', '', 'Bäckerei']]);
  });

  it('reads commas and tabs too, and the English header in any order', () => {
    const comma = 'E-mail,Full name,Trade,Phone\nann@example.org,Ann Lee,Web design,+44 20 1234\n';
    expect(detectSeparator(comma)).toBe(',');
    expect(rowsOf(readTable(comma))).toEqual([[2, 'Ann Lee', 'ann@example.org', '+44 20 1234', 'Web design']]);

    const tabs = 'Name\tEmail\nBo Berg\tbo@example.org\n';
    expect(detectSeparator(tabs)).toBe('\t');
    expect(rowsOf(readTable(tabs))).toEqual([[2, 'Bo Berg', 'bo@example.org', '', '']]);
  });

  it('joins "Vorname" and "Nachname"; without a header the columns are name, e-mail, phone, trade', () => {
    expect(rowsOf(readTable('Vorname;Nachname;E-Mail\nEva;Ernst;eva@example.org\n'))).toEqual([[2, 'Eva Ernst', 'eva@example.org', '', '']]);
    const headless = readTable('Eva Ernst;eva@example.org;0151 1;Catering\n');
    expect(headless.ok && headless.header).toBe(false);
    expect(rowsOf(headless)).toEqual([[1, 'Eva Ernst', 'eva@example.org', '0151 1', 'Catering']]);
  });

  it('keeps separators and line breaks inside quoted fields; the line number is where the record ends', () => {
    const text = 'Name;E-Mail;Gewerk\n"Müller; Sohn GmbH";info@mueller.example;"Garten-\nbau"\n';
    expect(rowsOf(readTable(text))).toEqual([[3, 'Müller; Sohn GmbH', 'info@mueller.example', '', 'Garten- bau']]);
  });

  it('skips empty lines and rows of empty cells (Excel writes ";;;")', () => {
    const text = 'Name;E-Mail\n\nA;a@example.org\n;;\n   \nB;b@example.org\n\n';
    expect(rowsOf(readTable(text)).map((r) => r[1])).toEqual(['A', 'B']);
  });

  it('refuses an empty list, a header without e-mail column, an unclosed quote and too many lines', () => {
    expect(readTable('')).toEqual({ ok: false, error: 'empty' });
    expect(readTable('Name;E-Mail\n')).toEqual({ ok: false, error: 'empty' });
    expect(readTable('Name;Telefon\nA;123\n')).toEqual({ ok: false, error: 'no_columns' });
    expect(readTable('Name;E-Mail\n"A;a@example.org\n')).toEqual({ ok: false, error: 'unreadable' });
    const line = (i: number) => `P ${i};p${i}@example.org`;
    const full = ['Name;E-Mail', ...Array.from({ length: IMPORT_MAX_LINES }, (_, i) => line(i))].join('\n');
    expect(readTable(full).ok).toBe(true);
    expect(readTable(`${full}\n${line(IMPORT_MAX_LINES)}`)).toEqual({ ok: false, error: 'too_many_lines' });
  });

  it('refuses more than 256 KB', () => {
    expect(readFile(Buffer.alloc(256 * 1024 + 1, 'a'))).toEqual({ ok: false, error: 'too_large' });
  });

  it('control characters in a cell become spaces (a NUL could not even be stored)', () => {
    expect(rowsOf(readTable('A\u0000B;a@example.org\n'))[0]![1]).toBe('A B');
  });
});

describe('judging the lines against the group', () => {
  const group: GroupSnapshot = {
    memberEmails: ['Old@Example.org'],
    invitedEmails: ['pending@example.org'],
    trades: [
      { id: 't-tax', name: 'Steuerberatung' },
      { id: 't-bake', name: 'Bäckerei' },
      { id: 't-web', name: 'Webdesign' },
    ],
    takenTradeIds: ['t-web'],
    oneSeatPerTrade: true,
  };
  const row = (line: number, email: string, trade = '', name = `P ${line}`, phone = '') => ({ line, name, email, phone, trade });

  it('says for each line: invite, already member, already invited, or the error', () => {
    const lines = judgeLines(
      [
        row(2, 'new@example.org', 'STEUERBERATUNG'),
        row(3, 'old@example.org'),
        row(4, 'PENDING@example.org'),
        row(5, 'kein-at'),
        row(6, 'new@example.org'),
        row(7, 'b@example.org', 'baeckerei'),
        row(8, 'c@example.org', 'Bäckerei'),
        row(9, 'd@example.org', 'Webdesign'),
        row(10, 'e@example.org', 'Zauberei'),
        row(11, 'f@example.org', '', ''),
        row(12, 'g@example.org', '', 'G', 'call me'),
      ],
      group,
    );
    expect(lines.map((l) => [l.line, l.status, ...l.problems])).toEqual([
      [2, 'invite'],
      [3, 'member'],
      [4, 'invited'],
      [5, 'error', 'bad_email'],
      [6, 'error', 'duplicate'],
      [7, 'invite'],
      [8, 'error', 'trade_taken'],
      [9, 'error', 'trade_taken'],
      [10, 'error', 'unknown_trade'],
      [11, 'error', 'name_missing'],
      [12, 'error', 'bad_phone'],
    ]);
    expect(lines[0]!.tradeId).toBe('t-tax');
    expect(lines[5]!.tradeName).toBe('Bäckerei');
  });

  it('without "one seat per trade" a taken trade is no error', () => {
    const lines = judgeLines([row(2, 'a@example.org', 'webdesign'), row(3, 'b@example.org', 'Webdesign')], { ...group, oneSeatPerTrade: false });
    expect(lines.map((l) => l.status)).toEqual(['invite', 'invite']);
  });

  it('the digest changes with the text and with the verdicts', () => {
    const rows = [row(2, 'a@example.org')];
    const before = previewDigest('x', judgeLines(rows, group));
    expect(previewDigest('x', judgeLines(rows, group))).toBe(before);
    expect(previewDigest('y', judgeLines(rows, group))).not.toBe(before);
    expect(previewDigest('x', judgeLines(rows, { ...group, memberEmails: ['a@example.org'] }))).not.toBe(before);
  });
});
