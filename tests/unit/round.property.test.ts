import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type RoundEvent,
  type RoundState,
  applyEvent,
  initialState,
  reduce,
} from '../../server/live-round/round.js';
import {
  type Actor,
  type RoundCommand,
  ORDER_MODES,
  applyCommand,
  isHostCommand,
  orderAttendees,
} from '../../server/live-round/round-commands.js';
import { view } from '../../server/live-round/round-view.js';

/** The round a stored log folds to, as the service folds it. */
const foldEvents = (events: readonly RoundEvent[]): RoundState => events.reduce<RoundState>(reduce, initialState());

const PEOPLE = ['hanna', 'anna', 'ben', 'cem', 'dora', 'emil'];
/** Someone who is never in the order, so commands naming them exercise the refusals. */
const STRANGER = 'zoe';
const T0 = 1_700_000_000_000;

const person = fc.constantFrom(...PEOPLE, STRANGER);
const actor: fc.Arbitrary<Actor> = fc.oneof(
  { arbitrary: fc.constant({ id: 'hanna', isHost: true }), weight: 3 },
  { arbitrary: person.map((id) => ({ id, isHost: false })), weight: 2 },
);

const validStart = fc.record({
  type: fc.constant('start' as const),
  order: fc.shuffledSubarray(PEOPLE, { minLength: 1 }),
  secondsEach: fc.integer({ min: 10, max: 300 }),
});

/** Mostly valid commands, with enough out-of-range values and strangers to hit every refusal. */
const command: fc.Arbitrary<RoundCommand> = fc.oneof(
  { arbitrary: validStart, weight: 1 },
  {
    arbitrary: fc.record({
      type: fc.constant('start' as const),
      order: fc.array(person, { maxLength: 4 }),
      secondsEach: fc.integer({ min: 0, max: 400 }),
    }),
    weight: 1,
  },
  {
    arbitrary: fc.constantFrom<RoundCommand>({ type: 'next' }, { type: 'previous' }, { type: 'pause' }, { type: 'resume' }),
    weight: 8,
  },
  { arbitrary: fc.constant<RoundCommand>({ type: 'end' }), weight: 1 },
  { arbitrary: fc.integer({ min: 0, max: 150 }).map((seconds): RoundCommand => ({ type: 'extend', seconds })), weight: 2 },
  { arbitrary: person.map((attendeeId): RoundCommand => ({ type: 'skip', attendeeId })), weight: 2 },
  { arbitrary: person.map((attendeeId): RoundCommand => ({ type: 'move_up', attendeeId })), weight: 3 },
  {
    arbitrary: fc.record(
      { type: fc.constant('pledge' as const), note: fc.option(fc.string({ maxLength: 160 })), forAttendeeId: person },
      { requiredKeys: ['type'] },
    ),
    weight: 3,
  },
  {
    arbitrary: person.map((withAttendeeId): RoundCommand => ({ type: 'request_one_to_one', withAttendeeId })),
    weight: 3,
  },
);

type Step = { command: RoundCommand; actor: Actor; elapsedMs: number };
const step: fc.Arbitrary<Step> = fc.record({ command, actor, elapsedMs: fc.nat({ max: 90_000 }) });
/** A valid start first, so most sequences exercise a live round rather than the waiting room. */
const session = fc.tuple(validStart, fc.array(step, { maxLength: 80 }));

type Outcome = { state: RoundState; log: RoundEvent[]; now: number };

/** Plays a session as the service would, checking every step's contract on the way. */
function play([first, steps]: [RoundCommand, Step[]]): Outcome {
  let state: RoundState = initialState();
  let now = T0;
  const log: RoundEvent[] = [];
  const opening: Step = { command: first, actor: { id: 'hanna', isHost: true }, elapsedMs: 0 };
  for (const { command, actor, elapsedMs } of [opening, ...steps]) {
    now += elapsedMs;
    const result = applyCommand(state, command, actor, now);
    if (isHostCommand(command) && !actor.isHost) expect(result).toEqual({ ok: false, error: 'not_host' });
    if (!result.ok) {
      expect(result).not.toHaveProperty('events');
      continue;
    }
    expect(result.events.length).toBeGreaterThan(0);
    for (const event of result.events) {
      // An accepted command's events always fold for real — never through reduce's no-op path.
      expect(applyEvent(state, event).ok).toBe(true);
      const before = state.status;
      state = reduce(state, event);
      if (before === 'ended') expect(state.status).toBe('ended');
      log.push(event);
    }
    checkInvariants(state, now);
  }
  return { state, log, now };
}

/** The exact fields of each status: a stale `endsAt` or `remainingMs` riding along is a bug. */
const FIELDS: Record<RoundState['status'], string[]> = {
  waiting: ['oneToOneRequests', 'pledges', 'status', 'version'],
  running: ['endsAt', 'oneToOneRequests', 'pledges', 'secondsEach', 'slots', 'status', 'version'],
  paused: ['oneToOneRequests', 'pledges', 'remainingMs', 'secondsEach', 'slots', 'status', 'version'],
  ended: ['endReason', 'endedAt', 'oneToOneRequests', 'pledges', 'secondsEach', 'slots', 'status', 'version'],
};

function checkInvariants(state: RoundState, now: number) {
  expect(Object.keys(state).sort()).toEqual(FIELDS[state.status]);
  const v = view(state, now);
  expect(!(v.lastTenSeconds && v.timeUp)).toBe(true);
  expect(v.remainingMs === null || v.remainingMs >= 0).toBe(true);
  expect(new Set(state.pledges.map((p) => `${p.by}>${p.forAttendeeId}`)).size).toBe(state.pledges.length);
  expect(state.pledges.every((p) => p.by !== p.forAttendeeId && (p.note === null || p.note.length <= 140))).toBe(true);
  if (state.status === 'waiting') return;

  const statuses = state.slots.map((slot) => slot.status);
  const current = statuses.indexOf('current');
  expect(new Set(state.slots.map((slot) => slot.attendeeId)).size).toBe(state.slots.length);
  if (state.status === 'ended') {
    expect(current).toBe(-1);
    expect(v.currentSpeakerId).toBeNull();
    return;
  }
  expect(statuses.filter((s) => s === 'current')).toHaveLength(1);
  expect(statuses.slice(0, current).every((s) => s === 'done' || s === 'skipped')).toBe(true);
  expect(statuses.slice(current + 1).every((s) => s === 'pending' || s === 'skipped')).toBe(true);
  expect(v.currentSpeakerId).toBe(state.slots[current]?.attendeeId);
  expect(v.nextSpeakerId).not.toBe(v.currentSpeakerId);
  if (state.status === 'running') expect(v.remainingMs).toBe(Math.max(0, state.endsAt - now));
}

describe('the live round under random command sequences', () => {
  it('folding the stored log from scratch gives exactly the live state', () => {
    fc.assert(
      fc.property(session, (input) => {
        const { state, log, now } = play(input);
        const stored = JSON.parse(JSON.stringify(log)) as RoundEvent[];
        expect(foldEvents(stored)).toEqual(state);
        expect(view(foldEvents(stored), now)).toEqual(view(state, now));
        expect(state.version).toBe(log.length);
      }),
      { numRuns: 500 },
    );
  });

  it('keeps the started order as a permutation: nobody is lost or added', () => {
    fc.assert(
      fc.property(session, (input) => {
        const { state } = play(input);
        if (state.status === 'waiting') return;
        expect(state.slots.map((slot) => slot.attendeeId).sort()).toEqual([...input[0].order].sort());
      }),
      { numRuns: 200 },
    );
  });

  it('never lets a non-host steer the round, whatever the state', () => {
    fc.assert(
      fc.property(session, command, person, (input, attempt, id) => {
        const { state, now } = play(input);
        if (!isHostCommand(attempt)) return;
        expect(applyCommand(state, attempt, { id, isHost: false }, now)).toEqual({ ok: false, error: 'not_host' });
      }),
      { numRuns: 200 },
    );
  });
});

describe('the command generator', () => {
  it('reaches every event type and both endings, so the properties above are not vacuous', () => {
    const seenEvents = new Set<string>();
    const seenEndings = new Set<string>();
    for (const input of fc.sample(session, { numRuns: 300, seed: 42 })) {
      const { state, log } = play(input);
      for (const event of log) seenEvents.add(event.type);
      if (state.status === 'ended') seenEndings.add(state.endReason);
    }
    expect([...seenEvents].sort()).toEqual(
      [
        'advanced_to_next', 'one_to_one_requested', 'pledge_made', 'round_ended', 'round_paused', 'round_resumed',
        'round_started', 'speaker_moved_up', 'speaker_skipped', 'time_extended', 'went_back_to_previous',
      ],
    );
    expect([...seenEndings].sort()).toEqual(['completed', 'ended_by_host']);
  });
});

describe('orderAttendees', () => {
  const roster = fc.uniqueArray(fc.record({ id: fc.string({ minLength: 1, maxLength: 8 }), isGuest: fc.boolean() }), {
    selector: (a) => a.id,
    maxLength: 30,
  });
  const randomStream = fc.infiniteStream(fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }));

  it('always returns a permutation; guests_last keeps members first and both groups in roster order', () => {
    fc.assert(
      fc.property(roster, fc.constantFrom(...ORDER_MODES), randomStream, (attendees, mode, randoms) => {
        const order = orderAttendees(attendees, mode, () => randoms.next().value as number);
        expect([...order].sort()).toEqual(attendees.map((a) => a.id).sort());
        if (mode === 'guests_last') {
          const members = attendees.filter((a) => !a.isGuest).map((a) => a.id);
          const guests = attendees.filter((a) => a.isGuest).map((a) => a.id);
          expect(order).toEqual([...members, ...guests]);
        }
      }),
    );
  });
});
