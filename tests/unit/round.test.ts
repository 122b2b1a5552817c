import { describe, expect, it } from 'vitest';
import {
  type RoundError,
  type RoundEvent,
  type RoundEventType,
  type RoundState,
  type RoundStatus,
  PLEDGE_NOTE_MAX_LENGTH,
  initialState,
  reduce,
} from '../../server/live-round/round.js';
import { type Actor, type RoundCommand, applyCommand, orderAttendees } from '../../server/live-round/round-commands.js';
import { attendeeView, view } from '../../server/live-round/round-view.js';

/** The round a stored log folds to, as the service folds it. */
const foldEvents = (events: readonly RoundEvent[]): RoundState => events.reduce<RoundState>(reduce, initialState());

const T0 = 1_700_000_000_000;
const HOST: Actor = { id: 'hanna', isHost: true };
const anna: Actor = { id: 'anna', isHost: false };
const ben: Actor = { id: 'ben', isHost: false };
const cem: Actor = { id: 'cem', isHost: false };
const ORDER = ['hanna', 'anna', 'ben', 'cem'];

/** Deep-freezes every state the round produces, so any mutation in the code under test throws. */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/** A round driven like the service drives it: decide, append the events, fold them; plus a fake clock. */
function round() {
  let state: RoundState = deepFreeze(initialState());
  let now = T0;
  const log: RoundEvent[] = [];
  const send = (command: RoundCommand, actor: Actor = HOST) => {
    const result = applyCommand(state, command, actor, now);
    if (result.ok) {
      log.push(...result.events);
      state = deepFreeze(result.events.reduce(reduce, state));
    }
    return result;
  };
  return {
    get state() {
      return state;
    },
    get log() {
      return log;
    },
    get now() {
      return now;
    },
    tick(ms: number) {
      now += ms;
    },
    send,
    /** Sends a command that must be accepted. */
    do(command: RoundCommand, actor: Actor = HOST) {
      const result = send(command, actor);
      if (!result.ok) throw new Error(`${command.type} refused: ${result.error}`);
      return result.events;
    },
    view: () => view(state, now),
  };
}

const start = (secondsEach = 60, order = ORDER): RoundCommand => ({ type: 'start', order, secondsEach });

/** Rounds in each status; in the live ones Anna speaks, Hanna has spoken, Ben and Cem wait. */
const inStatus: Record<RoundStatus, () => ReturnType<typeof round>> = {
  waiting: () => round(),
  running: () => {
    const r = round();
    r.do(start());
    r.do({ type: 'next' });
    return r;
  },
  paused: () => {
    const r = inStatus.running();
    r.do({ type: 'pause' });
    return r;
  },
  ended: () => {
    const r = inStatus.running();
    r.do({ type: 'end' });
    return r;
  },
};

type Accepted = { event: RoundEventType; status: RoundStatus };
type Expectation = Accepted | RoundError;
const accepted = (event: RoundEventType, status: RoundStatus): Accepted => ({ event, status });

/** [command, who sends it, and what happens in waiting / running / paused / ended]. */
const table: Array<[string, RoundCommand, Actor, Record<RoundStatus, Expectation>]> = [
  ['start', start(), HOST, {
    waiting: accepted('round_started', 'running'),
    running: 'already_started',
    paused: 'already_started',
    ended: 'ended',
  }],
  ['next', { type: 'next' }, HOST, {
    waiting: 'not_started',
    running: accepted('advanced_to_next', 'running'),
    paused: accepted('advanced_to_next', 'running'),
    ended: 'ended',
  }],
  ['previous', { type: 'previous' }, HOST, {
    waiting: 'not_started',
    running: accepted('went_back_to_previous', 'running'),
    paused: accepted('went_back_to_previous', 'running'),
    ended: 'ended',
  }],
  ['pause', { type: 'pause' }, HOST, {
    waiting: 'not_started',
    running: accepted('round_paused', 'paused'),
    paused: 'paused',
    ended: 'ended',
  }],
  ['resume', { type: 'resume' }, HOST, {
    waiting: 'not_started',
    running: 'not_paused',
    paused: accepted('round_resumed', 'running'),
    ended: 'ended',
  }],
  ['extend', { type: 'extend', seconds: 15 }, HOST, {
    waiting: 'not_started',
    running: accepted('time_extended', 'running'),
    paused: accepted('time_extended', 'paused'),
    ended: 'ended',
  }],
  ['skip', { type: 'skip', attendeeId: 'ben' }, HOST, {
    waiting: 'not_started',
    running: accepted('speaker_skipped', 'running'),
    paused: accepted('speaker_skipped', 'paused'),
    ended: 'ended',
  }],
  ['move_up', { type: 'move_up', attendeeId: 'cem' }, HOST, {
    waiting: 'not_started',
    running: accepted('speaker_moved_up', 'running'),
    paused: accepted('speaker_moved_up', 'paused'),
    ended: 'ended',
  }],
  ['end', { type: 'end' }, HOST, {
    waiting: 'not_started',
    running: accepted('round_ended', 'ended'),
    paused: accepted('round_ended', 'ended'),
    ended: 'ended',
  }],
  ['pledge', { type: 'pledge', note: 'Kenne eine Steuerberaterin' }, ben, {
    waiting: 'not_started',
    running: accepted('pledge_made', 'running'),
    paused: accepted('pledge_made', 'paused'),
    ended: 'ended',
  }],
  ['request_one_to_one', { type: 'request_one_to_one', withAttendeeId: 'anna' }, ben, {
    waiting: 'not_started',
    running: accepted('one_to_one_requested', 'running'),
    paused: accepted('one_to_one_requested', 'paused'),
    ended: 'ended',
  }],
];

const hostOnly = table.filter(([, , actor]) => actor.isHost);

describe('every command in every status', () => {
  const cases = table.flatMap(([name, command, actor, outcomes]) =>
    (Object.keys(outcomes) as RoundStatus[]).map((status) => ({
      name,
      command,
      actor,
      status,
      expected: outcomes[status],
    })),
  );

  it.each(cases)('$name while $status', ({ command, actor, status, expected }) => {
    const r = inStatus[status]();
    const before = r.state;
    const result = r.send(command, actor);
    if (typeof expected === 'string') {
      expect(result).toEqual({ ok: false, error: expected });
      expect(r.state).toBe(before);
    } else {
      expect(result.ok && result.events.map((e) => e.type)).toEqual([expected.event]);
      expect(result.ok && result.events[0]).toMatchObject({ at: r.now, by: actor.id });
      expect(r.state.status).toBe(expected.status);
    }
  });

  const nonHostCases = hostOnly.flatMap(([name, command]) =>
    (['waiting', 'running', 'paused', 'ended'] as const).flatMap((status) =>
      [anna, { id: 'guest-1', isHost: false }].map((actor) => ({ name, command, status, actor })),
    ),
  );

  it.each(nonHostCases)('$name by $actor.id (not host) while $status is refused', ({ command, status, actor }) => {
    const r = inStatus[status]();
    const before = r.state;
    expect(r.send(command, actor)).toEqual({ ok: false, error: 'not_host' });
    expect(r.state).toBe(before);
  });

  it('the table covers every command', () => {
    const covered = new Set(table.map(([, command]) => command.type));
    expect([...covered].sort()).toEqual([
      'end', 'extend', 'move_up', 'next', 'pause', 'pledge', 'previous', 'request_one_to_one', 'resume', 'skip', 'start',
    ]);
  });
});

describe('start', () => {
  it('gives the first speaker the full time and lists the order', () => {
    const r = round();
    r.do(start(45));
    expect(r.view()).toMatchObject({
      status: 'running',
      secondsEach: 45,
      currentSpeakerId: 'hanna',
      nextSpeakerId: 'anna',
      endsAt: T0 + 45_000,
      remainingMs: 45_000,
      lastTenSeconds: false,
      timeUp: false,
    });
    expect(r.view().order).toEqual(
      ORDER.map((attendeeId) => ({ attendeeId, done: false, skipped: false, pledgeCount: 0 })),
    );
  });

  it.each([
    ['an empty order', start(60, []), 'invalid_order'],
    ['someone twice', start(60, ['anna', 'ben', 'anna']), 'invalid_order'],
    ['an empty id', start(60, ['anna', '']), 'invalid_order'],
    ['9 seconds each', start(9), 'invalid_seconds'],
    ['301 seconds each', start(301), 'invalid_seconds'],
    ['fractional seconds', start(30.5), 'invalid_seconds'],
    ['NaN seconds', start(Number.NaN), 'invalid_seconds'],
  ] as const)('refuses %s', (_, command, error) => {
    expect(round().send(command)).toEqual({ ok: false, error });
  });

  it('accepts the limits 10 and 300 seconds', () => {
    expect(round().send(start(10)).ok).toBe(true);
    expect(round().send(start(300)).ok).toBe(true);
  });

  it('copies the order into the event, so the log never changes with the caller’s array', () => {
    const order = ['anna', 'ben'];
    const r = round();
    r.do(start(60, order));
    order.push('cem');
    expect(r.log[0]).toMatchObject({ order: ['anna', 'ben'] });
  });
});

describe('timing with a fake clock', () => {
  it('counts down, cues the last ten seconds, shows time up and never advances by itself', () => {
    const r = round();
    r.do(start(60));
    r.tick(49_000);
    expect(r.view()).toMatchObject({ remainingMs: 11_000, lastTenSeconds: false, timeUp: false });
    r.tick(1_000);
    expect(r.view()).toMatchObject({ remainingMs: 10_000, lastTenSeconds: true, timeUp: false });
    r.tick(9_999);
    expect(r.view()).toMatchObject({ remainingMs: 1, lastTenSeconds: true, timeUp: false });
    r.tick(1);
    expect(r.view()).toMatchObject({ remainingMs: 0, lastTenSeconds: false, timeUp: true });
    r.tick(120_000);
    expect(r.view()).toMatchObject({ status: 'running', currentSpeakerId: 'hanna', remainingMs: 0, timeUp: true });
  });

  it('pause keeps the remaining time, resume continues from there', () => {
    const r = round();
    r.do(start(60));
    r.tick(20_000);
    r.do({ type: 'pause' });
    expect(r.view()).toMatchObject({ status: 'paused', endsAt: null, remainingMs: 40_000 });
    r.tick(300_000);
    expect(r.view()).toMatchObject({ remainingMs: 40_000, timeUp: false });
    r.do({ type: 'resume' });
    expect(r.view()).toMatchObject({ status: 'running', endsAt: r.now + 40_000, remainingMs: 40_000 });
  });

  it('shows the cues while paused, frozen at the paused time', () => {
    const r = round();
    r.do(start(60));
    r.tick(55_000);
    r.do({ type: 'pause' });
    expect(r.view()).toMatchObject({ remainingMs: 5_000, lastTenSeconds: true, timeUp: false });
  });

  it('extend while running adds to endsAt', () => {
    const r = round();
    r.do(start(60));
    r.tick(30_000);
    r.do({ type: 'extend', seconds: 15 });
    expect(r.view()).toMatchObject({ endsAt: T0 + 75_000, remainingMs: 45_000 });
  });

  it('extend after time is up counts from now, so the speaker really gets the extra seconds', () => {
    const r = round();
    r.do(start(60));
    r.tick(70_000);
    expect(r.view().timeUp).toBe(true);
    r.do({ type: 'extend', seconds: 15 });
    expect(r.view()).toMatchObject({ endsAt: r.now + 15_000, remainingMs: 15_000, timeUp: false });
  });

  it('extend while paused adds to the remaining time; pausing after time up stores zero', () => {
    const r = round();
    r.do(start(60));
    r.tick(65_000);
    r.do({ type: 'pause' });
    expect(r.view()).toMatchObject({ remainingMs: 0, timeUp: true });
    r.do({ type: 'extend', seconds: 20 });
    expect(r.view()).toMatchObject({ status: 'paused', remainingMs: 20_000, timeUp: false });
    r.tick(5_000);
    r.do({ type: 'resume' });
    expect(r.view().endsAt).toBe(r.now + 20_000);
  });

  it.each([4, 121, 15.5, -15, Number.POSITIVE_INFINITY])('refuses extending by %s seconds', (seconds) => {
    const r = inStatus.running();
    expect(r.send({ type: 'extend', seconds })).toEqual({ ok: false, error: 'invalid_seconds' });
  });

  it('every speaker change starts a fresh full turn, also out of a pause', () => {
    const r = round();
    r.do(start(60));
    r.do({ type: 'extend', seconds: 60 });
    r.tick(10_000);
    r.do({ type: 'next' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'anna', endsAt: r.now + 60_000 });
    r.tick(10_000);
    r.do({ type: 'pause' });
    r.tick(10_000);
    r.do({ type: 'next' });
    expect(r.view()).toMatchObject({ status: 'running', currentSpeakerId: 'ben', endsAt: r.now + 60_000 });
  });
});

describe('moving through the order', () => {
  it('next marks the speaker done and hands over to the next', () => {
    const r = round();
    r.do(start());
    r.do({ type: 'next' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'anna', nextSpeakerId: 'ben' });
    expect(r.view().order.map((s) => s.done)).toEqual([true, false, false, false]);
  });

  it('next after the last speaker completes the round', () => {
    const r = round();
    r.do(start(60, ['anna', 'ben']));
    r.do({ type: 'next' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'ben', nextSpeakerId: null });
    r.tick(5_000);
    r.do({ type: 'next' });
    expect(r.state).toMatchObject({ status: 'ended', endReason: 'completed', endedAt: r.now });
    expect(r.view()).toMatchObject({
      status: 'ended',
      currentSpeakerId: null,
      nextSpeakerId: null,
      endsAt: null,
      remainingMs: null,
      timeUp: false,
      endReason: 'completed',
    });
    expect(r.view().order.every((s) => s.done)).toBe(true);
    expect(r.send({ type: 'next' })).toEqual({ ok: false, error: 'ended' });
  });

  it('end by the host marks the current speaker done and leaves the rest as they were', () => {
    const r = inStatus.running();
    r.do({ type: 'end' });
    expect(r.view().endReason).toBe('ended_by_host');
    expect(r.view().order.map((s) => s.done)).toEqual([true, true, false, false]);
  });

  it('previous goes back one speaker with a fresh full time', () => {
    const r = round();
    r.do(start(60));
    expect(r.send({ type: 'previous' })).toEqual({ ok: false, error: 'no_previous' });
    r.do({ type: 'next' });
    r.tick(50_000);
    r.do({ type: 'previous' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'hanna', nextSpeakerId: 'anna', endsAt: r.now + 60_000 });
    expect(r.view().order.map((s) => s.done)).toEqual([false, false, false, false]);
  });

  it('previous passes over skipped speakers to the last one who spoke', () => {
    const r = round();
    r.do(start());
    r.do({ type: 'skip', attendeeId: 'anna' });
    r.do({ type: 'next' });
    expect(r.view().currentSpeakerId).toBe('ben');
    r.do({ type: 'previous' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'hanna', nextSpeakerId: 'ben' });
  });

  it('previous with only skipped speakers before has nobody to go back to', () => {
    const r = round();
    r.do(start());
    r.do({ type: 'skip', attendeeId: 'hanna' });
    expect(r.send({ type: 'previous' })).toEqual({ ok: false, error: 'no_previous' });
  });
});

describe('skip', () => {
  it('skipping the current speaker hands over to the next with a fresh turn', () => {
    const r = round();
    r.do(start());
    r.tick(20_000);
    r.do({ type: 'skip', attendeeId: 'hanna' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'anna', endsAt: r.now + 60_000 });
    expect(r.view().order[0]).toMatchObject({ attendeeId: 'hanna', done: false, skipped: true });
  });

  it('skipping a future speaker keeps the current turn and next passes over them', () => {
    const r = round();
    r.do(start());
    r.tick(20_000);
    r.do({ type: 'skip', attendeeId: 'anna' });
    expect(r.view()).toMatchObject({ currentSpeakerId: 'hanna', nextSpeakerId: 'ben', endsAt: T0 + 60_000 });
    r.do({ type: 'next' });
    expect(r.view().currentSpeakerId).toBe('ben');
  });

  it('skipping the current last speaker completes the round', () => {
    const r = round();
    r.do(start(60, ['anna', 'ben']));
    r.do({ type: 'next' });
    r.do({ type: 'skip', attendeeId: 'ben' });
    expect(r.state).toMatchObject({ status: 'ended', endReason: 'completed' });
  });

  it.each([
    ['someone who spoke', 'hanna', 'not_upcoming'],
    ['someone skipped already', 'ben', 'not_upcoming'],
    ['someone not in the round', 'zoe', 'unknown_attendee'],
  ] as const)('refuses skipping %s', (_, attendeeId, error) => {
    const r = inStatus.running();
    r.do({ type: 'skip', attendeeId: 'ben' });
    expect(r.send({ type: 'skip', attendeeId })).toEqual({ ok: false, error });
  });
});

describe('move up', () => {
  const order = (r: ReturnType<typeof round>) => r.view().order.map((s) => s.attendeeId);

  it('moves someone one place earlier in the remaining order', () => {
    const r = round();
    r.do(start());
    r.do({ type: 'move_up', attendeeId: 'cem' });
    expect(order(r)).toEqual(['hanna', 'anna', 'cem', 'ben']);
    r.do({ type: 'move_up', attendeeId: 'cem' });
    expect(order(r)).toEqual(['hanna', 'cem', 'anna', 'ben']);
    expect(r.view()).toMatchObject({ currentSpeakerId: 'hanna', nextSpeakerId: 'cem' });
    expect(r.send({ type: 'move_up', attendeeId: 'cem' })).toEqual({ ok: false, error: 'already_next' });
  });

  it('passes over skipped speakers: it swaps with the previous one still waiting', () => {
    const r = round();
    r.do(start());
    r.do({ type: 'skip', attendeeId: 'ben' });
    r.do({ type: 'move_up', attendeeId: 'cem' });
    expect(order(r)).toEqual(['hanna', 'cem', 'anna', 'ben']);
  });

  it.each([
    ['the current speaker', 'anna', 'not_upcoming'],
    ['someone who spoke', 'hanna', 'not_upcoming'],
    ['someone not in the round', 'zoe', 'unknown_attendee'],
    ['the next speaker', 'ben', 'already_next'],
  ] as const)('refuses moving up %s', (_, attendeeId, error) => {
    expect(inStatus.running().send({ type: 'move_up', attendeeId })).toEqual({ ok: false, error });
  });

  it('refuses moving up someone skipped', () => {
    const r = inStatus.running();
    r.do({ type: 'skip', attendeeId: 'cem' });
    expect(r.send({ type: 'move_up', attendeeId: 'cem' })).toEqual({ ok: false, error: 'not_upcoming' });
  });
});

describe('pledges', () => {
  it('are recorded for the speaker of the moment, with a one-line note', () => {
    const r = inStatus.running();
    r.tick(3_000);
    const [event] = r.do({ type: 'pledge', note: '  Kenne  eine\nSteuerberaterin ' }, ben);
    expect(event).toEqual({
      type: 'pledge_made',
      at: r.now,
      by: 'ben',
      forAttendeeId: 'anna',
      note: 'Kenne eine Steuerberaterin',
    });
    r.do({ type: 'pledge' }, cem);
    r.do({ type: 'next' });
    r.do({ type: 'pledge', note: '   ' }, cem);
    expect(r.state.pledges).toEqual([
      { by: 'ben', forAttendeeId: 'anna', note: 'Kenne eine Steuerberaterin', at: T0 + 3_000 },
      { by: 'cem', forAttendeeId: 'anna', note: null, at: T0 + 3_000 },
      { by: 'cem', forAttendeeId: 'ben', note: null, at: T0 + 3_000 },
    ]);
    expect(r.view().order.map((s) => s.pledgeCount)).toEqual([0, 2, 1, 0]);
    expect(attendeeView(r.state, 'anna').pledgesReceived.map((p) => p.by)).toEqual(['ben', 'cem']);
    expect(attendeeView(r.state, 'cem').pledgesGiven.map((p) => p.forAttendeeId)).toEqual(['anna', 'ben']);
  });

  it('the host and guests may pledge too, also while paused', () => {
    const r = inStatus.paused();
    expect(r.send({ type: 'pledge' }, HOST).ok).toBe(true);
    expect(r.send({ type: 'pledge' }, { id: 'guest-1', isHost: false }).ok).toBe(true);
  });

  it('accept a note of exactly the limit and refuse a longer one', () => {
    const r = inStatus.running();
    const tooLong = 'x'.repeat(PLEDGE_NOTE_MAX_LENGTH + 1);
    expect(r.send({ type: 'pledge', note: tooLong }, ben)).toEqual({ ok: false, error: 'note_too_long' });
    expect(r.send({ type: 'pledge', note: 'x'.repeat(PLEDGE_NOTE_MAX_LENGTH) }, ben).ok).toBe(true);
  });

  it('refuse pledging for yourself and pledging twice for the same speaker', () => {
    const r = inStatus.running();
    expect(r.send({ type: 'pledge' }, anna)).toEqual({ ok: false, error: 'self_pledge' });
    r.do({ type: 'pledge' }, ben);
    expect(r.send({ type: 'pledge', note: 'noch eine' }, ben)).toEqual({ ok: false, error: 'already_pledged' });
  });

  it('refuse a pledge meant for a speaker the host has moved on from', () => {
    const r = inStatus.running();
    r.do({ type: 'next' });
    expect(r.send({ type: 'pledge', forAttendeeId: 'anna' }, cem)).toEqual({ ok: false, error: 'speaker_changed' });
    expect(r.send({ type: 'pledge', forAttendeeId: 'ben' }, cem).ok).toBe(true);
  });
});

describe('one-to-one requests', () => {
  it('are recorded per pair and direction, at any time while the round is live', () => {
    const r = inStatus.running();
    r.do({ type: 'request_one_to_one', withAttendeeId: 'cem' }, ben);
    r.do({ type: 'request_one_to_one', withAttendeeId: 'ben' }, cem);
    r.do({ type: 'pause' });
    r.do({ type: 'request_one_to_one', withAttendeeId: 'hanna' }, { id: 'guest-1', isHost: false });
    expect(r.state.oneToOneRequests).toEqual([
      { by: 'ben', withAttendeeId: 'cem', at: r.now },
      { by: 'cem', withAttendeeId: 'ben', at: r.now },
      { by: 'guest-1', withAttendeeId: 'hanna', at: r.now },
    ]);
    expect(attendeeView(r.state, 'ben')).toMatchObject({
      oneToOneRequestsMade: [{ withAttendeeId: 'cem' }],
      oneToOneRequestsReceived: [{ by: 'cem' }],
    });
  });

  it.each([
    ['with yourself', 'ben', 'self_one_to_one'],
    ['with someone not in the round', 'zoe', 'unknown_attendee'],
  ] as const)('refuse a request %s', (_, withAttendeeId, error) => {
    expect(inStatus.running().send({ type: 'request_one_to_one', withAttendeeId }, ben)).toEqual({ ok: false, error });
  });

  it('refuse asking the same person twice', () => {
    const r = inStatus.running();
    r.do({ type: 'request_one_to_one', withAttendeeId: 'cem' }, ben);
    expect(r.send({ type: 'request_one_to_one', withAttendeeId: 'cem' }, ben)).toEqual({
      ok: false,
      error: 'already_requested',
    });
  });
});

describe('the event log', () => {
  it('folds to the live state, also after a trip through JSON (a refresh or a restart)', () => {
    const r = round();
    r.do(start(30));
    r.tick(10_000);
    r.do({ type: 'pledge', note: 'Webdesign' }, ben);
    r.do({ type: 'pause' });
    r.tick(10_000);
    r.do({ type: 'extend', seconds: 15 });
    r.do({ type: 'resume' });
    r.do({ type: 'skip', attendeeId: 'ben' });
    r.do({ type: 'next' });
    r.do({ type: 'request_one_to_one', withAttendeeId: 'anna' }, cem);
    r.do({ type: 'previous' });
    r.do({ type: 'move_up', attendeeId: 'cem' });
    const stored = JSON.parse(JSON.stringify(r.log)) as RoundEvent[];
    expect(foldEvents(stored)).toEqual(r.state);
    expect(view(foldEvents(stored), r.now)).toEqual(r.view());
    expect(r.state.version).toBe(r.log.length);
  });

  it('folds a raced duplicate as a no-op rather than breaking the round', () => {
    const started: RoundEvent = { type: 'round_started', at: T0, by: 'hanna', order: ORDER, secondsEach: 60 };
    const ended: RoundEvent = { type: 'round_ended', at: T0 + 1, by: 'hanna' };
    const raced = foldEvents([started, ended, { ...ended, at: T0 + 2 }]);
    expect(raced).toEqual({ ...foldEvents([started, ended]), version: 3 });
  });

  it('starts empty', () => {
    expect(foldEvents([])).toEqual(initialState());
    expect(view(initialState(), T0)).toEqual({
      status: 'waiting',
      version: 0,
      secondsEach: null,
      currentSpeakerId: null,
      nextSpeakerId: null,
      endsAt: null,
      remainingMs: null,
      lastTenSeconds: false,
      timeUp: false,
      endReason: null,
      order: [],
    });
  });
});

describe('orderAttendees', () => {
  const attendees = [
    { id: 'anna', isGuest: false },
    { id: 'gast-1', isGuest: true },
    { id: 'ben', isGuest: false },
    { id: 'gast-2', isGuest: true },
    { id: 'cem', isGuest: false },
  ];
  const neverCalled = () => {
    throw new Error('random must not be used');
  };

  it('roster keeps the given order', () => {
    expect(orderAttendees(attendees, 'roster', neverCalled)).toEqual(['anna', 'gast-1', 'ben', 'gast-2', 'cem']);
  });

  it('guests_last puts guests after members, each in roster order', () => {
    expect(orderAttendees(attendees, 'guests_last', neverCalled)).toEqual(['anna', 'ben', 'cem', 'gast-1', 'gast-2']);
  });

  it('random shuffles with the given generator', () => {
    // Always 0: every position swaps with the first, the classic rotation of Fisher–Yates.
    expect(orderAttendees(attendees, 'random', () => 0)).toEqual(['gast-1', 'ben', 'gast-2', 'cem', 'anna']);
    // A faulty generator returning 1 stays inside the array.
    expect(orderAttendees(attendees, 'random', () => 1).sort()).toEqual(attendees.map((a) => a.id).sort());
  });

  it('does not change its input', () => {
    const copy = structuredClone(attendees);
    orderAttendees(attendees, 'random', Math.random);
    expect(attendees).toEqual(copy);
  });
});
