import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type RoundEvent, type RoundState, initialState, reduce } from '../../server/live-round/round.js';
import { applyCommand, orderAttendees } from '../../server/live-round/round-commands.js';
import { attendeeView, view } from '../../server/live-round/round-view.js';
import {
  type ClientMessage,
  ERROR_CODES,
  MAX_MESSAGE_LENGTH,
  PROTOCOL_ERRORS,
  errorMessage,
  parseClientMessage,
  presenceMessage,
  roundCommandFor,
  serverMessageSchema,
  speakersKey,
  stateMessage,
} from '../../server/live-round/protocol.js';

/** The round a stored log folds to, as the service folds it. */
const foldEvents = (events: readonly RoundEvent[]): RoundState => events.reduce<RoundState>(reduce, initialState());

const send = (message: unknown) => parseClientMessage(JSON.stringify(message));
const framed = (command: unknown) => ({ v: 2, type: 'command', command });
const command = (c: unknown) => send(framed(c));
const errorCode = (result: ReturnType<typeof parseClientMessage>) => (result.ok ? 'ok' : result.error.code);

describe('parseClientMessage accepts', () => {
  it.each<[string, ClientMessage]>([
    ['sync', { v: 2, type: 'sync' }],
    ['a pledge without a note', { v: 2, type: 'pledge' }],
    ['a pledge with a note and the speaker seen', { v: 2, type: 'pledge', note: 'Kenne jemanden', forAttendeeId: 'anna' }],
    ['a one-to-one request', { v: 2, type: 'one_to_one', withAttendeeId: 'anna' }],
    ['start', { v: 2, type: 'command', command: { type: 'start', mode: 'guests_last', secondsEach: 60 } }],
    ['next', { v: 2, type: 'command', command: { type: 'next' } }],
    ['previous', { v: 2, type: 'command', command: { type: 'previous' } }],
    ['pause', { v: 2, type: 'command', command: { type: 'pause' } }],
    ['resume', { v: 2, type: 'command', command: { type: 'resume' } }],
    ['extend', { v: 2, type: 'command', command: { type: 'extend', seconds: 15 } }],
    ['skip', { v: 2, type: 'command', command: { type: 'skip', attendeeId: 'ben' } }],
    ['move_up', { v: 2, type: 'command', command: { type: 'move_up', attendeeId: 'ben' } }],
    ['end', { v: 2, type: 'command', command: { type: 'end' } }],
  ])('%s', (_, message) => {
    expect(send(message)).toEqual({ ok: true, message });
  });

  it('the limits themselves: 10 and 300 seconds each, extend by 5 and 120, a 140-character note', () => {
    for (const secondsEach of [10, 300]) {
      expect(errorCode(command({ type: 'start', mode: 'roster', secondsEach }))).toBe('ok');
    }
    for (const seconds of [5, 120]) expect(errorCode(command({ type: 'extend', seconds }))).toBe('ok');
    expect(errorCode(send({ v: 2, type: 'pledge', note: 'x'.repeat(140) }))).toBe('ok');
  });

  it('drops unknown fields rather than passing them on', () => {
    expect(send({ v: 2, type: 'sync', admin: true })).toEqual({ ok: true, message: { v: 2, type: 'sync' } });
  });
});

describe('parseClientMessage refuses, with a typed error and never a throw', () => {
  it.each(['', '{', '{"v":1,', 'undefined', "{'v':1}", 'NaN'])('malformed JSON %j', (raw) => {
    expect(parseClientMessage(raw)).toMatchObject({ ok: false, error: { code: 'malformed_json' } });
  });

  it.each(['42', '"sync"', 'null', '[]', '[{"v":1,"type":"sync"}]'])('JSON that is not an object: %s', (raw) => {
    expect(parseClientMessage(raw)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('a page loaded before version 2 still steers the round: client messages did not change', () => {
    expect(send({ v: 1, type: 'command', command: { type: 'next' } })).toEqual({ ok: true, message: { v: 1, type: 'command', command: { type: 'next' } } });
  });

  it.each([
    ['no version', { type: 'sync' }],
    ['version 3', { v: 3, type: 'sync' }],
    ['version 0', { v: 0, type: 'sync' }],
    ['the version as a string', { v: '2', type: 'sync' }],
    ['a future version with a type this server does not know', { v: 3, type: 'reaction' }],
  ])('wrong version: %s', (_, message) => {
    expect(send(message)).toMatchObject({ ok: false, error: { code: 'wrong_version' } });
  });

  it.each([
    ['an unknown type', { v: 2, type: 'dance' }],
    ['no type', { v: 2 }],
    ['a type that is not a string', { v: 2, type: 7 }],
    ['a command type as message type', { v: 2, type: 'next' }],
  ])('unknown type: %s', (_, message) => {
    expect(send(message)).toMatchObject({ ok: false, error: { code: 'unknown_type' } });
  });

  it.each([
    ['an oversized note', { v: 2, type: 'pledge', note: 'x'.repeat(141) }],
    ['a note that is not a string', { v: 2, type: 'pledge', note: 42 }],
    ['an empty attendee id', { v: 2, type: 'one_to_one', withAttendeeId: '' }],
    ['an attendee id of 65 characters', { v: 2, type: 'one_to_one', withAttendeeId: 'a'.repeat(65) }],
    ['a command without its payload', { v: 2, type: 'command' }],
    ['an unknown command', framed({ type: 'dance' })],
    ['skip without attendee', framed({ type: 'skip' })],
    ['start with an unknown order mode', framed({ type: 'start', mode: 'alphabetical', secondsEach: 60 })],
    ['start with a list instead of a mode', framed({ type: 'start', order: ['anna'], secondsEach: 60 })],
  ])('invalid payload: %s', (_, message) => {
    expect(send(message)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it.each([
    ['9 seconds each', { type: 'start', mode: 'roster', secondsEach: 9 }],
    ['301 seconds each', { type: 'start', mode: 'roster', secondsEach: 301 }],
    ['fractional seconds each', { type: 'start', mode: 'roster', secondsEach: 60.5 }],
    ['seconds each as a string', { type: 'start', mode: 'roster', secondsEach: '60' }],
    ['extend by 4', { type: 'extend', seconds: 4 }],
    ['extend by 121', { type: 'extend', seconds: 121 }],
    ['extend by a fraction', { type: 'extend', seconds: 15.5 }],
    ['extend backwards', { type: 'extend', seconds: -15 }],
    ['extend without seconds', { type: 'extend' }],
  ])('bad numbers: %s', (_, c) => {
    const result = command(c);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
    // The message points at the field, for whoever reads the logs.
    expect(result.ok || result.error.message).toMatch(/command\.(secondsEach|seconds)/);
  });

  it('an overflowing number (1e999 parses to Infinity) is not an integer', () => {
    const raw = '{"v":2,"type":"command","command":{"type":"extend","seconds":1e999}}';
    expect(parseClientMessage(raw)).toMatchObject({ ok: false, error: { code: 'invalid_payload' } });
  });

  it('a frame over the size limit, before parsing it', () => {
    const raw = JSON.stringify({ v: 2, type: 'sync', padding: 'x'.repeat(MAX_MESSAGE_LENGTH) });
    expect(parseClientMessage(raw)).toMatchObject({ ok: false, error: { code: 'too_large' } });
  });

  it('whatever arrives: a result, never an exception', () => {
    const anyFrame = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.json({ maxDepth: 3 }),
      fc
        .record({
          v: fc.constantFrom(1, 2, 3, '2'),
          type: fc.constantFrom('command', 'pledge', 'one_to_one', 'sync', 'x'),
          command: fc.anything(),
          note: fc.anything(),
        })
        .map((m) => JSON.stringify(m)),
    );
    fc.assert(
      fc.property(anyFrame, (raw) => {
        const result = parseClientMessage(raw);
        if (!result.ok) {
          expect(PROTOCOL_ERRORS).toContain(result.error.code);
          expect(result.error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('roundCommandFor', () => {
  const parse = (message: unknown) => {
    const result = send(message);
    if (!result.ok) throw new Error(result.error.message);
    return result.message;
  };
  const noOrder = () => {
    throw new Error('only start needs an order');
  };

  it('turns start into the domain command with the order the server computed', () => {
    const present = [
      { id: 'gast-1', isGuest: true },
      { id: 'anna', isGuest: false },
    ];
    const message = parse({ v: 2, type: 'command', command: { type: 'start', mode: 'guests_last', secondsEach: 45 } });
    const start = roundCommandFor(message, (mode) => orderAttendees(present, mode, Math.random));
    expect(start).toEqual({ type: 'start', order: ['anna', 'gast-1'], secondsEach: 45 });
    // And the domain accepts what the protocol let through.
    expect(start && applyCommand(initialState(), start, { id: 'anna', isHost: true }, 0).ok).toBe(true);
  });

  it('maps the attendee messages and passes the other commands through', () => {
    const mapped = (message: unknown) => roundCommandFor(parse(message), noOrder);
    expect(mapped({ v: 2, type: 'pledge', note: 'Hallo' })).toEqual({ type: 'pledge', note: 'Hallo', forAttendeeId: undefined });
    expect(mapped({ v: 2, type: 'pledge', forAttendeeId: 'anna' })).toEqual({ type: 'pledge', note: null, forAttendeeId: 'anna' });
    expect(mapped({ v: 2, type: 'one_to_one', withAttendeeId: 'ben' })).toEqual({ type: 'request_one_to_one', withAttendeeId: 'ben' });
    expect(mapped({ v: 2, type: 'command', command: { type: 'skip', attendeeId: 'ben' } })).toEqual({ type: 'skip', attendeeId: 'ben' });
    expect(mapped({ v: 2, type: 'sync' })).toBeNull();
  });
});

describe('server messages', () => {
  const liveRound = () => {
    const start = { type: 'start', order: ['anna', 'ben'], secondsEach: 60 } as const;
    const result = applyCommand(initialState(), start, { id: 'anna', isHost: true }, 1_000);
    if (!result.ok) throw new Error(result.error);
    return foldEvents(result.events);
  };

  it('state carries the view, the server clock and what only this attendee sees, and survives JSON', () => {
    const state = liveRound();
    const message = stateMessage(view(state, 52_000), 52_000, attendeeView(state, 'anna'));
    expect(message).toMatchObject({
      v: 2,
      type: 'state',
      serverNow: 52_000,
      view: { currentSpeakerId: 'anna', remainingMs: 9_000, lastTenSeconds: true },
      personal: { pledgesReceived: [], oneToOneRequestsMade: [] },
    });
    expect(serverMessageSchema.parse(JSON.parse(JSON.stringify(message)))).toEqual(message);
  });

  it('the speaking order travels as ids (only when asked), one letter per speaker and the pledge counts', () => {
    let state = liveRound();
    // Anna has spoken, Ben speaks and got a pledge from Anna.
    for (const command of [{ type: 'next' }, { type: 'pledge', note: null, forAttendeeId: 'ben' }] as const) {
      const result = applyCommand(state, command, { id: 'anna', isHost: true }, 2_000);
      if (!result.ok) throw new Error(result.error);
      state = result.events.reduce(reduce, state);
    }
    const full = stateMessage(view(state, 3_000), 3_000);
    const compact = stateMessage(view(state, 3_000), 3_000, undefined, false);
    expect(full.type === 'state' && full.view).toMatchObject({ speakers: ['anna', 'ben'], slots: 'dp', pledgeCounts: { ben: 1 } });
    expect(compact.type === 'state' && compact.view).not.toHaveProperty('speakers');
    expect(compact).toEqual({ ...full, view: { ...(full.type === 'state' ? full.view : {}), speakers: undefined } });
    expect(serverMessageSchema.parse(JSON.parse(JSON.stringify(compact)))).toEqual(compact);
    expect(JSON.stringify(compact).length).toBeLessThan(JSON.stringify(full).length);
  });

  it('the speakers key names the list: the same ids give the same key, another order or split another', () => {
    const key = (ids: string[]) => speakersKey(ids.map((attendeeId) => ({ attendeeId })));
    expect(key(['anna', 'ben'])).toBe(key(['anna', 'ben']));
    expect(key(['anna', 'ben'])).not.toBe(key(['ben', 'anna']));
    expect(key(['ab', 'c'])).not.toBe(key(['a', 'bc']));
    expect(key([])).not.toBe(key(['anna']));
  });

  it('state of a waiting round validates too', () => {
    expect(serverMessageSchema.safeParse(stateMessage(view(initialState(), 0), 0)).success).toBe(true);
  });

  it('errors carry a stable code from the domain or the protocol', () => {
    expect(ERROR_CODES).toContain('not_host');
    expect(ERROR_CODES).toContain('malformed_json');
    expect(serverMessageSchema.parse(errorMessage('not_host'))).toEqual({ v: 2, type: 'error', code: 'not_host' });
    const withMessage = errorMessage('invalid_payload', 'command.seconds: too small');
    expect(serverMessageSchema.parse(withMessage)).toMatchObject({ message: 'command.seconds: too small' });
  });

  it('presence lists who has the round open', () => {
    expect(serverMessageSchema.parse(presenceMessage(['anna', 'gast-1']))).toEqual({
      v: 2,
      type: 'presence',
      online: ['anna', 'gast-1'],
    });
  });
});
