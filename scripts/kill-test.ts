/**
 * npm run test:kill [pglite] [postgres] [--short]  — no lost writes.
 *
 * Starts the real server (server/main.ts in a child process) on a seeded group, sends concurrent
 * referral creations (POST /referrals/new as logged-in members) and client feedback submissions
 * (POST /f/:token), SIGKILLs the server in the middle, and checks that every write that was
 * acknowledged — a 303 to the new referral's link page, or the feedback's thank-you page (200) —
 * is in the database with its trust events, and that every ledger chain verifies. Then it starts
 * the server again on the same data and does it again (KILL_ROUNDS, default 4; --short: one
 * round per database for CI). Sessions are reused across kills, so they survive too.
 *
 * PGlite: a temporary DATA_DIR (removed afterwards); PostgreSQL: a scratch database next to
 * KILL_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres), dropped afterwards.
 * Exit code 0: nothing lost; 1: something lost or the ledger broken; 2: could not run.
 * KILL_SELF_CHECK=1 adds one made-up acknowledged write, to see the check fail (exit code 1).
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Database, openDatabase } from '../db/client.js';
import { verifyLedger } from '../server/ledger/verify.js';
import { BENCH_PASSWORD, seedBenchGroup } from './bench/seed-members.js';
import { createScratchPostgres, DEFAULT_ADMIN_URL } from './lib/scratch-postgres.js';
import { freePort, type ServerProcess, startServerProcess } from './lib/server-process.js';
import { createdReferral, FEEDBACK_ANSWERS, referralForm, SiteClient } from './lib/site-client.js';

type Target = 'pglite' | 'postgres';
const args = process.argv.slice(2);
const short = args.includes('--short');
const chosen = args.filter((a): a is Target => a === 'pglite' || a === 'postgres');
const targets: Target[] = chosen.length > 0 ? chosen : ['pglite', 'postgres'];
const ROUNDS = Number(process.env.KILL_ROUNDS ?? (short ? 1 : 4));
const MEMBERS = 12;
/** Concurrent writers: each is one logged-in member who gives referrals or fills in a client's link. */
const WRITERS = short ? 8 : 12;
/**
 * The kill comes in the middle of the writes: once this many were acknowledged in the round (so
 * a slow, busy machine still gets real traffic before it), after a further random 0–400 ms.
 */
const ACKS_BEFORE_KILL = short ? { referrals: 5, feedback: 2 } : { referrals: 20, feedback: 8 };
const ADMIN_URL = process.env.KILL_DATABASE_URL ?? DEFAULT_ADMIN_URL;

type Ledger = {
  referrals: string[];
  feedback: string[];
  /** Acknowledged referrals whose client has not answered yet: the feedback writers take these. */
  openLinks: { id: string; token: string }[];
  unexpected: string[];
};

type Storage = {
  label: string;
  env: Record<string, string>;
  /** Opens the data as the server left it (PGlite: only while no server runs on the directory). */
  open(): Promise<Database>;
  dispose(): Promise<void>;
};

async function pgliteStorage(): Promise<Storage> {
  const dir = mkdtempSync(join(tmpdir(), 'kreis-kill-'));
  return {
    label: 'PGlite',
    env: { DATA_DIR: dir },
    open: () => openDatabase({ dataDir: dir }),
    async dispose() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

async function postgresStorage(): Promise<Storage> {
  const scratch = await createScratchPostgres(ADMIN_URL, 'kreis_kill');
  return {
    label: 'PostgreSQL',
    env: { DATABASE_URL: scratch.url },
    open: () => openDatabase({ url: scratch.url, maxConnections: 2 }),
    dispose: scratch.dispose,
  };
}

/** Every acknowledged write is there, with its trust events; every chain verifies. */
async function check(database: Database, ledger: Ledger): Promise<{ lost: string[]; events: number }> {
  const lost: string[] = [];
  const referrals = new Set((await database.query<{ id: string }>('select id from referrals')).map((r) => r.id));
  const feedback = new Set((await database.query<{ referral_id: string }>('select referral_id from feedback')).map((r) => r.referral_id));
  const events = new Map<string, Set<string>>();
  for (const row of await database.query<{ referral_id: string; kind: string }>('select referral_id, kind from trust_events where referral_id is not null')) {
    const kinds = events.get(row.referral_id) ?? new Set();
    kinds.add(row.kind);
    events.set(row.referral_id, kinds);
  }
  for (const id of ledger.referrals) {
    if (!referrals.has(id)) lost.push(`referral ${id}`);
    else if (!events.get(id)?.has('referral_given')) lost.push(`referral_given event of ${id}`);
  }
  for (const id of ledger.feedback) {
    if (!feedback.has(id)) lost.push(`feedback on ${id}`);
    else if (!events.get(id)?.has('feedback') || !events.get(id)?.has('referrer_feedback')) lost.push(`feedback events of ${id}`);
  }
  const report = await verifyLedger(database.db);
  if (report.firstBreak) lost.push(`ledger broken in group ${report.firstBreak.groupId} at seq ${report.firstBreak.seq}: ${report.firstBreak.reason}`);
  return { lost, events: report.events };
}

/** One writer until the server goes away: gives a referral, or answers an open client link. */
async function write(writer: SiteClient, receivers: string[], ledger: Ledger, stopped: () => boolean, n: { value: number }) {
  while (!stopped()) {
    const link = Math.random() < 0.5 ? ledger.openLinks.shift() : undefined;
    try {
      if (link) {
        // The client's own browser: a fresh address each time (the /f/ rate limit counts per address).
        const client = new SiteClient(writer.baseUrl);
        const response = await client.post(`/f/${link.token}`, FEEDBACK_ANSWERS);
        if (response.status === 200 && response.body.includes('thanks-mark')) ledger.feedback.push(link.id);
        else ledger.unexpected.push(`POST /f/… answered ${response.status}`);
      } else {
        const receiver = receivers[n.value++ % receivers.length]!;
        const response = await writer.post('/referrals/new', referralForm(receiver, n.value));
        const created = createdReferral(writer, response);
        if (created) {
          ledger.referrals.push(created.id);
          ledger.openLinks.push(created);
        } else ledger.unexpected.push(`POST /referrals/new answered ${response.status} ${response.location ?? ''}`);
      }
    } catch {
      // The connection died with the server: no answer, so nothing was promised. A link taken
      // but not answered goes back: its referral was acknowledged, the link must still work.
      if (link) ledger.openLinks.push(link);
      if (!stopped()) await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function runTarget(target: Target): Promise<{ label: string; acknowledged: number; referrals: number; feedback: number; kills: number; lost: number; events: number; recoveryMs: number[] }> {
  const storage = target === 'pglite' ? await pgliteStorage() : await postgresStorage();
  let server: ServerProcess | null = null;
  try {
    // Seed with the server stopped (PGlite: one process per data directory).
    const seeding = await storage.open();
    const { groupId } = await seedBenchGroup(seeding, MEMBERS, `kill${Date.now()}`);
    const people = await seeding.query<{ id: string; email: string }>(
      'select m.id, a.email from members m join accounts a on a.id = m.account_id where m.group_id = $1 order by m.slug',
      [groupId],
    );
    await seeding.close();

    const port = await freePort();
    const env = { ...storage.env, TRUST_PROXY: 'true' };
    const ledger: Ledger = { referrals: [], feedback: [], openLinks: [], unexpected: [] };
    const recoveryMs: number[] = [];
    let started: number;
    server = await startServerProcess({ port, env });
    const writers = people.slice(0, WRITERS).map(() => new SiteClient(server!.url));
    await Promise.all(writers.map((w, i) => w.login(people[i]!.email, BENCH_PASSWORD)));
    const n = { value: 0 };
    let events = 0;
    let kills = 0;
    const summary = (lost: number) => ({
      label: storage.label,
      acknowledged: ledger.referrals.length + ledger.feedback.length,
      referrals: ledger.referrals.length,
      feedback: ledger.feedback.length,
      kills,
      lost,
      events,
      recoveryMs,
    });
    /** Opens the data with no server running on it and checks every acknowledged write so far. */
    const checkNow = async (heading: string) => {
      const database = await storage.open();
      const result = await check(database, ledger);
      await database.close();
      events = result.events;
      const count = ledger.referrals.length + ledger.feedback.length;
      console.log(`${heading} all ${count} acknowledged so far present: ${result.lost.length === 0 ? 'yes' : 'NO'}; ledger ${result.events} events verified`);
      for (const what of result.lost.slice(0, 20)) console.error(`  LOST: ${what}`);
      return summary(result.lost.length);
    };
    // KILL_SELF_CHECK=1: one made-up "acknowledged" referral, which the check must report as lost.
    if (process.env.KILL_SELF_CHECK === '1') ledger.referrals.push(randomUUID());

    for (let round = 1; round <= ROUNDS; round++) {
      let killed = false;
      const before = { referrals: ledger.referrals.length, feedback: ledger.feedback.length };
      const running = writers.map((w, i) =>
        write(w, people.filter((p) => p.id !== people[i]!.id).map((p) => p.id), ledger, () => killed, n),
      );
      const roundStart = performance.now();
      const enough = () =>
        ledger.referrals.length - before.referrals >= ACKS_BEFORE_KILL.referrals && ledger.feedback.length - before.feedback >= ACKS_BEFORE_KILL.feedback;
      while (!enough() && performance.now() - roundStart < 60_000) await new Promise((resolve) => setTimeout(resolve, 10));
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 400));
      const killAfter = performance.now() - roundStart;
      killed = true;
      await server.kill();
      kills++;
      await Promise.all(running);

      const acknowledged = `acknowledged this round: ${ledger.referrals.length - before.referrals} referrals, ${ledger.feedback.length - before.feedback} feedback`;
      // PostgreSQL: check after every kill. PGlite: every other round, look at the data exactly as
      // the killed server left it (opening it here replays the WAL); in the other rounds the
      // restarted server recovers the directory itself, and a later check covers those writes.
      if (target === 'postgres' || round % 2 === 0) {
        const result = await checkNow(`${storage.label} round ${round}: killed after ${Math.round(killAfter)} ms; ${acknowledged};`);
        if (result.lost > 0) return result;
      } else {
        console.log(`${storage.label} round ${round}: killed after ${Math.round(killAfter)} ms; ${acknowledged}; the server recovers the data itself on restart`);
      }
      // Restart on the same data; the same port, so the writers' cookies and Origin stay valid.
      started = performance.now();
      server = await startServerProcess({ port, env });
      recoveryMs.push(performance.now() - started);
    }
    // The last restart must serve the writers' old sessions: a page that needs a log-in.
    const page = await writers[0]!.get('/referrals');
    if (page.status !== 200) ledger.unexpected.push(`GET /referrals after the last restart answered ${page.status}`);
    // And a client link acknowledged before a kill but not answered yet still opens its form.
    const waiting = ledger.openLinks[0];
    if (waiting) {
      const form = await new SiteClient(server.url).get(`/f/${waiting.token}`);
      if (form.status !== 200 || !form.body.includes('name="rating"')) ledger.unexpected.push(`GET /f/… after the last restart answered ${form.status}`);
    }
    await server.stop();
    server = null;
    const final = await checkNow(`${storage.label} after the last restart and a graceful stop:`);
    if (final.lost > 0) return final;
    if (ledger.unexpected.length > 0) {
      console.error(`${storage.label}: ${ledger.unexpected.length} unexpected answers (not connection errors):`);
      for (const line of [...new Set(ledger.unexpected)].slice(0, 10)) console.error(`  ${line}`);
    }
    return summary(ledger.unexpected.length > 0 ? -1 : 0);
  } finally {
    await server?.kill();
    await storage.dispose();
  }
}

let exitCode = 0;
const results = [];
try {
  for (const target of targets) {
    const result = await runTarget(target);
    results.push(result);
    if (result.lost !== 0) exitCode = 1;
  }
} catch (err) {
  console.error(err);
  exitCode = 2;
}
console.log('\n| database | kills | acknowledged writes (referrals + feedback) | lost | ledger events verified | restart after kill (median) |');
console.log('|---|---:|---:|---:|---:|---:|');
for (const r of results) {
  const median = [...r.recoveryMs].sort((a, b) => a - b)[Math.floor(r.recoveryMs.length / 2)];
  console.log(
    `| ${r.label} | ${r.kills} | ${r.acknowledged} (${r.referrals} + ${r.feedback}) | ${r.lost < 0 ? '0 (but unexpected answers)' : r.lost} | ${r.events} | ${median ? `${(median / 1000).toFixed(1)} s` : '–'} |`,
  );
}
process.exit(exitCode);
