/**
 * The live intro round as a pure state machine. The persisted round events are the truth; the
 * state is their fold, so a refresh, a reconnect or a restart on any instance shows the same round.
 * Nothing here reads a clock: every event carries `at` (server ms) and every time is derived from it.
 *
 * Glossary
 * - slot: one attendee's place in the speaking order and how far they got
 *   (`pending` → `current` → `done`, or `skipped`).
 * - live: `running` or `paused` — there is a current speaker and the round takes commands.
 * - turn time: `endsAt` while running, `remainingMs` while paused. The server never advances a
 *   speaker on its own; at zero the clients show "Danke!" and the host moves on.
 *
 * Commands (who may do what, and which event each becomes) live in round-commands.ts, what the
 * clients render in round-view.ts.
 */

export type AttendeeId = string;

/** Limits shared by the domain and the socket protocol, so both refuse the same inputs. */
export const SECONDS_EACH = { min: 10, max: 300 } as const;
export const EXTEND_SECONDS = { min: 5, max: 120 } as const;
export const PLEDGE_NOTE_MAX_LENGTH = 140;
export const MAX_SPEAKERS = 200;
/** From here on the clients show the "last ten seconds" cue. */
export const LAST_SECONDS_CUE_MS = 10_000;

export type SlotStatus = 'pending' | 'current' | 'done' | 'skipped';
export type Slot = { readonly attendeeId: AttendeeId; readonly status: SlotStatus };

export type Pledge = {
  readonly by: AttendeeId;
  readonly forAttendeeId: AttendeeId;
  readonly note: string | null;
  readonly at: number;
};
export type OneToOneRequest = { readonly by: AttendeeId; readonly withAttendeeId: AttendeeId; readonly at: number };

export type EndReason = 'completed' | 'ended_by_host';

type Shared = {
  /** Number of events folded: the log position, for optimistic concurrency when appending. */
  readonly version: number;
  readonly pledges: readonly Pledge[];
  readonly oneToOneRequests: readonly OneToOneRequest[];
};
/** Invariant: slots before the current one are done or skipped, slots after it pending or skipped. */
type Lineup = { readonly secondsEach: number; readonly slots: readonly Slot[] };

export type WaitingRound = Shared & { readonly status: 'waiting' };
export type RunningRound = Shared & Lineup & { readonly status: 'running'; readonly endsAt: number };
export type PausedRound = Shared & Lineup & { readonly status: 'paused'; readonly remainingMs: number };
export type EndedRound = Shared &
  Lineup & { readonly status: 'ended'; readonly endedAt: number; readonly endReason: EndReason };
export type LiveRound = RunningRound | PausedRound;
export type RoundState = WaitingRound | LiveRound | EndedRound;
export type RoundStatus = RoundState['status'];

/** One persisted fact. `by` is the attendee who caused it (the host for host commands). */
export type RoundEvent = { readonly at: number; readonly by: AttendeeId } & (
  | { readonly type: 'round_started'; readonly order: readonly AttendeeId[]; readonly secondsEach: number }
  | { readonly type: 'advanced_to_next' }
  | { readonly type: 'went_back_to_previous' }
  | { readonly type: 'round_paused' }
  | { readonly type: 'round_resumed' }
  | { readonly type: 'time_extended'; readonly seconds: number }
  | { readonly type: 'speaker_skipped'; readonly attendeeId: AttendeeId }
  | { readonly type: 'speaker_moved_up'; readonly attendeeId: AttendeeId }
  | { readonly type: 'round_ended' }
  | { readonly type: 'pledge_made'; readonly forAttendeeId: AttendeeId; readonly note: string | null }
  | { readonly type: 'one_to_one_requested'; readonly withAttendeeId: AttendeeId }
);
export type RoundEventType = RoundEvent['type'];

export const ROUND_ERRORS = [
  'not_host',
  'not_started',
  'already_started',
  'ended',
  'paused',
  'not_paused',
  'no_previous',
  'unknown_attendee',
  /** skip / move up of someone who already spoke or was skipped. */
  'not_upcoming',
  /** move up of the speaker who is next already. */
  'already_next',
  'invalid_order',
  'invalid_seconds',
  'note_too_long',
  /** a pledge named a speaker who is no longer current (the host moved on meanwhile). */
  'speaker_changed',
  'self_pledge',
  'already_pledged',
  'self_one_to_one',
  'already_requested',
] as const;
export type RoundError = (typeof ROUND_ERRORS)[number];

export type Transition = { ok: true; state: RoundState } | { ok: false; error: RoundError };

export function initialState(): WaitingRound {
  return { status: 'waiting', version: 0, pledges: [], oneToOneRequests: [] };
}

/**
 * Applies one event, or says why it does not apply to this state. The single home of every
 * transition rule: applyCommand asks it before emitting an event, reduce asks it when folding.
 */
export function applyEvent(state: RoundState, event: RoundEvent): Transition {
  if (event.type === 'round_started') return startRound(state, event.order, event.secondsEach, event.at);
  const live = requireLive(state);
  if (!live.ok) return live;
  const round = live.round;
  const current = currentIndex(round);
  switch (event.type) {
    case 'advanced_to_next':
      return accept(advanceFrom(round, setStatus(round.slots, current, 'done'), current, event.at));
    case 'went_back_to_previous': {
      const previous = findIndexBefore(round.slots, current, 'done');
      if (previous < 0) return refuse('no_previous');
      return accept(startTurn(round, setStatus(round.slots, current, 'pending'), previous, event.at));
    }
    case 'round_paused':
      if (round.status === 'paused') return refuse('paused');
      return accept({ ...lineupOf(round), status: 'paused', remainingMs: Math.max(0, round.endsAt - event.at) });
    case 'round_resumed':
      if (round.status === 'running') return refuse('not_paused');
      return accept({ ...lineupOf(round), status: 'running', endsAt: event.at + round.remainingMs });
    case 'time_extended': {
      if (!isIntIn(event.seconds, EXTEND_SECONDS)) return refuse('invalid_seconds');
      const extraMs = event.seconds * 1000;
      // Extending after "Danke!" counts from now, so "+15 s" really gives the speaker 15 seconds.
      return accept(
        round.status === 'running'
          ? { ...round, endsAt: Math.max(round.endsAt, event.at) + extraMs }
          : { ...round, remainingMs: round.remainingMs + extraMs },
      );
    }
    case 'speaker_skipped': {
      const index = round.slots.findIndex((slot) => slot.attendeeId === event.attendeeId);
      if (index < 0) return refuse('unknown_attendee');
      if (index === current) {
        return accept(advanceFrom(round, setStatus(round.slots, index, 'skipped'), index, event.at));
      }
      if (round.slots[index]?.status !== 'pending') return refuse('not_upcoming');
      return accept({ ...round, slots: setStatus(round.slots, index, 'skipped') });
    }
    case 'speaker_moved_up': {
      const index = round.slots.findIndex((slot) => slot.attendeeId === event.attendeeId);
      if (index < 0) return refuse('unknown_attendee');
      if (round.slots[index]?.status !== 'pending') return refuse('not_upcoming');
      const target = findIndexBefore(round.slots, index, 'pending');
      if (target < 0) return refuse('already_next');
      return accept({ ...round, slots: moveSlot(round.slots, index, target) });
    }
    case 'round_ended':
      return accept(endRound(round, setStatus(round.slots, current, 'done'), event.at, 'ended_by_host'));
    case 'pledge_made': {
      if (event.forAttendeeId !== round.slots[current]?.attendeeId) return refuse('speaker_changed');
      if (event.by === event.forAttendeeId) return refuse('self_pledge');
      if (event.note !== null && event.note.length > PLEDGE_NOTE_MAX_LENGTH) return refuse('note_too_long');
      if (round.pledges.some((p) => p.by === event.by && p.forAttendeeId === event.forAttendeeId)) {
        return refuse('already_pledged');
      }
      const pledge: Pledge = { by: event.by, forAttendeeId: event.forAttendeeId, note: event.note, at: event.at };
      return accept({ ...round, pledges: [...round.pledges, pledge] });
    }
    case 'one_to_one_requested': {
      if (!round.slots.some((slot) => slot.attendeeId === event.withAttendeeId)) return refuse('unknown_attendee');
      if (event.by === event.withAttendeeId) return refuse('self_one_to_one');
      if (round.oneToOneRequests.some((r) => r.by === event.by && r.withAttendeeId === event.withAttendeeId)) {
        return refuse('already_requested');
      }
      const request: OneToOneRequest = { by: event.by, withAttendeeId: event.withAttendeeId, at: event.at };
      return accept({ ...round, oneToOneRequests: [...round.oneToOneRequests, request] });
    }
    default:
      return assertNever(event);
  }
}

/**
 * Folds one persisted event. An event that does not apply leaves the round as it was: events are
 * only written after applyCommand accepted them, so this happens only when two instances raced
 * (say, both accepted `end`), and a stored log must always fold rather than break the page.
 */
export function reduce(state: RoundState, event: RoundEvent): RoundState {
  const next = applyEvent(state, event);
  return { ...(next.ok ? next.state : state), version: state.version + 1 };
}

/** Live rounds take commands; the error says why any other round does not. */
export function requireLive(state: RoundState): { ok: true; round: LiveRound } | { ok: false; error: RoundError } {
  switch (state.status) {
    case 'waiting':
      return refuse('not_started');
    case 'ended':
      return refuse('ended');
    case 'running':
    case 'paused':
      return { ok: true, round: state };
    default:
      return assertNever(state);
  }
}

export function currentIndex(round: LiveRound): number {
  return round.slots.findIndex((slot) => slot.status === 'current');
}

/** The next pending slot after `index`, or -1. Pending slots only ever follow the current one. */
export function nextPendingIndex(slots: readonly Slot[], index: number): number {
  return slots.findIndex((slot, i) => i > index && slot.status === 'pending');
}

export function assertNever(value: never): never {
  throw new Error(`Unhandled case: ${JSON.stringify(value)}`);
}

function startRound(state: RoundState, order: readonly AttendeeId[], secondsEach: number, at: number): Transition {
  if (state.status === 'ended') return refuse('ended');
  if (state.status !== 'waiting') return refuse('already_started');
  const validOrder =
    order.length > 0 &&
    order.length <= MAX_SPEAKERS &&
    order.every((id) => typeof id === 'string' && id.length > 0) &&
    new Set(order).size === order.length;
  if (!validOrder) return refuse('invalid_order');
  if (!isIntIn(secondsEach, SECONDS_EACH)) return refuse('invalid_seconds');
  const slots = order.map((attendeeId): Slot => ({ attendeeId, status: 'pending' }));
  return accept(startTurn({ ...state, secondsEach }, slots, 0, at));
}

/** Hands the word to the next pending speaker, or completes the round when nobody is left. */
function advanceFrom(round: LiveRound, slots: readonly Slot[], from: number, at: number): RoundState {
  const next = nextPendingIndex(slots, from);
  return next < 0 ? endRound(round, slots, at, 'completed') : startTurn(round, slots, next, at);
}

/** Every speaker change starts a fresh, running turn — also from a pause: the host said "you're on". */
function startTurn(
  round: Shared & { readonly secondsEach: number },
  slots: readonly Slot[],
  index: number,
  at: number,
): RunningRound {
  return {
    ...sharedOf(round),
    status: 'running',
    secondsEach: round.secondsEach,
    slots: setStatus(slots, index, 'current'),
    endsAt: at + round.secondsEach * 1000,
  };
}

function endRound(round: LiveRound, slots: readonly Slot[], at: number, endReason: EndReason): EndedRound {
  return { ...sharedOf(round), status: 'ended', secondsEach: round.secondsEach, slots, endedAt: at, endReason };
}

// The pickers build each state from named fields, so no stale `endsAt` or `remainingMs` rides along
// into a state of another kind (that would also break deep equality with a fresh fold).
function sharedOf(round: Shared): Shared {
  return { version: round.version, pledges: round.pledges, oneToOneRequests: round.oneToOneRequests };
}

function lineupOf(round: LiveRound): Shared & Lineup {
  return { ...sharedOf(round), secondsEach: round.secondsEach, slots: round.slots };
}

function setStatus(slots: readonly Slot[], index: number, status: SlotStatus): Slot[] {
  return slots.map((slot, i) => (i === index ? { attendeeId: slot.attendeeId, status } : slot));
}

function moveSlot(slots: readonly Slot[], from: number, to: number): Slot[] {
  const moved = [...slots];
  const [slot] = moved.splice(from, 1);
  if (slot) moved.splice(to, 0, slot);
  return moved;
}

function findIndexBefore(slots: readonly Slot[], index: number, status: SlotStatus): number {
  for (let i = index - 1; i >= 0; i--) if (slots[i]?.status === status) return i;
  return -1;
}

function isIntIn(value: number, range: { readonly min: number; readonly max: number }): boolean {
  return Number.isInteger(value) && value >= range.min && value <= range.max;
}

function accept(state: RoundState): Transition {
  return { ok: true, state };
}

function refuse(error: RoundError): { ok: false; error: RoundError } {
  return { ok: false, error };
}
