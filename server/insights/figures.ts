/**
 * "Was bringt mir das?": a member's figures from the database's monthly aggregates. Pure — rows in,
 * numbers out — so every figure on the dashboard can be checked by hand.
 *
 * Glossary of the figures (all over the period, see period.ts):
 * - time invested: minutes at breakfasts the member attended (present) plus confirmed one-to-ones
 * - given / received: referrals the member gave / received, dated by when they were given
 * - confirmed outcomes: referrals with the client's feedback (not reversed by a host), dated by the feedback
 * - confirmed of received: of the referrals received in the period, how many the client confirmed
 *   (at any time) — the "x of y" sentence compares referrals of the same months
 * - business closed: referrals won with a value, dated by when they were won; "received" is the
 *   member's own business, "given" is business the member brought to colleagues
 * - € per hour: the member's own business closed per hour invested
 */
import type { MonthKey } from './period.js';

export type Side = 'given' | 'received';

/** One (side, kind, month) count from the referrals the member gave or received. */
export type ReferralMonthRow = { side: Side; kind: 'referral' | 'confirmed' | 'confirmed_referral' | 'won'; month: MonthKey; count: number; cents: number };
/** Time to first contact over referrals given within the period, per side. */
export type ResponseRow = { side: Side; referrals: number; contacted: number; medianSeconds: number | null };
/** Breakfasts attended or confirmed one-to-ones in one month. */
export type TimeMonthRow = { kind: 'breakfast' | 'one_to_one'; month: MonthKey; count: number; minutes: number };

export type BalanceKind = 'none' | 'gives_only' | 'takes_only' | 'gives_more' | 'takes_more' | 'balanced';
export type Balance = { kind: BalanceKind; given: number; received: number; difference: number };

/**
 * Give and take: balanced while the difference is at most one referral (one more in flight is no
 * imbalance); otherwise who gives more. "Only" when one side is zero — what a host should notice.
 */
export function balanceOf(given: number, received: number): Balance {
  const difference = given - received;
  let kind: BalanceKind;
  if (given === 0 && received === 0) kind = 'none';
  else if (received === 0) kind = 'gives_only';
  else if (given === 0) kind = 'takes_only';
  else if (Math.abs(difference) <= 1) kind = 'balanced';
  else kind = difference > 0 ? 'gives_more' : 'takes_more';
  return { kind, given, received, difference };
}

export type MonthFigures = { month: MonthKey; given: number; received: number; confirmed: number; minutes: number };
export type Money = { count: number; cents: number };
export type ResponseFigure = { referrals: number; contacted: number; medianSeconds: number | null };

export type MemberFigures = {
  months: MonthFigures[];
  time: { minutes: number; breakfasts: number; breakfastMinutes: number; oneToOnes: number; oneToOneMinutes: number };
  given: number;
  received: number;
  /** Confirmed outcomes of the referrals the member received (their work) and gave (their judgement). */
  confirmed: { received: number; given: number };
  /** Of the referrals received in the period (`received`), how many the client has confirmed. */
  confirmedOfReceived: number;
  won: { received: Money; given: Money };
  /** The member's own business closed per hour invested; null without time invested. */
  centsPerHour: number | null;
  /** As receiver: how fast the member answers. As giver: how fast colleagues answer the member's clients. */
  response: { asReceiver: ResponseFigure; asGiver: ResponseFigure };
  balance: Balance;
};

const NO_RESPONSE: ResponseFigure = { referrals: 0, contacted: 0, medianSeconds: null };

export function memberFigures(
  months: readonly MonthKey[],
  rows: { referrals: readonly ReferralMonthRow[]; responses: readonly ResponseRow[]; time: readonly TimeMonthRow[] },
): MemberFigures {
  const byMonth = new Map<MonthKey, MonthFigures>(months.map((month) => [month, { month, given: 0, received: 0, confirmed: 0, minutes: 0 }]));
  const confirmed = { received: 0, given: 0 };
  let confirmedOfReceived = 0;
  const won = { received: { count: 0, cents: 0 }, given: { count: 0, cents: 0 } };
  let given = 0;
  let received = 0;
  for (const row of rows.referrals) {
    const month = byMonth.get(row.month);
    if (!month) continue; // outside the period: the query's bounds and ours must agree
    if (row.kind === 'referral') {
      month[row.side] += row.count;
      if (row.side === 'given') given += row.count;
      else received += row.count;
    } else if (row.kind === 'confirmed') {
      confirmed[row.side] += row.count;
      if (row.side === 'received') month.confirmed += row.count;
    } else if (row.kind === 'confirmed_referral') {
      if (row.side === 'received') confirmedOfReceived += row.count;
    } else {
      won[row.side].count += row.count;
      won[row.side].cents += row.cents;
    }
  }

  const time = { minutes: 0, breakfasts: 0, breakfastMinutes: 0, oneToOnes: 0, oneToOneMinutes: 0 };
  for (const row of rows.time) {
    const month = byMonth.get(row.month);
    if (!month) continue;
    month.minutes += row.minutes;
    time.minutes += row.minutes;
    if (row.kind === 'breakfast') {
      time.breakfasts += row.count;
      time.breakfastMinutes += row.minutes;
    } else {
      time.oneToOnes += row.count;
      time.oneToOneMinutes += row.minutes;
    }
  }

  const response = (side: Side): ResponseFigure => {
    const row = rows.responses.find((r) => r.side === side);
    return row ? { referrals: row.referrals, contacted: row.contacted, medianSeconds: row.medianSeconds } : NO_RESPONSE;
  };

  return {
    months: [...byMonth.values()],
    time,
    given,
    received,
    confirmed,
    confirmedOfReceived,
    won,
    centsPerHour: perHour(won.received.cents, time.minutes),
    response: { asReceiver: response('received'), asGiver: response('given') },
    balance: balanceOf(given, received),
  };
}

/** Cents per hour, rounded to whole cents; null when no time was invested (not "infinite", not 0). */
export function perHour(cents: number, minutes: number): number | null {
  if (minutes <= 0) return null;
  return Math.round((cents * 60) / minutes);
}
