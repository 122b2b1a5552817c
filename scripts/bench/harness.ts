import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import autocannon from 'autocannon';
import Fastify, { type FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { type Database, openDatabase } from '../../db/client.js';

/**
 * Shared benchmark plumbing: a fresh database per run (in-memory PGlite, or a new PostgreSQL
 * database next to BENCH_DATABASE_URL), autocannon runs, and a bare Fastify route measured in the
 * same process so every figure comes with a ratio that does not depend on the machine.
 */
export type Target = 'pglite' | 'postgres';

export function targetsFromArgs(argv = process.argv.slice(2)): Target[] {
  const chosen = argv.filter((a): a is Target => a === 'pglite' || a === 'postgres');
  return chosen.length > 0 ? chosen : ['pglite', 'postgres'];
}

export async function openBenchDatabase(target: Target): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (target === 'pglite') {
    const database = await openDatabase({});
    return { database, dispose: () => database.close() };
  }
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  const name = `kreis_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href, maxConnections: 20 });
  return {
    database,
    async dispose() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
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

export type Measurement = { name: string; rps: number; p50: number; p95: number; p99: number; errors: number; non2xx: number };

export async function measure(
  name: string,
  url: string,
  options: { connections?: number; duration?: number; headers?: Record<string, string> } = {},
): Promise<Measurement> {
  const result = await autocannon({
    url,
    connections: options.connections ?? 64,
    duration: options.duration ?? 10,
    headers: options.headers ?? {},
  });
  return {
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

export function printTable(title: string, rows: Measurement[], bareRps: number) {
  console.log(`\n${title}`);
  console.log('| route | req/s | p50 ms | p97.5 ms | p99 ms | errors | non-2xx | ratio to bare |');
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|');
  for (const r of rows) {
    const ratio = bareRps > 0 ? `${((r.rps / bareRps) * 100).toFixed(1)} %` : '–';
    console.log(`| ${r.name} | ${Math.round(r.rps)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.errors} | ${r.non2xx} | ${ratio} |`);
  }
}

export function memoryMb(): number {
  return Math.round(process.memoryUsage().rss / 1024 / 1024);
}
