import {
  type AttendeeId,
  type EndReason,
  type OneToOneRequest,
  type Pledge,
  type RoundState,
  type RoundStatus,
  type Slot,
  LAST_SECONDS_CUE_MS,
  assertNever,
  currentIndex,
  nextPendingIndex,
} from './round.js';

export type SpeakerView = {
  readonly attendeeId: AttendeeId;
  readonly done: boolean;
  readonly skipped: boolean;
  /** How many attendees said "Ich habe eine Empfehlung für dich" — who and what stays private. */
  readonly pledgeCount: number;
};

/** What every client of the round renders; the same for everyone, so it can be broadcast. */
export type RoundView = {
  readonly status: RoundStatus;
  /** The log position; a client ignores a view older than the one it shows. */
  readonly version: number;
  readonly secondsEach: number | null;
  readonly currentSpeakerId: AttendeeId | null;
  readonly nextSpeakerId: AttendeeId | null;
  /** Server ms, only while running: each client counts down against its own offset to serverNow. */
  readonly endsAt: number | null;
  /** At `now`, never below zero; frozen while paused. */
  readonly remainingMs: number | null;
  readonly lastTenSeconds: boolean;
  /** Show "Danke!" — and wait for the host: the server never moves on by itself. */
  readonly timeUp: boolean;
  readonly endReason: EndReason | null;
  readonly order: readonly SpeakerView[];
};

/** What only one attendee sees: the pledges they received and gave, and their 1:1 requests. */
export type AttendeeRoundView = {
  readonly pledgesReceived: readonly Pledge[];
  readonly pledgesGiven: readonly Pledge[];
  readonly oneToOneRequestsMade: readonly OneToOneRequest[];
  readonly oneToOneRequestsReceived: readonly OneToOneRequest[];
};

const NO_TURN = { currentSpeakerId: null, nextSpeakerId: null, endsAt: null, remainingMs: null } as const;
const NO_CUES = { lastTenSeconds: false, timeUp: false } as const;

export function view(state: RoundState, now: number): RoundView {
  switch (state.status) {
    case 'waiting':
      return {
        status: state.status,
        version: state.version,
        secondsEach: null,
        ...NO_TURN,
        ...NO_CUES,
        endReason: null,
        order: [],
      };
    case 'running':
    case 'paused': {
      const current = currentIndex(state);
      const remainingMs = state.status === 'running' ? Math.max(0, state.endsAt - now) : state.remainingMs;
      return {
        status: state.status,
        version: state.version,
        secondsEach: state.secondsEach,
        currentSpeakerId: state.slots[current]?.attendeeId ?? null,
        nextSpeakerId: state.slots[nextPendingIndex(state.slots, current)]?.attendeeId ?? null,
        endsAt: state.status === 'running' ? state.endsAt : null,
        remainingMs,
        lastTenSeconds: remainingMs > 0 && remainingMs <= LAST_SECONDS_CUE_MS,
        timeUp: remainingMs <= 0,
        endReason: null,
        order: orderView(state.slots, state.pledges),
      };
    }
    case 'ended':
      return {
        status: state.status,
        version: state.version,
        secondsEach: state.secondsEach,
        ...NO_TURN,
        ...NO_CUES,
        endReason: state.endReason,
        order: orderView(state.slots, state.pledges),
      };
    default:
      return assertNever(state);
  }
}

export function attendeeView(state: RoundState, attendeeId: AttendeeId): AttendeeRoundView {
  return {
    pledgesReceived: state.pledges.filter((p) => p.forAttendeeId === attendeeId),
    pledgesGiven: state.pledges.filter((p) => p.by === attendeeId),
    oneToOneRequestsMade: state.oneToOneRequests.filter((r) => r.by === attendeeId),
    oneToOneRequestsReceived: state.oneToOneRequests.filter((r) => r.withAttendeeId === attendeeId),
  };
}

function orderView(slots: readonly Slot[], pledges: readonly Pledge[]): SpeakerView[] {
  return slots.map(({ attendeeId, status }) => ({
    attendeeId,
    done: status === 'done',
    skipped: status === 'skipped',
    pledgeCount: pledges.filter((p) => p.forAttendeeId === attendeeId).length,
  }));
}
