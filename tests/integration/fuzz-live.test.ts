import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/auth/session.js';
import { GUEST_COOKIE } from '../../server/breakfasts/guests.js';
import { MAX_SOCKET_FRAME_BYTES } from '../../server/live-round/routes.js';
import { clientMessageSchema, ERROR_CODES, MAX_MESSAGE_LENGTH, PROTOCOL_VERSION, wireCommandSchema } from '../../server/live-round/protocol.js';
import { countRows } from '../helpers/app.js';
import { fuzzRuns, hostileJsonValue, hostileString, SCRIPT } from '../helpers/fuzz.js';
import { LiveClient, wsUrl } from '../helpers/live.js';
import { browserAs, changedTables, createSecurityApp, type SecurityApp, snapshot } from '../helpers/security.js';
import { buildWorld, type World } from '../helpers/world/index.js';

/**
 * Bad input to the live room's socket: random frames (not JSON, wrong JSON, huge, binary) and, for
 * every client message type of the protocol (host commands one by one, taken from the zod schema),
 * messages of that type with hostile field values, from the host, a member and a guest.
 *
 * What must hold: every frame gets an answer — an error with a code of the protocol, or the round's
 * state — and the socket stays open; nothing is logged at level error; a refused message writes
 * nothing (every table but `sessions` unchanged). Valid messages may apply (the host's "next").
 * FUZZ_RUNS=300 for a long soak.
 */

const RUNS = fuzzRuns(60);
type Role = 'host' | 'member' | 'guest';
const ROLES: Role[] = ['host', 'member', 'guest'];
/** The socket drops messages past 40 in 10 s (flood guard): a fresh socket before that. */
const MESSAGES_PER_SOCKET = 35;

/** Every client message type, host commands one by one; "end" last, so the others meet a running round. */
function messageTypes(): string[] {
  const commands = wireCommandSchema.options.map((o) => `command:${o.shape.type.value}`);
  const types = [...commands, ...clientMessageSchema.options.map((o) => o.shape.type.value).filter((type) => type !== 'command')];
  return [...types.filter((type) => type !== 'command:end'), 'command:end'];
}

const v = PROTOCOL_VERSION;
const FIELDS = ['mode', 'secondsEach', 'seconds', 'attendeeId', 'note', 'forAttendeeId', 'withAttendeeId', 'v', 'type', 'command', '__proto__', 'constructor'];

/** A message of this type whose fields are hostile: wrong types, edge numbers, huge or broken strings, extras. */
function messageOfType(type: string, ids: string[]): fc.Arbitrary<unknown> {
  const [kind, commandType] = type.split(':') as [string, string | undefined];
  const value = fc.oneof(hostileJsonValue, fc.constantFrom(...ids), fc.constantFrom('roster', 'random', 'guests_last'), fc.integer({ min: -100, max: 1000 }));
  const fields = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 });
  const version = fc.oneof({ arbitrary: fc.constant<unknown>(v), weight: 8 }, { arbitrary: hostileJsonValue, weight: 1 });
  return fc.tuple(fields, version).map(([f, version]) => {
    const { v: _v, type: _t, command: _c, ...rest } = f;
    return kind === 'command' ? { v: version, type: 'command', command: { ...rest, type: commandType } } : { ...rest, v: version, type: kind };
  });
}

/** A raw frame: anything a broken or hostile client might send. */
const rawFrame: fc.Arbitrary<string | Buffer> = fc.oneof(
  hostileString,
  fc.jsonValue({ maxDepth: 4 }).map((value) => JSON.stringify(value)),
  fc.constantFrom('', '{', '[]', 'null', `{"v":${v}}`, `{"v":${v},"type":"nope"}`, '{"v":99,"type":"sync"}', `{"v":"${v}","type":"sync"}`, `{"__proto__":{"v":${v}},"type":"sync"}`),
  fc.integer({ min: MAX_MESSAGE_LENGTH + 1, max: 60_000 }).map((n) => `{"v":${v},"type":"pledge","note":"${'x'.repeat(n)}"}`),
  fc.uint8Array({ minLength: 1, maxLength: 64 }).map((bytes) => Buffer.from(bytes)),
);

describe('hostile frames on the live socket', () => {
  let t: SecurityApp;
  let w: World;
  let url: string;
  let cookies: Record<Role, string>;
  let ids: string[];
  const pool = new Map<Role, { client: LiveClient; sent: number }>();
  const totals = { cases: 0, refused: 0, applied: 0, state: 0, closed: 0 };
  const codes = new Map<string, number>();

  beforeAll(async () => {
    t = await createSecurityApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    w = await buildWorld(t);
    url = wsUrl(t.app, w.breakfast.id);
    cookies = {
      host: `${SESSION_COOKIE}=${w.tokens.host}`,
      member: `${SESSION_COOKIE}=${w.tokens.member}`,
      guest: `${GUEST_COOKIE}=${w.guest.token}`,
    };
    ids = [w.people.host.member.id, w.people.member.member.id, w.guest.id, w.people.giver.member.id, '00000000-0000-4000-8000-000000000000'];
    // Paula is present too, so a round has someone besides the fuzzing roles.
    const paula = await LiveClient.connect(url, `${SESSION_COOKIE}=${w.tokens.giver}`);
    await paula.waitForState(() => true);
  }, 180_000);
  afterAll(async () => {
    // eslint-disable-next-line no-console
    console.info(
      `fuzz-live: ${totals.cases} frames — ${totals.refused} refused with an error, ${totals.applied} applied, ${totals.state} answered with the state, ${totals.closed} over ${MAX_SOCKET_FRAME_BYTES} bytes closed their socket;`,
      `error codes: ${JSON.stringify(Object.fromEntries(codes))}`,
    );
    await Promise.all([...pool.values()].map((p) => p.client.close()));
    await t?.close();
  });

  async function clientFor(role: Role): Promise<LiveClient> {
    const current = pool.get(role);
    if (current && current.sent < MESSAGES_PER_SOCKET && current.client.socket.readyState === current.client.socket.OPEN) {
      current.sent++;
      return current.client;
    }
    await current?.client.close();
    const client = await LiveClient.connect(url, cookies[role]);
    await client.waitForState(() => true);
    pool.set(role, { client, sent: 1 });
    return client;
  }

  /** Sends one frame and checks the answer; returns what happened. */
  async function exchange(role: Role, frame: unknown) {
    const client = await clientFor(role);
    const before = await snapshot(t.database);
    const events = await countRows(t.database, 'round_events', 'breakfast_id = $1', [w.breakfast.id]);
    const from = client.messages.length;
    const data = Buffer.isBuffer(frame) ? frame : typeof frame === 'string' ? frame : (JSON.stringify(frame) ?? '');
    if (Buffer.byteLength(data) > MAX_SOCKET_FRAME_BYTES) {
      // Past the frame limit the WebSocket layer closes this socket (1009), before any parsing.
      const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
      client.socket.send(data);
      expect(await closed).toBe(1009);
      expect(changedTables(before, await snapshot(t.database))).toEqual([]);
      totals.cases++;
      totals.closed++;
      return { v, type: 'closed' };
    }
    if (Buffer.isBuffer(data)) client.socket.send(data, { binary: true });
    else client.send(data);
    const answer = await client.waitFor((m) => m.type === 'error' || m.type === 'state', from);
    totals.cases++;
    expect(client.socket.readyState, 'the socket stays open').toBe(client.socket.OPEN);
    if (answer.type === 'error') {
      totals.refused++;
      codes.set(String(answer.code), (codes.get(String(answer.code)) ?? 0) + 1);
      expect(ERROR_CODES as readonly string[]).toContain(answer.code);
      expect(changedTables(before, await snapshot(t.database)), `refused (${String(answer.code)}) but wrote`).toEqual([]);
    } else {
      const after = await countRows(t.database, 'round_events', 'breakfast_id = $1', [w.breakfast.id]);
      if (after > events) {
        totals.applied++;
        // Every socket gets the change: wait until each has it, so no late copy is taken for the next answer.
        await Promise.all(
          [...pool.values()]
            .filter((p) => p.client.socket.readyState === p.client.socket.OPEN)
            .map((p) => p.client.waitForState((m) => m.view.version >= after)),
        );
      } else totals.state++;
    }
    return answer;
  }

  it('random frames of every kind: always an answer, never an error in the log', async () => {
    const logged = t.errorLogs.length;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROLES), rawFrame, async (role, frame) => {
        await exchange(role, frame);
      }),
      { numRuns: RUNS, endOnFailure: true },
    );
    expect(t.errorLogs.slice(logged)).toEqual([]);
  }, 120_000);

  it('the host starts a round, so the hostile messages below meet a running one', async () => {
    const host = await clientFor('host');
    const member = await clientFor('member');
    await clientFor('guest');
    await member.waitFor((m) => m.type === 'presence' && (m.online as string[]).length >= 4);
    const answer = await exchange('host', { v, type: 'command', command: { type: 'start', mode: 'roster', secondsEach: 60 } });
    expect(answer.type).toBe('state');
    expect(host.latestState()!.view.status).toBe('running');
  });

  it.each(messageTypes())('message type %s with hostile fields, from host, member and guest', async (type) => {
    const logged = t.errorLogs.length;
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...ROLES), messageOfType(type, ids), async (role, message) => {
        const answer = await exchange(role, message);
        // Host commands are the host's alone, whatever the payload.
        if (type.startsWith('command:') && role !== 'host' && answer.type === 'error') {
          expect(['not_host', 'invalid_payload', 'wrong_version', 'too_large']).toContain(answer.code);
        }
        if (type.startsWith('command:') && role !== 'host') expect(answer.type).not.toBe('state');
      }),
      { numRuns: Math.max(5, Math.round(RUNS / 4)), endOnFailure: true },
    );
    expect(t.errorLogs.slice(logged)).toEqual([]);
  }, 120_000);

  it('a text frame that is not UTF-8 closes that socket only (1007), logged as the client\'s mistake', async () => {
    const logged = t.errorLogs.length;
    const client = await LiveClient.connect(url, cookies.guest);
    await client.waitForState(() => true);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.socket.send(Buffer.from([0x7b, 0xff, 0xfe, 0xc3, 0x28, 0x7d]), { binary: false });
    expect(await closed).toBe(1007);
    expect((await exchange('guest', { v, type: 'sync' })).type).toBe('state');
    expect(t.errorLogs.slice(logged)).toEqual([]);
  });

  it('a frame over the socket limit closes that socket only; the room goes on', async () => {
    const client = await LiveClient.connect(url, cookies.member);
    await client.waitForState(() => true);
    const closed = new Promise<number>((resolve) => client.socket.once('close', (code) => resolve(code)));
    client.send('x'.repeat(70 * 1024));
    expect(await closed).toBe(1009);
    const again = await exchange('member', { v, type: 'sync' });
    expect(again.type).toBe('state');
  });

  it('a pledge note with <script> renders escaped in the live room, the summary and the giver\'s drafts', async () => {
    const host = await clientFor('host');
    const member = await clientFor('member');
    // A fresh round: end whatever the fuzz left running, then start with everyone present.
    const state = host.latestState();
    if (state && state.view.status !== 'waiting' && state.view.status !== 'ended') {
      const from = host.messages.length;
      host.command({ type: 'end' });
      await host.waitFor((m) => m.type === 'state' || m.type === 'error', from);
    }
    const started = host.messages.length;
    host.command({ type: 'start', mode: 'roster', secondsEach: 60 });
    const answer = await host.waitFor((m) => m.type === 'state' || m.type === 'error', started);
    if (answer.type === 'error') {
      // The fuzz ended the round already (one round per breakfast): use the spare breakfast's room.
      expect(answer.code).toMatch(/ended|already_started/);
    }
    const live = answer.type === 'state' ? { url, host, member } : await spareRoom();
    // The member pledges to whoever speaks now, with a note that tries to be a script.
    let from = live.member.messages.length;
    live.member.send({ v, type: 'pledge', note: `${SCRIPT} Kundin sucht Hilfe` });
    const pledged = await live.member.waitFor((m) => m.type === 'state' || m.type === 'error', from);
    if (pledged.type === 'error') {
      // The member speaks first: the host moves on, then the member pledges.
      from = live.host.messages.length;
      live.host.command({ type: 'next' });
      await live.host.waitFor((m) => m.type === 'state', from);
      from = live.member.messages.length;
      live.member.send({ v, type: 'pledge', note: `${SCRIPT} Kundin sucht Hilfe` });
      expect((await live.member.waitFor((m) => m.type === 'state' || m.type === 'error', from)).type).toBe('state');
    }
    from = live.host.messages.length;
    live.host.command({ type: 'end' });
    await live.host.waitForState((m) => m.view.status === 'ended', from);

    const breakfastId = live.url.split('/breakfasts/')[1]!.split('/')[0]!;
    const pages = [`/breakfasts/${breakfastId}/live`, `/breakfasts/${breakfastId}/summary`, `/breakfasts/${breakfastId}`, '/referrals'];
    let shown = 0;
    for (const role of ['member', 'host', 'giver', 'receiver'] as const) {
      const browser = await browserAs(t.app, w, role);
      for (const page of pages) {
        const response = await browser.get(page);
        expect(response.body.includes(SCRIPT), `raw <script> on ${page} as ${role}`).toBe(false);
        if (response.body.includes('&lt;script&gt;alert(1)&lt;/script&gt; Kundin sucht Hilfe')) shown++;
      }
    }
    expect(shown, 'the note was shown (escaped) somewhere').toBeGreaterThan(0);
  });

  async function spareRoom() {
    const spareUrl = wsUrl(t.app, w.spare.id);
    const host = await LiveClient.connect(spareUrl, cookies.host);
    const member = await LiveClient.connect(spareUrl, cookies.member);
    await Promise.all([host.waitForState(() => true), member.waitForState(() => true)]);
    const from = host.messages.length;
    host.command({ type: 'start', mode: 'roster', secondsEach: 60 });
    await host.waitForState((m) => m.view.status === 'running', from);
    return { url: spareUrl, host, member };
  }
});
