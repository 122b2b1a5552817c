/**
 * One seat per trade (seeds/000: no direct competitors in a small circle of full trust).
 * Pure: given what a member picks and who already holds those trades, decide each seat's status
 * and which picks need the member's "request anyway" before a host decides.
 */

export type SeatStatus = 'active' | 'pending' | 'exception';

/** A seat another active member holds (status active or exception). */
export type SeatHolder = { tradeId: string; memberName: string };

export type SeatRequest = {
  oneSeatPerTrade: boolean;
  /** Trades the member picked (duplicates are ignored). */
  chosenTradeIds: readonly string[];
  /** The member's own seats before this change. */
  current: ReadonlyMap<string, SeatStatus>;
  /** Seats of the OTHER active members. */
  holders: readonly SeatHolder[];
  /** The member confirmed "request anyway – the hosts decide". */
  requestAnyway: boolean;
};

export type Seat = { tradeId: string; status: SeatStatus };
export type SeatConflict = { tradeId: string; holderNames: string[] };

export type SeatDecision = { ok: true; seats: Seat[]; requested: string[] } | { ok: false; conflicts: SeatConflict[] };

function holdersByTrade(holders: readonly SeatHolder[]): Map<string, string[]> {
  const byTrade = new Map<string, string[]>();
  for (const { tradeId, memberName } of holders) byTrade.set(tradeId, [...(byTrade.get(tradeId) ?? []), memberName]);
  return byTrade;
}

/**
 * A seat the member already has keeps its status (a host-approved exception stays one; a pending
 * request keeps waiting). A new pick of a taken trade is a conflict until the member requests it
 * anyway; then it waits as `pending`. Without the policy every pick is simply active.
 */
export function decideSeats(request: SeatRequest): SeatDecision {
  const chosen = [...new Set(request.chosenTradeIds)];
  if (!request.oneSeatPerTrade) return { ok: true, seats: chosen.map((tradeId) => ({ tradeId, status: 'active' })), requested: [] };

  const taken = holdersByTrade(request.holders);
  const seats: Seat[] = [];
  const conflicts: SeatConflict[] = [];
  for (const tradeId of chosen) {
    const own = request.current.get(tradeId);
    const holderNames = taken.get(tradeId) ?? [];
    if (own) seats.push({ tradeId, status: own });
    else if (holderNames.length === 0) seats.push({ tradeId, status: 'active' });
    else conflicts.push({ tradeId, holderNames });
  }
  if (conflicts.length > 0 && !request.requestAnyway) return { ok: false, conflicts };
  const requested = conflicts.map((c) => c.tradeId);
  return { ok: true, seats: [...seats, ...requested.map((tradeId) => ({ tradeId, status: 'pending' as const }))], requested };
}
