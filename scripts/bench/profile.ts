/**
 * Profile and roster pages under load, against a bare Fastify route in the same process.
 * Usage: npm run bench:profile [pglite] [postgres]   (default: both)
 * Seeds 1,000 members; autocannon, 64 connections, 10 s per route (BENCH_SECONDS), after a
 * second of warm-up each. BENCH_ROUTES=profile leaves the roster out (quicker while iterating).
 * A second table measures the same pages at 32 connections against a bare route sending 8 KB of
 * HTML (the yardstick of the pages targets: cached page ≥ 0.5×, roster ≥ 20 % with p99 < 25 ms).
 */
import { loadavg } from 'node:os';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import {
  listen,
  loginCookie,
  measure,
  memoryMb,
  openBenchDatabase,
  printTable,
  sequentialMs,
  startBareHtmlRoute,
  startBareRoute,
  targetsFromArgs,
} from './harness.js';
import { BENCH_PASSWORD, seedBenchGroup } from './seed-members.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const ROUTES = (process.env.BENCH_ROUTES ?? 'profile,roster').split(',');
const load = () => loadavg().map((n) => n.toFixed(1)).join(' ');

for (const target of targetsFromArgs()) {
  const { database, dispose } = await openBenchDatabase(target);
  const { loginEmail, sampleSlug } = await seedBenchGroup(database, 1_000);
  const app = await buildApp({ config: testConfig(), database, logger: false });
  const base = await listen(app);
  const cookie = await loginCookie(base, loginEmail, BENCH_PASSWORD, app.config.publicUrl.origin);
  const check = await fetch(`${base}/m/${sampleSlug}`, { headers: { cookie } });
  if (check.status !== 200) throw new Error(`profile page answered ${check.status}`);

  const profileUrl = `${base}/m/${sampleSlug}`;
  const cold = await sequentialMs(app, profileUrl, cookie, true);
  const warm = await sequentialMs(app, profileUrl, cookie, false);
  console.log(`${target}: profile one request at a time: ${cold.toFixed(2)} ms cold (every cache dropped first), ${warm.toFixed(2)} ms cached`);

  const bare = await startBareRoute();
  // The bare route is measured before and after the pages, and the ratio uses the mean of both,
  // so drift on a shared machine (boost clocks, other work) does not tilt the ratio either way.
  const bareBefore = await measure('bare Fastify route (before)', bare.url, { duration: DURATION });
  const rows = [bareBefore];
  if (ROUTES.includes('profile')) {
    rows.push(await measure(`profile /m/:slug (member view)`, `${base}/m/${sampleSlug}`, { duration: DURATION, headers: { cookie } }));
  }
  const bareAfter = await measure('bare Fastify route (after)', bare.url, { duration: DURATION });
  rows.push(bareAfter);
  // The roster last: its 1 MB pages time out under 64 connections, and the requests still queued
  // in the server would slow a bare run measured after it.
  if (ROUTES.includes('roster')) {
    rows.push(await measure(`roster /roster (1,000 members)`, `${base}/roster`, { duration: DURATION, headers: { cookie } }));
  }
  printTable(
    `${target}: 1,000 members, 64 connections, ${DURATION} s each (rss ${memoryMb()} MB, load average ${load()})`,
    rows,
    (bareBefore.rps + bareAfter.rps) / 2,
  );

  // The yardstick of the start-up and pages targets: a bare route sending 8 KB of HTML, 32 connections.
  const bareHtml = await startBareHtmlRoute();
  const htmlRows = [await measure('bare Fastify route, 8 KB of HTML', bareHtml.url, { duration: DURATION, connections: 32 })];
  if (ROUTES.includes('profile')) htmlRows.push(await measure('profile /m/:slug (member view)', profileUrl, { duration: DURATION, connections: 32, headers: { cookie } }));
  if (ROUTES.includes('roster')) htmlRows.push(await measure('roster /roster (1,000 members)', `${base}/roster`, { duration: DURATION, connections: 32, headers: { cookie } }));
  printTable(`${target}: the same pages against 8 KB of HTML from a bare route, 32 connections, ${DURATION} s each`, htmlRows, htmlRows[0]!.rps);
  await bareHtml.close();

  await bare.close();
  await app.close();
  await dispose();
}
