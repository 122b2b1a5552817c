import type { Db } from '../../db/client.js';
import { DEFAULT_TIME_ZONE, localDate } from '../shared/time.js';
import { errors } from '../shared/errors.js';
import { type NotificationKind, notify } from '../notifications/service.js';
import { oneToOneQueries, type PartyRow } from './queries.js';
import type { LogInput, MeetingInput } from './schemas.js';
import { decide, type OneToOneAction, type OneToOneFacts, type Side, sideOf } from './transitions.js';

/**
 * One-to-ones: two members meet outside the breakfast to get to know each other's business. One
 * side asks (from a profile or in the intro round) or logs a meeting that happened; the other side
 * confirms it. Confirmed one-to-ones count as time invested and show on both profiles as
 * "kennen sich". Each side's note is private to that side: it is written and read only by them.
 */

/** The member acting, in the group they are signed in to. */
export type Actor = { memberId: string; groupId: string };

export type Invalid = { status: 'invalid'; errors: Record<string, string> };

/** The calendar date of `now` in the group's time zone: "today" for the date checks of the log form. */
export function todayIn(now: Date, timeZone: string = DEFAULT_TIME_ZONE): string {
  return localDate(now, timeZone);
}

/** Unknown, inactive, deleted and other groups' members get one answer, so nothing about them leaks. */
async function checkPartner(db: Db, actor: Actor, partnerId: string): Promise<Invalid | null> {
  if (partnerId === actor.memberId) return { status: 'invalid', errors: { partner: 'one_to_ones.errors.self' } };
  const partner = await oneToOneQueries(db).findMember(partnerId);
  if (!partner || partner.groupId !== actor.groupId || !partner.active || partner.deletedAt) {
    return { status: 'invalid', errors: { partner: 'one_to_ones.errors.partner_unavailable' } };
  }
  return null;
}

export async function colleagues(db: Db, actor: Actor) {
  return oneToOneQueries(db).colleagues(actor.groupId, actor.memberId);
}

export type AskResult = { status: 'asked' | 'already'; id: string } | Invalid;

/** "Eins-zu-eins anfragen": a request to a colleague, unless one between the two is open already. */
export async function askForOneToOne(db: Db, actor: Actor, partnerId: string, now: Date): Promise<AskResult> {
  const invalid = await checkPartner(db, actor, partnerId);
  if (invalid) return invalid;
  return db.transaction(async (tx) => {
    const q = oneToOneQueries(tx);
    await q.lockPair(actor.memberId, partnerId);
    const open = await q.openRequestBetween(actor.memberId, partnerId);
    if (open) return { status: 'already', id: open.id } as const;
    const [created] = await q.insert([
      { groupId: actor.groupId, requesterId: actor.memberId, partnerId, status: 'requested', createdAt: now, updatedAt: now },
    ]);
    await notify(tx, [{ memberId: partnerId, kind: 'one_to_one_requested' }], now);
    return { status: 'asked', id: created!.id } as const;
  });
}

export type LogResult = { status: 'logged'; id: string; filledRequest: boolean } | Invalid;

/**
 * Logs a meeting that happened. An open request between the two is filled (it was asked for this
 * meeting); otherwise a new one-to-one starts as logged. The other side is asked to confirm.
 */
export async function logMeeting(db: Db, actor: Actor, input: LogInput, now: Date): Promise<LogResult> {
  const invalid = await checkPartner(db, actor, input.partner);
  if (invalid) return invalid;
  return db.transaction(async (tx) => {
    const q = oneToOneQueries(tx);
    await q.lockPair(actor.memberId, input.partner);
    const open = await q.openRequestBetween(actor.memberId, input.partner);
    if (open) {
      await recordMeeting(tx, { ...open, status: 'requested', loggedBy: null }, actor.memberId, 'fill', input, now);
      return { status: 'logged', id: open.id, filledRequest: true } as const;
    }
    const [created] = await q.insert([
      {
        groupId: actor.groupId,
        requesterId: actor.memberId,
        partnerId: input.partner,
        status: 'logged',
        loggedBy: actor.memberId,
        metOn: input.metOn,
        durationMinutes: input.durationMinutes,
        requesterNote: input.note,
        createdAt: now,
        updatedAt: now,
      },
    ]);
    await notify(tx, [{ memberId: input.partner, kind: 'one_to_one_logged' }], now);
    return { status: 'logged', id: created!.id, filledRequest: false } as const;
  });
}

type Facts = { id: string; requesterId: string; partnerId: string; status: OneToOneFacts['status']; loggedBy: string | null };

function factsFor(row: Facts): OneToOneFacts {
  return { status: row.status, loggedBy: row.loggedBy ? sideOf(row, row.loggedBy) : null };
}

/** The party's side of a one-to-one; anyone else, and any other group, gets "not found". */
async function requireParty(db: Db, actor: Actor, id: string) {
  const row = await oneToOneQueries(db).facts(id);
  const side = row && row.groupId === actor.groupId ? sideOf(row, actor.memberId) : null;
  if (!row || !side) throw errors.notFound('one_to_ones.errors.not_found');
  return { row, side };
}

function refusal(decision: { reason: 'not_your_step' | 'not_now' }) {
  return decision.reason === 'not_your_step' ? errors.forbidden('one_to_ones.errors.not_your_step') : errors.conflict('one_to_ones.errors.not_now');
}

const NOTICE_OF: Record<Exclude<OneToOneAction, 'fill'>, NotificationKind> = {
  accept: 'one_to_one_logged',
  decline: 'one_to_one_declined',
  confirm: 'one_to_one_confirmed',
  dispute: 'one_to_one_disputed',
};

/** Sets date, duration and logger on a request (in the caller's transaction), then tells the other side. */
async function recordMeeting(tx: Db, row: Facts, memberId: string, action: 'accept' | 'fill', input: MeetingInput, now: Date) {
  const side = sideOf(row, memberId)!;
  const decision = decide(factsFor(row), action, side);
  if (!decision.ok) throw refusal(decision);
  const q = oneToOneQueries(tx);
  const applied = await q.applyStep(row.id, row.status, {
    status: decision.to,
    loggedBy: memberId,
    metOn: input.metOn,
    durationMinutes: input.durationMinutes,
    updatedAt: now,
  });
  if (!applied) throw errors.conflict('one_to_ones.errors.not_now');
  // An empty note field keeps what the member wrote before (e.g. when asking).
  if (input.note !== '') await q.setNote(row.id, side, input.note, now);
  await notify(tx, [{ memberId: side === 'requester' ? row.partnerId : row.requesterId, kind: 'one_to_one_logged' }], now);
}

/** The partner answers a request by logging the meeting. */
export async function acceptByLogging(db: Db, actor: Actor, id: string, input: MeetingInput, now: Date): Promise<void> {
  const { row, side } = await requireParty(db, actor, id);
  const decision = decide(factsFor(row), 'accept', side);
  if (!decision.ok) throw refusal(decision);
  await db.transaction((tx) => recordMeeting(tx, row, actor.memberId, 'accept', input, now));
}

/** decline, confirm or dispute: one click, no fields. */
export async function answer(db: Db, actor: Actor, id: string, action: 'decline' | 'confirm' | 'dispute', now: Date): Promise<void> {
  const { row, side } = await requireParty(db, actor, id);
  const decision = decide(factsFor(row), action, side);
  if (!decision.ok) throw refusal(decision);
  await db.transaction(async (tx) => {
    const applied = await oneToOneQueries(tx).applyStep(id, row.status, {
      status: decision.to,
      updatedAt: now,
      ...(decision.to === 'confirmed' ? { confirmedAt: now } : {}),
    });
    if (!applied) throw errors.conflict('one_to_ones.errors.not_now');
    await notify(tx, [{ memberId: side === 'requester' ? row.partnerId : row.requesterId, kind: NOTICE_OF[action] }], now);
  });
}

/** Each side writes only its own note, in any status. */
export async function saveOwnNote(db: Db, actor: Actor, id: string, note: string, now: Date): Promise<void> {
  const { side } = await requireParty(db, actor, id);
  await oneToOneQueries(db).setNote(id, side, note, now);
}

/** A one-to-one as a party sees it (with their own note only); anyone else gets "not found". */
export async function oneToOneForParty(db: Db, actor: Actor, id: string): Promise<PartyRow & { side: Side }> {
  const row = await oneToOneQueries(db).forParty(id, actor.memberId);
  const side = row && row.groupId === actor.groupId ? sideOf(row, actor.memberId) : null;
  if (!row || !side) throw errors.notFound('one_to_ones.errors.not_found');
  return { ...row, side };
}

const LIST_LIMIT = 300;

/** The member's one-to-ones in this group; opening the page reads their notifications (`markedRead` says how many). */
export async function oneToOneList(db: Db, actor: Actor, now: Date) {
  const q = oneToOneQueries(db);
  const [rows, markedRead] = await Promise.all([q.listFor(actor.memberId, LIST_LIMIT), q.markNotificationsRead(actor.memberId, now)]);
  const items: (PartyRow & { side: Side })[] = rows
    .filter((row) => row.groupId === actor.groupId)
    .map((row) => ({ ...row, side: sideOf(row, actor.memberId)! }));
  return { items, markedRead };
}

export type KnownPerson = { id: string; name: string; slug: string; metOn: string | null };

export type KnownOneToOnes = {
  /** The members the profile's member has confirmed one-to-ones with, most recent first, each once. */
  people: KnownPerson[];
  /** The viewer's latest confirmed one-to-one with the profile's member, if they know each other. */
  withViewer: KnownPerson | null;
  /** The viewer has asked or logged and the other side has not answered yet. */
  openWithViewer: boolean;
};

/** "kennen sich" for a profile, in one query (see queries.known). The viewer is named by account id. */
export async function knownOneToOnes(db: Db, profileId: string, viewerAccountId: string | null): Promise<KnownOneToOnes> {
  const rows = await oneToOneQueries(db).known(profileId, viewerAccountId);
  const people = new Map<string, KnownPerson>();
  let withViewer: KnownPerson | null = null;
  let openWithViewer = false;
  for (const row of rows) {
    if (row.status !== 'confirmed') {
      openWithViewer = true;
      continue;
    }
    // Rows come newest first: the first one per person is the latest meeting.
    if (people.has(row.otherId)) continue;
    const person = { id: row.otherId, name: row.otherName, slug: row.otherSlug, metOn: row.metOn };
    people.set(row.otherId, person);
    if (row.otherAccountId === viewerAccountId) withViewer = person;
  }
  return { people: [...people.values()], withViewer, openWithViewer };
}

export type RoundRequest = { requesterMemberId: string; partnerMemberId: string };

/**
 * "Ich möchte ein 1:1 mit dir" from a breakfast's intro round becomes a request, in the round's
 * transaction. Guests have no account and are skipped, as are self-requests, pairs with an open
 * request already and pairs that have a row from this breakfast (so a repeated call and A→B plus
 * B→A make one request). Returns the ids created.
 */
export async function createRequestsFromRound(
  tx: Db,
  input: { groupId: string; breakfastId: string; requests: readonly RoundRequest[] },
  now: Date,
): Promise<string[]> {
  if (input.requests.length === 0) return [];
  const q = oneToOneQueries(tx);
  const ids = [...new Set(input.requests.flatMap((r) => [r.requesterMemberId, r.partnerMemberId]))];
  const memberIds = new Set(await q.activeMemberIds(input.groupId, ids));
  const pairKey = (a: string, b: string) => [a, b].sort().join(':');
  const taken = new Set((await q.takenPairs(input.breakfastId, [...memberIds])).map((row) => pairKey(row.requesterId, row.partnerId)));
  const rows = [];
  for (const request of input.requests) {
    const { requesterMemberId: requesterId, partnerMemberId: partnerId } = request;
    if (!memberIds.has(requesterId) || !memberIds.has(partnerId) || requesterId === partnerId) continue;
    const key = pairKey(requesterId, partnerId);
    if (taken.has(key)) continue;
    taken.add(key);
    rows.push({ groupId: input.groupId, requesterId, partnerId, status: 'requested' as const, breakfastId: input.breakfastId, createdAt: now, updatedAt: now });
  }
  const created = await q.insert(rows);
  await notify(
    tx,
    created.map((row) => ({ memberId: row.partnerId, kind: 'one_to_one_requested' as const })),
    now,
  );
  return created.map((row) => row.id);
}

/** A person left Kreis: their open one-to-ones end as declined, on either side (never counted). */
export async function declineOpenOneToOnes(tx: Db, memberIds: string[], now: Date): Promise<void> {
  await oneToOneQueries(tx).declineOpenFor(memberIds, now);
}
