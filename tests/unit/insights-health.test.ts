import { describe, expect, it } from 'vitest';
import { translator } from '../../server/shared/i18n.js';
import { healthCsv } from '../../server/insights/csv.js';
import {
  csvRecords,
  type GroupMember,
  groupMonths,
  type MemberMonthRow,
  memberBalances,
  namedEdges,
  networkMembers,
  overdueMembers,
} from '../../server/insights/health.js';

const members: GroupMember[] = [
  { id: 'z', name: 'Zoe Zander', slug: 'zoe', active: true },
  { id: 'a', name: 'Ali Aksoy', slug: 'ali', active: true },
  { id: 'b', name: 'Bea Brandt', slug: 'bea', active: true },
  { id: 'q', name: 'Quentin Quiet', slug: 'quentin', active: true },
  { id: 'x', name: 'Xaver Ex', slug: 'xaver', active: false },
  { id: 'y', name: 'Yvonne Old', slug: 'yvonne', active: false },
];

const row = (memberId: string, month: string, values: Partial<MemberMonthRow>): MemberMonthRow => ({
  memberId,
  month,
  given: 0,
  received: 0,
  confirmed: 0,
  won: 0,
  wonCents: 0,
  overdue: 0,
  ...values,
});

const rows: MemberMonthRow[] = [
  row('a', '2026-10', { given: 3 }),
  row('z', '2026-10', { received: 2, confirmed: 1, won: 1, wonCents: 250_000 }),
  row('z', '2026-11', { received: 1, overdue: 1 }),
  row('b', '2026-11', { given: 2, received: 2, confirmed: 2 }),
  row('x', '2026-09', { given: 1 }),
];

describe('group health', () => {
  it('sums the group per month, each referral once (by its giver)', () => {
    const months = groupMonths(['2026-09', '2026-10', '2026-11'], rows);
    expect(months).toEqual([
      { month: '2026-09', referrals: 1, confirmed: 0, won: 0, wonCents: 0 },
      { month: '2026-10', referrals: 3, confirmed: 1, won: 1, wonCents: 250_000 },
      { month: '2026-11', referrals: 2, confirmed: 2, won: 0, wonCents: 0 },
    ]);
  });

  it('flags who only takes and who only gives; lists former members only when they took part', () => {
    const balances = memberBalances(members, rows);
    expect(balances.map((m) => [m.name, m.balance.kind, m.flagged])).toEqual([
      ['Ali Aksoy', 'gives_only', true],
      ['Bea Brandt', 'balanced', false],
      ['Quentin Quiet', 'none', false],
      ['Xaver Ex', 'gives_only', true],
      ['Zoe Zander', 'takes_only', true],
    ]);
    const zoe = balances.find((m) => m.id === 'z')!;
    expect([zoe.balance.received, zoe.confirmed, zoe.overdue]).toEqual([3, 1, 1]);
  });

  it('lists members with overdue referrals, most waiting first', () => {
    const overdue = overdueMembers(members, [
      { memberId: 'b', count: 1, oldestDueAt: new Date('2026-11-01') },
      { memberId: 'z', count: 3, oldestDueAt: new Date('2026-11-10') },
      { memberId: 'a', count: 1, oldestDueAt: new Date('2026-10-01') },
      { memberId: 'someone-else', count: 5, oldestDueAt: new Date('2026-10-01') },
    ]);
    expect(overdue.map((m) => [m.name, m.count])).toEqual([
      ['Zoe Zander', 3],
      ['Ali Aksoy', 1],
      ['Bea Brandt', 1],
    ]);
  });

  it('names both ends of every edge, busiest first, and keeps former members who appear in one', () => {
    const edges = [
      { from: 'a', to: 'z', count: 2 },
      { from: 'b', to: 'z', count: 5 },
      { from: 'x', to: 'a', count: 1 },
    ];
    expect(namedEdges(members, edges).map((e) => `${e.fromName}→${e.toName}:${e.count}`)).toEqual([
      'Bea Brandt→Zoe Zander:5',
      'Ali Aksoy→Zoe Zander:2',
      'Xaver Ex→Ali Aksoy:1',
    ]);
    expect(networkMembers(members, edges).map((m) => m.id).sort()).toEqual(['a', 'b', 'q', 'x', 'z']);
  });
});

describe('the statistics export', () => {
  const records = csvRecords(members, rows);

  it('has one row per member and month with activity, by month then name', () => {
    expect(records.map((r) => `${r.month} ${r.name}`)).toEqual([
      '2026-09 Xaver Ex',
      '2026-10 Ali Aksoy',
      '2026-10 Zoe Zander',
      '2026-11 Bea Brandt',
      '2026-11 Zoe Zander',
    ]);
  });

  it('writes German with semicolons and a decimal comma, English with commas', () => {
    const de = healthCsv(records, { locale: 'de', t: translator('de') });
    expect(de.startsWith('\ufeffMitglied;Monat;')).toBe(true);
    expect(de).toContain('2026-10;0;2;1;1;2500;0');
    const en = healthCsv([{ ...records[2]!, wonCents: 123_456 }], { locale: 'en', t: translator('en') });
    expect(en).toContain('Zoe Zander,2026-10,0,2,1,1,1234.56,0');
    expect(healthCsv([{ ...records[2]!, wonCents: 123_456 }], { locale: 'de', t: translator('de') })).toContain(';1234,56;');
  });

  it('escapes a name that would start a formula in a spreadsheet', () => {
    const csv = healthCsv([{ ...records[0]!, name: '=HYPERLINK("x")' }], { locale: 'en', t: translator('en') });
    expect(csv).not.toMatch(/[\n,]=HYPERLINK/);
    // The name is still there, with the apostrophe that makes a spreadsheet read it as text.
    expect(csv).toContain(`\n"'=HYPERLINK(""x"")",2026-09,`);
  });
});
