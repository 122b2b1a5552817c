import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { openScratchDatabase } from '../../db/scratch.js';

/**
 * Shared benchmark plumbing: a fresh database per run (in-memory PGlite, or a new PostgreSQL
 * database next to BENCH_DATABASE_URL), autocannon runs, and a bare Fastify route measured in the
 * same process so every figure comes with a ratio that does not depend on the machine.
 *
 * autocannon fires from a worker thread: clients are other machines in real use, and a load
 * generator sharing the server's event loop would add its own work to every latency measured.
 */
export type Target = 'pglite' | 'postgres';

export function targetsFromArgs(argv = process.argv.slice(2)): Target[] {
  const chosen = argv.filter((a): a is Target => a === 'pglite' || a === 'postgres');
  return chosen.length > 0 ? chosen : ['pglite', 'postgres'];
}

export function openBenchDatabase(target: Target): Promise<{ database: Database; dispose(): Promise<void> }> {
  const adminUrl = target === 'postgres' ? (process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres') : undefined;
  return openScratchDatabase(adminUrl, { prefix: 'kreis_bench', maxConnections: 20 });
}

export async function listen(app: FastifyInstance): Promise<string> {
  await app.listen({ port: 0, host: '127.0.0.1' });
  return `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
}

/** The yardstick: Fastify with one route that returns a short text. */
export async function startBareRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const bare = Fastify({ logger: false });
  bare.get('/bare', async () => 'ok');
  const base = await listen(bare);
  return { url: `${base}/bare`, close: () => bare.close() };
}

/**
 * The other yardstick: Fastify sending 8 KB of HTML, about what a member's page weighs, so a
 * ratio against it says what the app adds beyond writing a page of that size.
 */
export async function startBareHtmlRoute(): Promise<{ url: string; close(): Promise<void> }> {
  const bare = Fastify({ logger: false });
  const page = `<!doctype html><html lang="de"><title>Kreis</title><main>${'<p>Ein Absatz Text, wie er auf einer Seite steht.</p>'.repeat(150)}</main></html>`.slice(0, 8192);
  bare.get('/bare.html', async (_request, reply) => reply.type('text/html; charset=utf-8').send(page));
  const base = await listen(bare);
  return { url: `${base}/bare.html`, close: () => bare.close() };
}

export type Measurement = {
  name: string;
  rps: number;
  p50: number;
  p95: number;
  p99: number;
  errors: number;
  non2xx: number;
  /**
   * Time the server's event loop was busy per request (autocannon runs in its own thread, so this
   * is the server alone; with PGlite it includes the database, which runs in the same thread).
   */
  busyUs?: number;
};

export async function measure(
  name: string,
  url: string,
  options: {
    connections?: number;
    duration?: number;
    headers?: Record<string, string>;
    warmup?: number;
    /** Paths on `url`'s server that every connection cycles through, instead of `url` itself. */
    paths?: string[];
  } = {},
): Promise<Measurement> {
  const connections = options.connections ?? 64;
  const headers = options.headers ?? {};
  const requests = options.paths?.map((path) => ({ method: 'GET' as const, path }));
  const run = (duration: number) => autocannon({ url, connections, duration, headers, requests, workers: 1 });
  // A short unmeasured run first: the JIT and the template cache warm up for every route alike.
  const warmup = options.warmup ?? 1;
  if (warmup > 0) await run(warmup);
  const loopBefore = performance.eventLoopUtilization();
  const result = await run(options.duration ?? 10);
  const loop = performance.eventLoopUtilization(loopBefore);
  return {
    busyUs: result.requests.total > 0 ? Math.round((loop.active * 1000) / result.requests.total) : 0,
    name,
    rps: result.requests.average,
    p50: result.latency.p50,
    // autocannon reports p97.5, not p95; it is the closest bucket it has.
    p95: result.latency.p97_5,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
  };
}

/**
 * Mean ms per request, one at a time. `cold`: every cache of the app dropped before each request
 * (as right after any change to the data), so the session, the search and the page are all done
 * from scratch; otherwise the page comes from the cache (plugins/page-cache.ts).
 */
export async function sequentialMs(app: FastifyInstance, url: string, cookie: string, cold: boolean, rounds = 30): Promise<number> {
  for (let i = 0; i < 5; i++) await (await fetch(url, { headers: { cookie } })).text();
  let total = 0;
  for (let i = 0; i < rounds; i++) {
    if (cold) app.freshness.bump();
    const started = performance.now();
    await (await fetch(url, { headers: { cookie } })).text();
    total += performance.now() - started;
  }
  return total / rounds;
}

/**
 * Waits until the app's background jobs have worked through what the seed left them (overdue
 * deadlines, feedback mails, retention): their writes drop every kept page, which real groups
 * see a few times an hour, not throughout a measurement. Returns the seconds it took.
 */
export async function quiescent(app: FastifyInstance, quietMs = 3_000, maxMs = 300_000): Promise<number> {
  const started = performance.now();
  let generation = app.freshness.generation;
  let quietSince = performance.now();
  while (performance.now() - quietSince < quietMs && performance.now() - started < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 250));
    if (app.freshness.generation !== generation) {
      generation = app.freshness.generation;
      quietSince = performance.now();
    }
  }
  return (performance.now() - started) / 1000;
}

export function printTable(title: string, rows: Measurement[], bareRps: number) {
  console.log(`\n${title}`);
  console.log('| route | req/s | p50 ms | p97.5 ms | p99 ms | errors | non-2xx | ratio to bare | server busy µs/req |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = bareRps > 0 ? `${((r.rps / bareRps) * 100).toFixed(1)} %` : '–';
    console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} | ${r.busyUs ?? '–'} |`);
  }
}

export function memoryMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}

/** Logs in through the real form (from `origin`, the app's PUBLIC_URL) and returns the session cookie for autocannon's headers. */
export async function loginCookie(base: string, email: string, password: string, origin: string): Promise<string> {
  const login = await fetch(`${base}/login`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({ email, password }),
  });
  const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
  if (!cookie.startsWith('kreis_session=')) throw new Error(`login failed: ${login.status}`);
  // A browser keeps the device cookie its first signed-in page sets, and sends it from then on.
  const firstPage = await fetch(`${base}/`, { redirect: 'manual', headers: { cookie } });
  const device = firstPage.headers.getSetCookie().map((c) => c.split(';')[0]!).find((c) => c.startsWith('kreis_device='));
  return device ? `${cookie}; ${device}` : cookie;
}
