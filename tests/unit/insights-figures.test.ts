import { describe, expect, it } from 'vitest';
import { durationOf } from '../../server/insights/dashboard-view.js';
import { balanceOf, memberFigures, perHour, type ReferralMonthRow, type TimeMonthRow } from '../../server/insights/figures.js';
import { monthDate, periodEnding, shiftMonth } from '../../server/insights/period.js';

describe('the insights period (Berlin calendar months)', () => {
  it('is the current month and the eleven before it, oldest first', () => {
    const period = periodEnding(new Date('2026-11-23T09:00:00Z'));
    expect(period.months).toHaveLength(12);
    expect(period.months[0]).toBe('2025-12');
    expect(period.months[11]).toBe('2026-11');
    expect(period.fromDay).toBe('2025-12-01');
    expect(period.toDay).toBe('2026-11-23');
    // Midnight in Berlin in winter is 23:00 UTC the day before.
    expect(period.from.toISOString()).toBe('2025-11-30T23:00:00.000Z');
  });

  it('counts an instant after midnight in Berlin in the new month although UTC still has the old one', () => {
    const period = periodEnding(new Date('2026-02-28T23:30:00Z')); // 00:30 on 1 March in Berlin
    expect(period.months[11]).toBe('2026-03');
    expect(period.toDay).toBe('2026-03-01');
    expect(period.months[0]).toBe('2025-04');
    // 1 April 2025 is summer time: midnight is 22:00 UTC.
    expect(period.from.toISOString()).toBe('2025-03-31T22:00:00.000Z');
  });

  it('shifts months across year ends both ways', () => {
    expect(shiftMonth('2026-01', -1)).toBe('2025-12');
    expect(shiftMonth('2025-12', 1)).toBe('2026-01');
    expect(shiftMonth('2026-05', -17)).toBe('2024-12');
    expect(monthDate('2026-03').toISOString().slice(0, 7)).toBe('2026-03');
  });
});

describe('give and take', () => {
  it.each([
    [0, 0, 'none'],
    [3, 0, 'gives_only'],
    [0, 2, 'takes_only'],
    [4, 4, 'balanced'],
    [5, 4, 'balanced'],
    [4, 5, 'balanced'],
    [6, 4, 'gives_more'],
    [2, 7, 'takes_more'],
  ] as const)('%i given, %i received → %s', (given, received, kind) => {
    expect(balanceOf(given, received)).toEqual({ kind, given, received, difference: given - received });
  });
});

describe('€ per hour', () => {
  it('divides business by hours, in whole cents', () => {
    expect(perHour(300_000, 600)).toBe(30_000); // 3,000 € in 10 h → 300 €/h
    expect(perHour(100, 90)).toBe(67); // 1 € in 1.5 h
  });
  it('is no figure at all without time invested, never infinite or zero', () => {
    expect(perHour(500_000, 0)).toBeNull();
  });
});

describe('member figures from monthly rows', () => {
  const months = periodEnding(new Date('2026-11-23T09:00:00Z')).months;
  const referrals: ReferralMonthRow[] = [
    { side: 'given', kind: 'referral', month: '2026-10', count: 2, cents: 0 },
    { side: 'given', kind: 'referral', month: '2026-11', count: 1, cents: 0 },
    { side: 'received', kind: 'referral', month: '2026-11', count: 4, cents: 0 },
    { side: 'received', kind: 'confirmed', month: '2026-11', count: 2, cents: 0 },
    { side: 'given', kind: 'confirmed', month: '2026-10', count: 1, cents: 0 },
    // Confirmed ones among the referrals received in the period, dated by the referral.
    { side: 'received', kind: 'confirmed_referral', month: '2026-11', count: 1, cents: 0 },
    { side: 'given', kind: 'confirmed_referral', month: '2026-10', count: 1, cents: 0 },
    { side: 'received', kind: 'won', month: '2026-11', count: 2, cents: 450_000 },
    { side: 'given', kind: 'won', month: '2026-10', count: 1, cents: 120_050 },
    // Outside the period: ignored rather than counted into a month that is not shown.
    { side: 'received', kind: 'referral', month: '2025-11', count: 9, cents: 0 },
  ];
  const time: TimeMonthRow[] = [
    { kind: 'breakfast', month: '2026-10', count: 2, minutes: 180 },
    { kind: 'breakfast', month: '2026-11', count: 1, minutes: 90 },
    { kind: 'one_to_one', month: '2026-11', count: 2, minutes: 90 },
  ];
  const figures = memberFigures(months, {
    referrals,
    responses: [{ side: 'received', referrals: 4, contacted: 3, medianSeconds: 7200 }],
    time,
  });

  it('adds up time invested from breakfasts and one-to-ones', () => {
    expect(figures.time).toEqual({ minutes: 360, breakfasts: 3, breakfastMinutes: 270, oneToOnes: 2, oneToOneMinutes: 90 });
  });
  it('counts referrals, outcomes and business per side', () => {
    expect(figures.given).toBe(3);
    expect(figures.received).toBe(4);
    expect(figures.confirmed).toEqual({ received: 2, given: 1 });
    // "1 of the 4 you received": counted over the same referrals, whatever month the feedback came in.
    expect(figures.confirmedOfReceived).toBe(1);
    expect(figures.won).toEqual({ received: { count: 2, cents: 450_000 }, given: { count: 1, cents: 120_050 } });
    expect(figures.centsPerHour).toBe(75_000); // 4,500 € in 6 h
    expect(figures.balance.kind).toBe('balanced'); // 3 given, 4 received: one apart
  });
  it('fills every month, zero where nothing happened', () => {
    expect(figures.months).toHaveLength(12);
    expect(figures.months[10]).toEqual({ month: '2026-10', given: 2, received: 0, confirmed: 0, minutes: 180 });
    expect(figures.months[11]).toEqual({ month: '2026-11', given: 1, received: 4, confirmed: 2, minutes: 180 });
    expect(figures.months[0]).toEqual({ month: '2025-12', given: 0, received: 0, confirmed: 0, minutes: 0 });
  });
  it('keeps response times per side, with no median where there is none', () => {
    expect(figures.response.asReceiver).toEqual({ referrals: 4, contacted: 3, medianSeconds: 7200 });
    expect(figures.response.asGiver).toEqual({ referrals: 0, contacted: 0, medianSeconds: null });
  });
});

describe('durations as people say them', () => {
  it.each([
    [30, 'minutes', 1],
    [25 * 60, 'minutes', 25],
    [2 * 3600, 'hours', 2],
    [5400, 'hours', 1.5],
    [47 * 3600, 'hours', 47],
    [3 * 86400, 'days', 3],
    [1.5 * 86400 + 12 * 3600, 'days', 2],
  ] as const)('%i s → %s %d', (seconds, unit, value) => {
    expect(durationOf(seconds)).toEqual({ unit, value });
  });
});
