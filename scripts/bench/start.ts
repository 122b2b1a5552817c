/**
 * How fast the compiled server starts (what `npm start` runs: node dist/server/main.js), and how
 * much memory it holds once ready. For each database: a first start (fresh data directory or
 * fresh PostgreSQL database: creating it and applying every migration) and a restart on the same
 * data, several runs each; time from spawn to the first 200 on /healthz, then the process's RSS.
 *
 *   npm run build && npm run bench:start [-- --runs 5] [-- pglite|postgres] [-- --source]
 *
 * --source starts server/main.ts through tsx instead (what `npm start` ran before), to compare.
 *
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/postgres) names the
 * server; a scratch database is created per run and dropped afterwards.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fromRoot, projectRoot } from '../../root.js';
import { createScratchPostgres, DEFAULT_ADMIN_URL } from '../lib/scratch-postgres.js';
import { freePort } from '../lib/server-process.js';
import { targetsFromArgs } from './harness.js';

const fromSource = process.argv.includes('--source');
const mainScript = fromRoot('dist', 'server', 'main.js');
const entry = fromSource ? ['--import', 'tsx', fromRoot('server', 'main.ts')] : ['--enable-source-maps', mainScript];
const runsIndex = process.argv.indexOf('--runs');
const RUNS = runsIndex > 0 ? Number(process.argv[runsIndex + 1]) : 5;

type Sample = { ms: number; rssMb: number };

function rssMb(pid: number): number {
  const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Math.round(Number(match[1]) / 1024) : NaN;
}

/** Spawns the compiled server and waits for /healthz; resolves with the time and RSS, and the process to stop. */
async function startOnce(env: Record<string, string>): Promise<Sample & { child: ChildProcess }> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, entry, {
    cwd: projectRoot,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, NODE_ENV: 'production', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', DATABASE_URL: '', SMTP_URL: '', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  let exited = false;
  child.once('exit', () => (exited = true));
  for (;;) {
    if (exited) throw new Error(`server exited before it was ready:\n${stderr}`);
    try {
      const response = await fetch(`http://127.0.0.1:${port}/healthz`);
      if (response.status === 200) break;
    } catch {
      /* not listening yet */
    }
    if (performance.now() - started > 120_000) throw new Error(`not ready after 120 s:\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const ms = performance.now() - started;
  // Settle briefly: the figure is what the idle server holds, not a mid-start peak.
  await new Promise((resolve) => setTimeout(resolve, 500));
  return { ms, rssMb: rssMb(child.pid!), child };
}

async function stop(child: ChildProcess) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const done = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await done;
}

async function measure(open: () => Promise<{ env: Record<string, string>; dispose(): Promise<void> }>) {
  const first: Sample[] = [];
  const restart: Sample[] = [];
  for (let run = 0; run < RUNS; run++) {
    const target = await open();
    try {
      const a = await startOnce(target.env);
      first.push(a);
      await stop(a.child);
      const b = await startOnce(target.env);
      restart.push(b);
      await stop(b.child);
    } finally {
      await target.dispose();
    }
  }
  return { first, restart };
}

const stats = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return { min: sorted[0]!, median: sorted[Math.floor(sorted.length / 2)]!, max: sorted[sorted.length - 1]! };
};
const row = (label: string, samples: Sample[]) => {
  const t = stats(samples.map((s) => s.ms));
  const m = stats(samples.map((s) => s.rssMb));
  return `${label.padEnd(28)} ${t.min.toFixed(0).padStart(6)} ${t.median.toFixed(0).padStart(6)} ${t.max.toFixed(0).padStart(6)}   ${String(m.min).padStart(4)} ${String(m.median).padStart(4)} ${String(m.max).padStart(4)}`;
};

if (!fromSource && !existsSync(mainScript)) {
  console.error('dist/server/main.js is missing: run `npm run build` (npm install does it) first.');
  process.exit(1);
}

console.log(`start-up of ${fromSource ? 'node --import tsx server/main.ts' : 'node dist/server/main.js'}, ${RUNS} runs each (spawn → first 200 on /healthz; RSS after start)`);
console.log(`${''.padEnd(28)} ${'ms min'.padStart(6)} ${'median'.padStart(6)} ${'max'.padStart(6)}   ${'MB'.padStart(4)} ${'med'.padStart(4)} ${'max'.padStart(4)}`);
for (const target of targetsFromArgs()) {
  if (target === 'pglite') {
    const { first, restart } = await measure(async () => {
      const dir = mkdtempSync(join(tmpdir(), 'kreis-start-'));
      return { env: { DATA_DIR: join(dir, 'data') }, dispose: async () => rmSync(dir, { recursive: true, force: true }) };
    });
    console.log(row('PGlite, first start', first));
    console.log(row('PGlite, restart', restart));
  } else {
    const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
    const { first, restart } = await measure(async () => {
      const scratch = await createScratchPostgres(adminUrl, 'kreis_start');
      return { env: { DATABASE_URL: scratch.url }, dispose: () => scratch.dispose() };
    });
    console.log(row('PostgreSQL, first start', first));
    console.log(row('PostgreSQL, restart', restart));
  }
}
