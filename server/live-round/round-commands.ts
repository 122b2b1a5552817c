import {
  type AttendeeId,
  type RoundError,
  type RoundEvent,
  type RoundState,
  applyEvent,
  assertNever,
  currentIndex,
  requireLive,
} from './round.js';

/** What the host steers the round with. */
export type HostCommand =
  | { readonly type: 'start'; readonly order: readonly AttendeeId[]; readonly secondsEach: number }
  | { readonly type: 'next' }
  | { readonly type: 'previous' }
  | { readonly type: 'pause' }
  | { readonly type: 'resume' }
  | { readonly type: 'extend'; readonly seconds: number }
  | { readonly type: 'skip'; readonly attendeeId: AttendeeId }
  | { readonly type: 'move_up'; readonly attendeeId: AttendeeId }
  | { readonly type: 'end' };

/** What any attendee (guests too) may do while the round is live. */
export type AttendeeCommand =
  | {
      readonly type: 'pledge';
      readonly note?: string | null;
      /**
       * The speaker the attendee saw when they clicked. When given and no longer current, the
       * pledge is refused instead of landing on whoever the host moved on to meanwhile.
       */
      readonly forAttendeeId?: AttendeeId;
    }
  | { readonly type: 'request_one_to_one'; readonly withAttendeeId: AttendeeId };

export type RoundCommand = HostCommand | AttendeeCommand;
export type RoundCommandType = RoundCommand['type'];

/** Who sends a command. The caller establishes both facts (session, breakfast role). */
export type Actor = { readonly id: AttendeeId; readonly isHost: boolean };

export type CommandResult = { ok: true; events: RoundEvent[] } | { ok: false; error: RoundError };

const HOST_ONLY = {
  start: true,
  next: true,
  previous: true,
  pause: true,
  resume: true,
  extend: true,
  skip: true,
  move_up: true,
  end: true,
  pledge: false,
  request_one_to_one: false,
} as const satisfies Record<RoundCommandType, boolean>;

export function isHostCommand(command: RoundCommand): command is HostCommand {
  return HOST_ONLY[command.type];
}

/**
 * Decides a command against the current state at server time `now`: the events to persist, or
 * the reason it is refused (never a throw). Refused commands produce no events. The rules
 * themselves live in applyEvent, so a command is accepted exactly when its event folds.
 */
export function applyCommand(state: RoundState, command: RoundCommand, actor: Actor, now: number): CommandResult {
  if (isHostCommand(command) && !actor.isHost) return { ok: false, error: 'not_host' };
  const built = eventFor(state, command, actor.id, now);
  if (!built.ok) return built;
  const checked = applyEvent(state, built.event);
  return checked.ok ? { ok: true, events: [built.event] } : { ok: false, error: checked.error };
}

/**
 * One-line pledge notes: line breaks and runs of spaces collapse (a note is shown on one line),
 * and an empty note is no note. applyEvent then holds the result to PLEDGE_NOTE_MAX_LENGTH.
 */
export function normalizeNote(note: string | null | undefined): string | null {
  const collapsed = (note ?? '').replace(/\s+/g, ' ').trim();
  return collapsed === '' ? null : collapsed;
}

function eventFor(
  state: RoundState,
  command: RoundCommand,
  by: AttendeeId,
  at: number,
): { ok: true; event: RoundEvent } | { ok: false; error: RoundError } {
  const event = (e: RoundEvent) => ({ ok: true as const, event: e });
  switch (command.type) {
    case 'start':
      // A copy: the log must not change when the caller reuses its array.
      return event({ type: 'round_started', at, by, order: [...command.order], secondsEach: command.secondsEach });
    case 'next':
      return event({ type: 'advanced_to_next', at, by });
    case 'previous':
      return event({ type: 'went_back_to_previous', at, by });
    case 'pause':
      return event({ type: 'round_paused', at, by });
    case 'resume':
      return event({ type: 'round_resumed', at, by });
    case 'extend':
      return event({ type: 'time_extended', at, by, seconds: command.seconds });
    case 'skip':
      return event({ type: 'speaker_skipped', at, by, attendeeId: command.attendeeId });
    case 'move_up':
      return event({ type: 'speaker_moved_up', at, by, attendeeId: command.attendeeId });
    case 'end':
      return event({ type: 'round_ended', at, by });
    case 'pledge': {
      // The event names the speaker, so the pledge stays theirs whatever the round does later.
      const live = requireLive(state);
      if (!live.ok) return live;
      const speaker = live.round.slots[currentIndex(live.round)]?.attendeeId ?? '';
      if (command.forAttendeeId !== undefined && command.forAttendeeId !== speaker) {
        return { ok: false, error: 'speaker_changed' };
      }
      return event({ type: 'pledge_made', at, by, forAttendeeId: speaker, note: normalizeNote(command.note) });
    }
    case 'request_one_to_one':
      return event({ type: 'one_to_one_requested', at, by, withAttendeeId: command.withAttendeeId });
    default:
      return assertNever(command);
  }
}

export const ORDER_MODES = ['roster', 'random', 'guests_last'] as const;
export type OrderMode = (typeof ORDER_MODES)[number];

/** An attendee as the service knows them, in roster order. */
export type RosterEntry = { readonly id: AttendeeId; readonly isGuest: boolean };

/**
 * The speaking order for `start`. `random` is injected (Math.random in production) so a test can
 * fix it; only the `random` mode calls it. `guests_last` keeps roster order within members and
 * within guests, so members introduce the group before visitors speak.
 */
export function orderAttendees(attendees: readonly RosterEntry[], mode: OrderMode, random: () => number): AttendeeId[] {
  const ids = attendees.map((attendee) => attendee.id);
  switch (mode) {
    case 'roster':
      return ids;
    case 'guests_last':
      return [...attendees.filter((a) => !a.isGuest), ...attendees.filter((a) => a.isGuest)].map((a) => a.id);
    case 'random':
      // Fisher–Yates; the clamp keeps a faulty generator (one returning 1) inside the array.
      for (let i = ids.length - 1; i > 0; i--) {
        const j = Math.min(i, Math.floor(random() * (i + 1)));
        [ids[i], ids[j]] = [ids[j]!, ids[i]!];
      }
      return ids;
    default:
      return assertNever(mode);
  }
}
