/**
 * Profile and roster pages under load, against a bare Fastify route in the same process.
 * Usage: npm run bench:profile [pglite] [postgres]   (default: both)
 * Seeds 1,000 members; autocannon, 64 connections, 10 s per route.
 */
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { listen, loginCookie, measure, memoryMb, openBenchDatabase, printTable, startBareRoute, targetsFromArgs } from './harness.js';
import { BENCH_PASSWORD, seedBenchGroup } from './seed-members.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);

for (const target of targetsFromArgs()) {
  const { database, dispose } = await openBenchDatabase(target);
  const { loginEmail, sampleSlug } = await seedBenchGroup(database, 1_000);
  const app = await buildApp({ config: testConfig(), database, logger: false });
  const base = await listen(app);
  const cookie = await loginCookie(base, loginEmail, BENCH_PASSWORD);
  const check = await fetch(`${base}/m/${sampleSlug}`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`profile page answered ${check.status}`);

  const bare = await startBareRoute();
  const rows = [await measure('bare Fastify route', bare.url, { duration: DURATION })];
  rows.push(await measure(`profile /m/:slug (member view)`, `${base}/m/${sampleSlug}`, { duration: DURATION, headers: { cookie } }));
  rows.push(await measure(`roster /roster (1,000 members)`, `${base}/roster`, { duration: DURATION, headers: { cookie } }));
  printTable(`${target}: 1,000 members, 64 connections, ${DURATION} s each (rss ${memoryMb()} MB)`, rows, rows[0]!.rps);

  await bare.close();
  await app.close();
  await dispose();
}
