/**
 * npm run test:kill-round [pglite] [postgres] — an instance killed in the middle of the intro round.
 *
 * Seeds a group (a host and two members) and a breakfast, starts the real server (server/main.ts
 * in a child process, as test:kill does) on a PGlite data directory or a scratch PostgreSQL
 * database (next to KILL_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/postgres), has
 * the host start the round over the WebSocket with both members connected, advances to the second
 * speaker, SIGKILLs the server, starts it again on the same database and reconnects the clients.
 * Every client must get the same speaker back, the same `endsAt` (server time), and a remaining
 * time within 1 s of what is left of the turn by the clock; then "next" must still work.
 * Exit code 0: all held; 1: a check failed; 2: could not run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from '../db/client.js';
import { createSession, SESSION_COOKIE } from '../server/auth/session.js';
import { randomToken, sha256Hex } from '../server/shared/tokens.js';
import { LiveClient } from '../tests/helpers/live.js';
import { seedBenchGroup } from './bench/seed-members.js';
import { createScratchPostgres, DEFAULT_ADMIN_URL } from './lib/scratch-postgres.js';
import { freePort, type ServerProcess, startServerProcess } from './lib/server-process.js';

type Target = 'pglite' | 'postgres';
const chosen = process.argv.slice(2).filter((a): a is Target => a === 'pglite' || a === 'postgres');
const targets: Target[] = chosen.length > 0 ? chosen : ['pglite', 'postgres'];
const SECONDS_EACH = 120;
const TOLERANCE_MS = 1_000;

type Result = { label: string; downMs: number; rows: { who: string; speakerSame: boolean; endsAtDiffMs: number; remainingMs: number; remainingErrorMs: number }[]; nextOk: boolean };

type Storage = { label: string; env: Record<string, string>; url: string | undefined; dataDir: string | undefined; dispose(): Promise<void> };

async function storage(target: Target): Promise<Storage> {
  if (target === 'pglite') {
    const dir = mkdtempSync(join(tmpdir(), 'kreis-kill-round-'));
    return { label: 'PGlite', env: { DATA_DIR: dir }, url: undefined, dataDir: dir, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
  }
  const scratch = await createScratchPostgres(process.env.KILL_DATABASE_URL ?? DEFAULT_ADMIN_URL, 'kreis_kill_round');
  return { label: 'PostgreSQL', env: { DATABASE_URL: scratch.url }, url: scratch.url, dataDir: undefined, dispose: scratch.dispose };
}

async function runTarget(target: Target): Promise<Result> {
  const store = await storage(target);
  let server: ServerProcess | null = null;
  const clients: LiveClient[] = [];
  try {
    // Seeded with no server running (PGlite: one process per data directory).
    const database = await openDatabase({ url: store.url, dataDir: store.dataDir, maxConnections: 2 });
    const { groupId } = await seedBenchGroup(database, 3, `round${Date.now()}`);
    const people = await database.query<{ id: string; account_id: string; role: string }>('select id, account_id, role from members where group_id = $1 order by slug', [groupId]);
    const host = people.find((p) => p.role === 'host')!;
    const [breakfast] = await database.query<{ id: string }>(
      'insert into breakfasts (group_id, starts_at, guest_token_hash, created_by) values ($1, now(), $2, $3) returning id',
      [groupId, sha256Hex(randomToken(32)), host.id],
    );
    const cookies = new Map<string, string>();
    for (const p of people) cookies.set(p.id, `${SESSION_COOKIE}=${(await createSession(database.db, p.account_id, new Date())).token}`);
    await database.close();
    const who = (id: string) => (id === host.id ? 'host' : `member ${people.filter((p) => p !== host).findIndex((p) => p.id === id) + 1}`);

    const port = await freePort();
    server = await startServerProcess({ port, env: store.env });
    const socketUrl = `ws://127.0.0.1:${port}/breakfasts/${breakfast!.id}/socket`;
    const connectAll = () => Promise.all(people.map((p) => LiveClient.connect(socketUrl, cookies.get(p.id)!, server!.url)));
    clients.push(...(await connectAll()));
    // Everyone is in the room (attendance recorded) once their first state has arrived.
    await Promise.all(clients.map((c) => c.waitForState(() => true, 0, 15_000)));
    const hostClient = clients[people.indexOf(host)]!;
    hostClient.command({ type: 'start', mode: 'roster', secondsEach: SECONDS_EACH });
    const started = await hostClient.waitForState((m) => m.view.status === 'running', 0, 10_000);
    const order = started.view.speakers ?? [];
    if (order.length !== 3) throw new Error(`expected 3 speakers, the round has ${order.length}`);
    const marks = clients.map((c) => c.messages.length);
    hostClient.command({ type: 'next' });
    const second = await Promise.all(clients.map((c, i) => c.waitForState((m) => m.view.currentSpeakerId === order[1], marks[i], 10_000)));
    const endsAt = second[0]!.view.endsAt!;
    // Some of the turn passes before the kill, so the countdown has really moved.
    await new Promise((resolve) => setTimeout(resolve, 1_500));

    const killedAt = Date.now();
    await server.kill();
    for (const c of clients.splice(0)) c.socket.terminate();
    server = await startServerProcess({ port, env: store.env });
    clients.push(...(await connectAll()));
    const back = await Promise.all(clients.map((c) => c.waitForState(() => true, 0, 15_000)));
    const receivedAt = Date.now();
    const downMs = receivedAt - killedAt;
    // Server and this script share the machine's clock: what is left of the turn is endsAt − now.
    const rows = back.map((m, i) => {
      // The remaining time each client is told (endsAt − serverNow), against the clock when the last one had it.
      const remainingMs = m.view.endsAt! - m.serverNow;
      return {
        who: who(people[i]!.id),
        speakerSame: m.view.currentSpeakerId === order[1] && m.view.status === 'running',
        endsAtDiffMs: (m.view.endsAt ?? NaN) - endsAt,
        remainingMs,
        remainingErrorMs: remainingMs - (endsAt - receivedAt),
      };
    });
    // The round goes on: "next" after the restart reaches everyone.
    const after = clients.map((c) => c.messages.length);
    clients[people.indexOf(host)]!.command({ type: 'next' });
    const nextOk = await Promise.all(clients.map((c, i) => c.waitForState((m) => m.view.currentSpeakerId === order[2], after[i], 10_000)))
      .then(() => true)
      .catch(() => false);
    return { label: store.label, downMs, rows, nextOk };
  } finally {
    for (const c of clients) c.socket.terminate();
    await server?.stop();
    await store.dispose();
  }
}

let exitCode = 0;
const started = performance.now();
try {
  for (const target of targets) {
    const result = await runTarget(target);
    console.log(`\n${result.label}: killed with SIGKILL on the second speaker, back and reconnected after ${(result.downMs / 1000).toFixed(1)} s`);
    console.log('| client | same speaker | endsAt − before (ms) | remaining after restart (s) | off by (ms) |');
    console.log('|---|---|---:|---:|---:|');
    for (const r of result.rows) {
      const ok = r.speakerSame && r.endsAtDiffMs === 0 && Math.abs(r.remainingErrorMs) <= TOLERANCE_MS;
      if (!ok) exitCode = 1;
      console.log(`| ${r.who} | ${r.speakerSame ? 'yes' : 'NO'} | ${r.endsAtDiffMs} | ${(r.remainingMs / 1000).toFixed(1)} | ${Math.round(r.remainingErrorMs)}${ok ? '' : ' FAILED'} |`);
    }
    console.log(`"next" after the restart reached every client: ${result.nextOk ? 'yes' : 'NO'}`);
    if (!result.nextOk) exitCode = 1;
  }
} catch (error) {
  console.error(error);
  exitCode = 2;
}
console.log(`\nkill mid-round: ${exitCode === 0 ? 'every client got the same round back' : 'FAILED'} (${((performance.now() - started) / 1000).toFixed(1)} s)`);
process.exit(exitCode);
