import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/auth/session.js';
import { GUEST_COOKIE } from '../../server/breakfasts/guests.js';
import { clientMessageSchema, PROTOCOL_VERSION, wireCommandSchema } from '../../server/live-round/protocol.js';
import { countRows } from '../helpers/app.js';
import { LiveClient, wsUrl } from '../helpers/live.js';
import { changedTables, createSecurityApp, type SecurityApp, snapshot } from '../helpers/security.js';
import { buildWorld, type World } from '../helpers/world/index.js';

/**
 * The authorization matrix of the live room's socket (/breakfasts/:id/socket): every client message
 * type — host commands one by one — × every kind of visitor. The list of message types comes from
 * the protocol's zod schema, so a new message type without a row fails the first test.
 *
 * Roles: host (Hanna, host of group A), member (Mia), guest (Gustav, registered through the
 * breakfast's guest link), otherGroup (Olga, host of group B), anonymous (no cookie; a forged guest cookie counts as none). Paula (giver)
 * is present too, as the fourth speaker. Roster order by name: Gustav, Hanna, Mia, Paula.
 *
 * Outcomes: 'applied' = a new round version reaches the sender and one more event is stored;
 * 'state' = the round comes back unchanged (sync); an error code = that error, and nothing is
 * written anywhere; otherGroup and anonymous never get a socket (404 / 401 at the upgrade).
 */

type Connected = 'host' | 'member' | 'guest';
type Outside = 'otherGroup' | 'anonymous';
type LiveRole = Connected | Outside;
const CONNECTED: Connected[] = ['host', 'member', 'guest'];
/** The upgrade's answer: "not found" for another group, the way to the login page for the signed-out. */
const OUTSIDE: Record<Outside, number> = { otherGroup: 404, anonymous: 303 };
type Outcome = 'applied' | 'state' | string;

type Context = { world: World; ids: Record<Connected | 'giver', string> };
type Row = {
  /** `command:<type>` for host commands, else the message type. */
  type: string;
  message: (c: Context, role: Connected) => Record<string, unknown>;
  /** Run by the host before the row, to bring the round where the row's message makes sense. */
  prepare?: Record<string, unknown>;
  expect: Record<Connected, Outcome>;
};

const v = PROTOCOL_VERSION;
const command = (body: Record<string, unknown>) => ({ v, type: 'command', command: body });
const hostOnly: Record<Connected, Outcome> = { host: 'applied', member: 'not_host', guest: 'not_host' };

// In this order: each host command finds the round where it can act.
const TABLE: Row[] = [
  { type: 'command:start', message: () => command({ type: 'start', mode: 'roster', secondsEach: 60 }), expect: hostOnly },
  { type: 'command:next', message: () => command({ type: 'next' }), expect: hostOnly },
  { type: 'command:previous', message: () => command({ type: 'previous' }), expect: hostOnly },
  { type: 'command:pause', message: () => command({ type: 'pause' }), expect: hostOnly },
  { type: 'command:resume', message: () => command({ type: 'resume' }), expect: hostOnly },
  { type: 'command:extend', message: () => command({ type: 'extend', seconds: 30 }), expect: hostOnly },
  { type: 'command:skip', message: (c) => command({ type: 'skip', attendeeId: c.ids.member }), expect: hostOnly },
  { type: 'command:move_up', message: (c) => command({ type: 'move_up', attendeeId: c.ids.giver }), expect: hostOnly },
  {
    // Paula speaks (after a "next"): everybody may pledge her a referral, once.
    type: 'pledge',
    prepare: command({ type: 'next' }),
    message: (c) => ({ v, type: 'pledge', note: 'Kenne jemanden', forAttendeeId: c.ids.giver }),
    expect: { host: 'applied', member: 'applied', guest: 'applied' },
  },
  {
    type: 'one_to_one',
    message: (c) => ({ v, type: 'one_to_one', withAttendeeId: c.ids.giver }),
    expect: { host: 'applied', member: 'applied', guest: 'applied' },
  },
  { type: 'sync', message: () => ({ v, type: 'sync' }), expect: { host: 'state', member: 'state', guest: 'state' } },
  { type: 'command:end', message: () => command({ type: 'end' }), expect: hostOnly },
];

/** Every client message type the protocol accepts, host commands one by one. */
function protocolTypes(): string[] {
  const commands = wireCommandSchema.options.map((o) => `command:${o.shape.type.value}`);
  const others = clientMessageSchema.options.map((o) => o.shape.type.value).filter((type) => type !== 'command');
  return [...commands, ...others];
}

describe('authorization of the live socket: every message type × every role', () => {
  let t: SecurityApp;
  let w: World;
  let url: string;
  let cookies: Record<LiveRole | 'giver', string>;
  const clients = {} as Record<Connected | 'giver', LiveClient>;
  let ctx: Context;
  const seen: string[] = [];

  beforeAll(async () => {
    t = await createSecurityApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    w = await buildWorld(t);
    url = wsUrl(t.app, w.breakfast.id);
    cookies = {
      host: `${SESSION_COOKIE}=${w.tokens.host}`,
      member: `${SESSION_COOKIE}=${w.tokens.member}`,
      giver: `${SESSION_COOKIE}=${w.tokens.giver}`,
      otherGroup: `${SESSION_COOKIE}=${w.tokens.otherGroup}`,
      guest: `${GUEST_COOKIE}=${w.guest.token}`,
      anonymous: '',
    };
    ctx = {
      world: w,
      ids: { host: w.people.host.member.id, member: w.people.member.member.id, giver: w.people.giver.member.id, guest: w.guest.id },
    };
  }, 180_000);
  afterAll(async () => {
    await Promise.all(Object.values(clients).map((c) => c.close()));
    await t?.close();
  });

  it('every client message type of the protocol has a row, and every row a message type', () => {
    const types = protocolTypes();
    const rows = TABLE.map((row) => row.type);
    expect(types.length).toBeGreaterThanOrEqual(12);
    expect(types.filter((type) => !rows.includes(type)), 'message types without a row').toEqual([]);
    expect(rows.filter((type) => !types.includes(type)), 'rows for message types the protocol does not have').toEqual([]);
    expect(new Set(rows).size).toBe(rows.length);
  });

  it('who may connect: host, member and the guest of this breakfast; not another group, not anonymous, not a guest of another breakfast', async () => {
    for (const role of [...CONNECTED, 'giver'] as const) {
      clients[role] = await LiveClient.connect(url, cookies[role]);
      await clients[role].waitForState(() => true);
    }
    for (const [role, status] of Object.entries(OUTSIDE)) {
      await expect(LiveClient.connect(url, cookies[role as Outside]), role).rejects.toThrow(`upgrade refused: ${status}`);
    }
    // Gustav's cookie opens only his breakfast: not the spare one of the same group.
    await expect(LiveClient.connect(wsUrl(t.app, w.spare.id), cookies.guest)).rejects.toThrow('upgrade refused: 303');
    // A forged guest cookie opens nothing.
    await expect(LiveClient.connect(url, `${GUEST_COOKIE}=${'x'.repeat(43)}`)).rejects.toThrow('upgrade refused: 303');
  });

  const runs = TABLE.flatMap((row) => {
    // Refused roles first, so each tries while there is still something to take.
    const order = [...CONNECTED].sort((a, b) => Number(row.expect[a] === 'applied') - Number(row.expect[b] === 'applied'));
    return [
      ...(['otherGroup', 'anonymous'] as const).map((role) => ({ row, role: role as LiveRole, title: `${row.type} as ${role} → no socket (${OUTSIDE[role]})` })),
      ...order.map((role) => ({ row, role: role as LiveRole, title: `${row.type} as ${role} → ${row.expect[role]}` })),
    ];
  });

  it.each(runs)('$title', async ({ row, role }) => {
    if (row.prepare && role === runs.find((r) => r.row === row)!.role) {
      const from = clients.host.messages.length;
      clients.host.send(row.prepare);
      await clients.host.waitFor((m) => m.type === 'state' || m.type === 'error', from);
    }
    if (role === 'otherGroup' || role === 'anonymous') {
      await expect(LiveClient.connect(url, cookies[role])).rejects.toThrow(`upgrade refused: ${OUTSIDE[role]}`);
      seen.push(`${row.type}/${role}`);
      return;
    }
    const client = clients[role];
    const expected = row.expect[role];
    // The round's version is the number of its stored events (another client's view may lag behind).
    const events = await countRows(t.database, 'round_events', 'breakfast_id = $1', [w.breakfast.id]);
    const before = expected === 'applied' ? null : await snapshot(t.database);
    const version = events;
    const from = client.messages.length;
    client.send(row.message(ctx, role));
    if (expected === 'applied') {
      const state = await client.waitForState((m) => m.view.version > version, from);
      expect(state.view.version).toBe(version + 1);
      expect(await countRows(t.database, 'round_events', 'breakfast_id = $1', [w.breakfast.id])).toBe(events + 1);
    } else if (expected === 'state') {
      const state = await client.waitForState((m) => m.view.version >= version, from);
      expect(state.view.version).toBe(version);
    } else {
      const answer = await client.waitFor((m) => m.type === 'error' || m.type === 'state', from);
      expect(answer).toMatchObject({ type: 'error', code: expected });
    }
    if (before) expect(changedTables(before, await snapshot(t.database)), `${row.type} as ${role} wrote`).toEqual([]);
    seen.push(`${row.type}/${role}`);
  });

  it('the round ended as the host led it, with the pledges and one-to-one requests of all three', async () => {
    await clients.member.waitForState((m) => m.view.status === 'ended');
    const rows = await t.database.query<{ type: string }>("select event->>'type' as type from round_events where breakfast_id = $1 order by seq", [w.breakfast.id]);
    expect(rows.map((r) => r.type)).toEqual([
      'round_started',
      'advanced_to_next',
      'went_back_to_previous',
      'round_paused',
      'round_resumed',
      'time_extended',
      'speaker_skipped',
      'speaker_moved_up',
      'advanced_to_next',
      'pledge_made',
      'pledge_made',
      'pledge_made',
      'one_to_one_requested',
      'one_to_one_requested',
      'one_to_one_requested',
      'round_ended',
    ]);
    expect(seen).toHaveLength(runs.length);
  });

  it('no socket message carries contact data or client data, to anyone', async () => {
    const secrets = [
      ...Object.values(w.people).map((p) => p.email),
      'Claudia Vertraulich',
      'Ralf Zweitkunde',
      w.answered.comment,
      'klara@example.org',
    ];
    for (const [role, client] of Object.entries(clients)) {
      const text = JSON.stringify(client.messages);
      for (const secret of secrets) expect(text.includes(secret), `${secret} sent to ${role}`).toBe(false);
    }
  });
});
