import type { Db } from '../../db/client.js';
import { dispatch } from '../events/bus.js';
import { memberQueries } from './queries.js';
import type { ProfileInput } from './schemas.js';
import { decideSeats, type SeatStatus } from './trade-seats.js';

/** The member whose profile is edited, with the one group policy that matters here. */
export type EditingMember = { id: string; groupId: string; oneSeatPerTrade: boolean };

export type TradeOption = { id: string; name: string; holderNames: string[]; ownStatus: SeatStatus | null };

/** What the editor shows besides the form: the saved profile, the trade list with its seats, the photo. */
export async function editorContext(db: Db, member: EditingMember) {
  const q = memberQueries(db);
  const [profile, tradeList, holders, ownSeats] = await Promise.all([
    q.editableProfile(member.id),
    q.groupTrades(member.groupId),
    member.oneSeatPerTrade ? q.seatHolders(member.groupId, { exceptMemberId: member.id }) : Promise.resolve([]),
    q.seatsOf(member.id),
  ]);
  const ownStatus = new Map(ownSeats.map((seat) => [seat.tradeId, seat.status]));
  const tradeOptions: TradeOption[] = tradeList.map((trade) => ({
    ...trade,
    holderNames: holders.filter((h) => h.tradeId === trade.id).map((h) => h.memberName),
    ownStatus: ownStatus.get(trade.id) ?? null,
  }));
  return {
    saved: profile ? { ...profile, trades: ownSeats.map((seat) => seat.tradeId) } : null,
    hasPhoto: profile?.hasPhoto ?? false,
    tradeOptions,
    pendingTrades: ownSeats.filter((seat) => seat.status === 'pending').map((seat) => seat.name),
  };
}

export type EditorContext = Awaited<ReturnType<typeof editorContext>>;

export type SaveResult =
  | { status: 'saved' }
  /** Field → locale key; nothing was saved. */
  | { status: 'invalid'; errors: Record<string, string> }
  /** Picked trades other members hold; nothing was saved until the member requests them anyway. */
  | { status: 'conflict'; conflicts: { tradeName: string; holderNames: string[] }[] };

/** Thrown inside the transaction to undo everything it did (e.g. a newly added trade) and carry the answer out. */
class Rejected extends Error {
  constructor(readonly result: SaveResult) {
    super(result.status);
  }
}

/**
 * Saves the profile and the member's trades in one transaction. A new trade joins the group's list;
 * the picked trades are locked while their seats are decided, so two members cannot take one free
 * seat at the same moment. Invalid picks or an unconfirmed conflict leave the database unchanged.
 */
export async function saveProfile(db: Db, member: EditingMember, input: ProfileInput, now: Date): Promise<SaveResult> {
  try {
    return await db.transaction(async (tx) => {
      const q = memberQueries(tx);
      const chosenIds = new Set(input.trades);
      if (input.newTrade) {
        await q.insertTrade(member.groupId, input.newTrade, now);
        const added = await q.findTradeByName(member.groupId, input.newTrade);
        if (added) chosenIds.add(added.id);
      }
      const locked = await q.lockGroupTrades(member.groupId, [...chosenIds]);
      if (locked.length !== chosenIds.size) throw new Rejected({ status: 'invalid', errors: { trades: 'members.errors.trade_unknown' } });

      const holders = await q.seatHolders(member.groupId, { tradeIds: [...chosenIds], exceptMemberId: member.id });
      const ownSeats = await q.seatsOf(member.id);
      const decision = decideSeats({
        oneSeatPerTrade: member.oneSeatPerTrade,
        chosenTradeIds: [...chosenIds],
        current: new Map(ownSeats.map((seat) => [seat.tradeId, seat.status])),
        holders,
        requestAnyway: input.requestAnyway,
      });
      const nameOf = (tradeId: string) => locked.find((trade) => trade.id === tradeId)?.name ?? '';
      if (!decision.ok) {
        const conflicts = decision.conflicts.map((c) => ({ tradeName: nameOf(c.tradeId), holderNames: c.holderNames }));
        throw new Rejected({ status: 'conflict', conflicts });
      }

      const { warum, offer, goodReferral, region, website, phone, isPublic } = input;
      await q.updateProfile(member.id, { warum, offer, goodReferral, region, website, phone, isPublic }, now);
      await q.setSeats(member.id, decision.seats, now);
      await dispatch(tx, { type: 'ProfileChanged', at: now, memberIds: [member.id] });
      return { status: 'saved' as const };
    });
  } catch (error) {
    if (error instanceof Rejected) return error.result;
    throw error;
  }
}
