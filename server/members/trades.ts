import type { Db } from '../../db/client.js';
import { dispatch } from '../events/bus.js';
import { errors } from '../shared/errors.js';
import { memberQueries } from './queries.js';

/**
 * Host decisions on "one seat per trade": a member asked for a trade another member already holds.
 * Used by the host pages (/host/trades).
 */

export type PendingTradeRequest = {
  memberId: string;
  memberSlug: string;
  memberName: string;
  tradeId: string;
  tradeName: string;
  requestedAt: Date;
  /** Who holds the seat now, so the host sees whom the exception concerns. */
  holderNames: string[];
};

export async function listPendingTradeRequests(db: Db, groupId: string): Promise<PendingTradeRequest[]> {
  const q = memberQueries(db);
  const pending = await q.pendingSeats(groupId);
  const holders = await q.seatHolders(groupId, { tradeIds: [...new Set(pending.map((p) => p.tradeId))] });
  return pending.map((request) => ({
    ...request,
    holderNames: holders.filter((h) => h.tradeId === request.tradeId && h.memberId !== request.memberId).map((h) => h.memberName),
  }));
}

/**
 * Allow → the member gets the trade as a host-approved exception; refuse → the request is removed.
 * 404 when there is no such pending request in this group (already decided, or another group's).
 */
export async function decideTradeRequest(
  db: Db,
  decision: { groupId: string; memberId: string; tradeId: string; allow: boolean },
  now: Date,
): Promise<void> {
  await db.transaction(async (tx) => {
    const settled = await memberQueries(tx).settlePendingSeat(decision.groupId, decision.memberId, decision.tradeId, decision.allow);
    if (!settled) throw errors.notFound();
    // An allowed exception puts the trade into the member's search document.
    await dispatch(tx, { type: 'ProfileChanged', at: now, memberIds: [decision.memberId] });
  });
}
