/**
 * The live room's use cases: who may enter, the round as the fold of its stored events, and
 * commands — decided by the pure state machine (round-commands.ts), appended at the round's
 * version (optimistic concurrency: two instances cannot both write position n), then announced
 * to every instance (fanout.ts).
 */
import type { Db } from '../../db/client.js';
import type { Membership } from '../auth/queries.js';
import { dispatch } from '../events/bus.js';
import { guestFromToken } from '../breakfasts/guests.js';
import { type AttendeeKind, liveQueries } from './queries.js';
import { type ClientMessage, roundCommandFor } from './protocol.js';
import { type RoundError, type RoundEvent, type RoundState, initialState, reduce } from './round.js';
import { type RosterEntry, applyCommand, orderAttendees } from './round-commands.js';

export type LiveBreakfast = NonNullable<Awaited<ReturnType<ReturnType<typeof liveQueries>['breakfast']>>>;

/** Someone in the room: a member of the breakfast's group, or a guest registered for it. */
export type RoomActor = {
  readonly id: string;
  readonly kind: AttendeeKind;
  readonly isHost: boolean;
  readonly name: string;
};

export type RoomAccess = { breakfast: LiveBreakfast; actor: RoomActor };

/** What a request brings to the door: the signed-in account's memberships and a guest cookie. */
export type Credentials = {
  readonly memberships: readonly Membership[];
  readonly viewerName: string | null;
  readonly guestToken: string | undefined;
};

/**
 * The breakfast and who the visitor is in its room, or null when they may not enter (unknown or
 * cancelled breakfast, another group, no guest registration for this breakfast).
 */
export async function roomAccess(db: Db, breakfastId: string, credentials: Credentials): Promise<RoomAccess | null> {
  const q = liveQueries(db);
  const breakfast = await q.breakfast(breakfastId);
  if (!breakfast || breakfast.cancelledAt) return null;
  const membership = credentials.memberships.find((m) => m.group.id === breakfast.groupId);
  if (membership) {
    const actor: RoomActor = { id: membership.id, kind: 'member', isHost: membership.role === 'host', name: credentials.viewerName ?? '' };
    return { breakfast, actor };
  }
  const guest = await guestFromToken(db, credentials.guestToken);
  if (guest?.breakfastId === breakfast.id) return { breakfast, actor: { id: guest.id, kind: 'guest', isHost: false, name: guest.name } };
  return null;
}

/** Records that the attendee opened the room (attendance: present, first seen now). */
export async function enterRoom(db: Db, access: RoomAccess, now: Date): Promise<void> {
  await liveQueries(db).recordAttendance(access.breakfast.id, access.actor.id, access.actor.kind, now);
}

/**
 * The round now: `known` (a fold this instance already holds) plus the events stored after it.
 * Without `known` the whole log is folded.
 */
export async function loadRound(db: Db, breakfastId: string, known: RoundState = initialState()): Promise<RoundState> {
  const rows = await liveQueries(db).eventsFrom(breakfastId, known.version);
  let state = known;
  for (const row of rows) {
    // A gap means another writer's row is not visible yet: fold what is contiguous, the next notice brings the rest.
    if (row.seq !== state.version) break;
    state = reduce(state, row.event as RoundEvent);
  }
  return state;
}

export type CommandOutcome =
  | { ok: true; state: RoundState }
  | { ok: false; error: RoundError };

export class RoundConflictError extends Error {
  constructor(breakfastId: string) {
    super(`round ${breakfastId}: another instance kept writing at the same position`);
    this.name = 'RoundConflictError';
  }
}

export type CommandDeps = {
  db: Db;
  now: Date;
  /** Math.random in production; the `random` speaking order uses it. */
  random: () => number;
  /** The fold this instance holds already, if any: only newer events are read. */
  known?: () => RoundState | undefined;
};

/**
 * Write attempts per command. Commands of one instance are serialised per round (live-routes.ts),
 * so a conflict means another instance wrote at the same moment; several instances each writing
 * a pledge at once may need a few turns.
 */
const MAX_ATTEMPTS = 5;

/**
 * Decides and stores one client message (not `sync`). On a write conflict — another instance
 * appended first — the command is decided again against the fresh round, as the sender would
 * expect ("next" means the next speaker after whatever just happened).
 */
export async function runCommand(
  deps: CommandDeps,
  access: RoomAccess,
  message: Exclude<ClientMessage, { type: 'sync' }>,
): Promise<CommandOutcome> {
  const { db, now } = deps;
  const { breakfast, actor } = access;
  if (message.type === 'command' && !actor.isHost) return { ok: false, error: 'not_host' };
  const roster = message.type === 'command' && message.command.type === 'start' ? await speakingRoster(db, breakfast) : [];

  for (let attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
    // The first attempt decides on the fold this instance holds, kept current by the notices,
    // without reading: if another instance appended meanwhile, the unique (breakfast, seq) index
    // refuses the write and the next attempt reads what is new.
    const cached = attempt === 0 ? deps.known?.() : undefined;
    const state = cached ?? (await loadRound(db, breakfast.id, deps.known?.()));
    const command = roundCommandFor(message, (mode) => orderAttendees(roster, mode, deps.random));
    if (!command) return { ok: true, state };
    const decided = applyCommand(state, command, { id: actor.id, isHost: actor.isHost }, now.getTime());
    // A refusal may come from a fold that is behind: only a fresh read may refuse.
    if (!decided.ok && cached) continue;
    if (!decided.ok) return decided;
    const next = decided.events.reduce(reduce, state);
    const ends = next.status === 'ended' && state.status !== 'ended';
    const pledges = next.pledges.map((p) => ({ giverMemberId: p.by, receiverMemberId: p.forAttendeeId, note: p.note }));
    const oneToOneRequests = next.oneToOneRequests.map((r) => ({ requesterMemberId: r.by, partnerMemberId: r.withAttendeeId }));
    const stored = await liveQueries(db).appendEvents(
      breakfast.id,
      state.version,
      decided.events,
      // What follows the round's end (drafts, one-to-one requests) commits with it: both or neither.
      ends
        ? (tx) => dispatch(tx, { type: 'IntroRoundEnded', at: now, groupId: breakfast.groupId, breakfastId: breakfast.id, pledges, oneToOneRequests })
        : undefined,
    );
    if (stored) return { ok: true, state: next };
  }
  throw new RoundConflictError(breakfast.id);
}

/**
 * Everyone present who can speak, in roster order: members and guests alike by name, as the
 * roster lists them (guests_last then moves the guests to the end). Deactivated members drop out.
 */
async function speakingRoster(db: Db, breakfast: LiveBreakfast): Promise<RosterEntry[]> {
  const q = liveQueries(db);
  const [present, names] = await Promise.all([q.presentAttendees(breakfast.id), attendeeNames(db, breakfast)]);
  return present
    .filter((p) => names.has(p.id))
    .sort((a, b) => names.get(a.id)!.localeCompare(names.get(b.id)!, 'de'))
    .map((p) => ({ id: p.id, isGuest: p.kind === 'guest' }));
}

async function attendeeNames(db: Db, breakfast: LiveBreakfast): Promise<Map<string, string>> {
  const q = liveQueries(db);
  const [members, guests] = await Promise.all([q.groupMembers(breakfast.groupId), q.guests(breakfast.id)]);
  return new Map([...members, ...guests].map((p) => [p.id, p.name]));
}
