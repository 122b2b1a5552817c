/**
 * The live round under load: N WebSocket attendees (BENCH_ATTENDEES, default 1,000) and a host
 * who advances the round 20 times. Reports p50/p99 of the delay from the host's command to its
 * receipt by every attendee, and the server processes' memory (rss).
 *
 * Usage: npm run bench:live [one] [two]   (default: both)
 * - one: one instance (PGlite with its data directory on disk, or PostgreSQL with BENCH_ONE_ON_POSTGRES=1)
 * - two: two instances on one PostgreSQL (BENCH_DATABASE_URL, default the local server), the
 *   host and half the attendees on A, the other half on B: fan-out through LISTEN/NOTIFY.
 * Each app instance runs in a child process (live-server.ts), apart from the clients.
 * Targets: p99 < 50 ms on one instance, < 100 ms across two; < 300 MB per instance at 1,000.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../server/live-round/protocol.js';
import type { Fixture, ReadyMessage, StartMessage } from './live-server.js';

const ATTENDEES = Number(process.env.BENCH_ATTENDEES ?? 1_000);
const ADVANCES = 20;
const ORIGIN = 'http://localhost:3000';
const ADMIN_URL = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const serverScript = fileURLToPath(new URL('./live-server.ts', import.meta.url));

type Instance = { child: ChildProcess; port: number; fixture: Fixture | null };

async function startInstance(start: StartMessage): Promise<Instance> {
  // BENCH_SERVER_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=prof", profiles the server processes.
  const extra = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = fork(serverScript, [], { execArgv: ['--import', 'tsx', ...extra], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    child.once('message', (message) => resolve(message as ReadyMessage));
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.send(start);
  });
  return { child, port: ready.port, fixture: ready.fixture };
}

function rssMb(instance: Instance): Promise<number> {
  return new Promise((resolve) => {
    instance.child.once('message', (message) => resolve((message as { mb: number }).mb));
    instance.child.send({ type: 'rss' });
  });
}

async function stopInstance(instance: Instance) {
  const exited = new Promise((resolve) => instance.child.once('exit', resolve));
  instance.child.send({ type: 'stop' });
  await exited;
}

const STATE_PREFIX = `{"v":${PROTOCOL_VERSION},"type":"state"`;

/** A socket that notes when each round version first arrives. */
type Attendee = { socket: WebSocket; seen: Map<number, number>; stateBytes: number[] };

function connect(port: number, breakfastId: string, cookie: string): Promise<Attendee> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${port}/breakfasts/${breakfastId}/socket`, { headers: { cookie, origin: ORIGIN }, perMessageDeflate: false, skipUTF8Validation: true });
    const attendee: Attendee = { socket, seen: new Map(), stateBytes: [] };
    let first = true;
    socket.on('message', (data: Buffer) => {
      const at = performance.now();
      // The first "version" in a state message is the view's, within its first bytes: reading
      // those only keeps the clients' share of the measured delay small.
      const head = data.subarray(0, 120).toString();
      const match = head.startsWith(STATE_PREFIX) ? /"version":(\d+)/.exec(head) : null;
      if (!match) return;
      attendee.stateBytes.push(data.length);
      const version = Number(match[1]);
      if (!attendee.seen.has(version)) attendee.seen.set(version, at);
      if (first) {
        first = false;
        resolve(attendee);
      }
    });
    socket.once('error', reject);
  });
}

async function connectAll(targets: { port: number; cookie: string }[], breakfastId: string): Promise<Attendee[]> {
  const attendees: Attendee[] = [];
  for (let i = 0; i < targets.length; i += 100) {
    const batch = targets.slice(i, i + 100);
    attendees.push(...(await Promise.all(batch.map((t) => connect(t.port, breakfastId, t.cookie)))));
  }
  return attendees;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function run(name: string, instances: Instance[]) {
  const fixture = instances[0]!.fixture!;
  const targets = fixture.attendeeCookies.map((cookie, i) => ({ port: instances[i % instances.length]!.port, cookie }));
  const idle = await Promise.all(instances.map(rssMb));
  const connectStart = performance.now();
  const attendees = await connectAll(targets, fixture.breakfastId);
  const connectMs = performance.now() - connectStart;
  const host = await connect(instances[0]!.port, fixture.breakfastId, fixture.hostCookie);
  // Let the presence announcements of the arrivals settle before measuring.
  await new Promise((resolve) => setTimeout(resolve, 2_000));

  const delays: number[] = [];
  const worstPerAdvance: number[] = [];
  let version = Math.max(...host.seen.keys());
  for (let i = 0; i < ADVANCES; i++) {
    version++;
    const sent = performance.now();
    host.socket.send(JSON.stringify({ v: PROTOCOL_VERSION, type: 'command', command: { type: 'next' } }));
    const deadline = sent + 10_000;
    while (attendees.some((a) => !a.seen.has(version)) && performance.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 2));
    }
    const missing = attendees.filter((a) => !a.seen.has(version)).length;
    if (missing > 0) throw new Error(`${name}: ${missing} attendees never received version ${version}`);
    const these = attendees.map((a) => a.seen.get(version)! - sent);
    delays.push(...these);
    worstPerAdvance.push(Math.max(...these));
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const memory = await Promise.all(instances.map(rssMb));
  for (const a of [...attendees, host]) a.socket.terminate();

  delays.sort((x, y) => x - y);
  const ms = (n: number) => n.toFixed(1);
  console.log(`\n${name}: ${attendees.length} attendees on ${instances.length} instance(s), ${ADVANCES} advances`);
  console.log(`  connect all: ${ms(connectMs)} ms`);
  console.log(`  delay command → receipt (every attendee, every advance): p50 ${ms(percentile(delays, 50))} ms, p99 ${ms(percentile(delays, 99))} ms, max ${ms(delays.at(-1)!)} ms`);
  const sizes = attendees[0]!.stateBytes.slice(-ADVANCES).sort((x, y) => x - y);
  console.log(`  state message per attendee and advance: median ${percentile(sizes, 50)} bytes, max ${sizes.at(-1)} bytes`);
  console.log(`  last attendee per advance: median ${ms(percentile([...worstPerAdvance].sort((x, y) => x - y), 50))} ms (each: ${worstPerAdvance.map((w) => Math.round(w)).join(' ')})`);
  console.log(`  server rss: ${memory.map((mb) => `${mb} MB`).join(' + ')} (before the attendees connected: ${idle.map((mb) => `${mb} MB`).join(' + ')})`);
  return { p50: percentile(delays, 50), p99: percentile(delays, 99), memory };
}

async function oneInstance() {
  const onPostgres = process.env.BENCH_ONE_ON_POSTGRES === '1';
  const scratch = onPostgres ? await scratchDatabase() : null;
  // PGlite as `npm start` runs it: a data directory on disk, created (initdb, migrations, the
  // room) by one process and served by a fresh one, as after any restart. Creating a database
  // takes memory the creating process keeps; a server restarted on it does not carry that.
  const dataDir = onPostgres ? undefined : mkdtempSync(join(tmpdir(), 'kreis-bench-live-'));
  let fixture: Fixture | null = null;
  if (dataDir) {
    const creator = await startInstance({ type: 'start', dataDir, seedAttendees: ATTENDEES });
    fixture = creator.fixture;
    await stopInstance(creator);
  }
  const instance = await startInstance({ type: 'start', url: scratch?.url, dataDir, seedAttendees: dataDir ? undefined : ATTENDEES });
  instance.fixture ??= fixture;
  try {
    return await run(`one instance (${onPostgres ? 'PostgreSQL' : 'PGlite, data directory on disk'})`, [instance]);
  } finally {
    await stopInstance(instance);
    await scratch?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  }
}

async function twoInstances() {
  const scratch = await scratchDatabase();
  const a = await startInstance({ type: 'start', url: scratch.url, seedAttendees: ATTENDEES });
  const b = await startInstance({ type: 'start', url: scratch.url });
  try {
    return await run('two instances (PostgreSQL, LISTEN/NOTIFY)', [a, b]);
  } finally {
    await Promise.all([stopInstance(a), stopInstance(b)]);
    await scratch.drop();
  }
}

async function scratchDatabase() {
  const name = `kreis_bench_live_${randomBytes(6).toString('hex')}`;
  const admin = postgres(ADMIN_URL, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    url: url.href,
    async drop() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}

const args = process.argv.slice(2);
const chosen = args.length > 0 ? args : ['one', 'two'];
if (chosen.includes('one')) await oneInstance();
if (chosen.includes('two')) await twoInstances();
