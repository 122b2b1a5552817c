/**
 * The directory ("Wen kann ich empfehlen für …?") under load, against a bare Fastify route in the
 * same process, plus the member dashboard (/insights) when it exists.
 * Usage: npm run bench:directory [pglite] [postgres]   (default: both)
 * Seeds BENCH_GROUPS (200) groups of BENCH_MEMBERS_PER_GROUP (50) members and BENCH_EVENTS
 * (1,000,000) chained trust events, rebuilds the aggregates, then measures realistic German needs
 * (typos included): one request at a time per need, cold (every cache dropped first) and cached,
 * and a mix of all needs with autocannon at BENCH_CONNECTIONS (64, as the other benchmarks) and
 * at 4 connections, BENCH_SECONDS (10) each.
 * Target on PostgreSQL: directory p95 < 25 ms.
 */
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { rebuildAllAggregates } from '../../server/directory/projection.js';
import { deliveryFor } from '../../server/mail/service.js';
import { eraseExpiredClientData } from '../../server/privacy/service.js';
import { processOverdueReferrals } from '../../server/referrals/overdue.js';
import { listen, loginCookie, type Measurement, measure, quiescent, sequentialMs, memoryMb, openBenchDatabase, printTable, startBareRoute, targetsFromArgs } from './harness.js';
import { DIRECTORY_BENCH_PASSWORD, seedDirectory } from './seed-directory.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const GROUPS = Number(process.env.BENCH_GROUPS ?? 200);
const MEMBERS_PER_GROUP = Number(process.env.BENCH_MEMBERS_PER_GROUP ?? 50);
const EVENTS = Number(process.env.BENCH_EVENTS ?? 1_000_000);

const NEEDS = [
  'Steuerberatung für Onlinehändler',
  'jemand für unsere Website',
  'Fotograf Hochzeit',
  'Steuerbertung',
  'Steuerberaterin',
  'Elektriker für Photovoltaik',
  'Umzug Büro',
  '',
];

const seconds = (since: number) => ((performance.now() - since) / 1000).toFixed(1);
const directoryPath = (need: string) => (need ? `/directory?${new URLSearchParams({ q: need })}` : '/directory');

/** After a run the server may still work through queued requests: wait until it answers promptly again. */
async function drain(url: string, cookie: string) {
  for (let i = 0; i < 100; i++) {
    const started = performance.now();
    await (await fetch(url, { headers: { cookie } })).text();
    if (performance.now() - started < 1_000) return;
  }
}

const load = async () => (await import('node:os')).loadavg().map((n) => n.toFixed(1)).join(' ');

for (const target of targetsFromArgs()) {
  const { database, dispose } = await openBenchDatabase(target);
  try {
    let started = performance.now();
    const seeded = await seedDirectory(database, { groups: GROUPS, membersPerGroup: MEMBERS_PER_GROUP, events: EVENTS });
    console.log(
      `\n${target}: seeded ${seeded.groups} groups, ${seeded.members} members, ${seeded.events} events, ` +
        `${seeded.referrals} referrals in ${seconds(started)} s (load ${await load()})`,
    );
    // What the app's jobs do on their first run (erase client data past retention, mark overdue
    // deadlines), done here so the seeded backlog does not write throughout the measurement.
    started = performance.now();
    const config = testConfig();
    const erased = await eraseExpiredClientData(database.db, new Date(), config.clientDataRetentionMonths);
    const overdue = await processOverdueReferrals(database.db, new Date(), { publicUrl: config.publicUrl, delivery: deliveryFor(config) });
    console.log(`first run of the jobs on the seeded data: ${erased.referrals} referrals' client data erased, ${overdue} marked overdue, in ${seconds(started)} s`);
    started = performance.now();
    const rebuilt = await rebuildAllAggregates(database.db);
    await database.query('analyze member_topic_stats');
    await database.query('analyze member_search');
    console.log(`rebuildAllAggregates: ${rebuilt.members} members, ${rebuilt.rows} topic rows and the search documents in ${seconds(started)} s`);

    const app = await buildApp({ config: testConfig(), database, logger: false });
    const base = await listen(app);
    const cookie = await loginCookie(base, seeded.loginEmail, DIRECTORY_BENCH_PASSWORD, app.config.publicUrl.origin);
    console.log(`background jobs done with the seeded data after ${(await quiescent(app)).toFixed(1)} s`);
    for (const need of NEEDS) {
      const response = await fetch(`${base}${directoryPath(need)}`, { headers: { cookie } });
      const html = await response.text();
      const found = (html.match(/class="card directory-card"/g) ?? []).length;
      if (response.status !== 200) throw new Error(`directory answered ${response.status} for "${need}"`);
      const cold = await sequentialMs(app, `${base}${directoryPath(need)}`, cookie, true);
      const warm = await sequentialMs(app, `${base}${directoryPath(need)}`, cookie, false);
      console.log(`  "${need || '(empty: everyone)'}": ${found} results; one request at a time: ${cold.toFixed(1)} ms cold, ${warm.toFixed(1)} ms cached`);
    }
    const insights = await fetch(`${base}/insights`, { headers: { cookie } });
    await insights.text();
    const hasInsights = insights.status === 200;
    if (!hasInsights) console.log(`  /insights: not available (answered ${insights.status})`);
    else {
      const cold = await sequentialMs(app, `${base}/insights`, cookie, true);
      const warm = await sequentialMs(app, `${base}/insights`, cookie, false);
      console.log(`  /insights: one request at a time: ${cold.toFixed(1)} ms cold, ${warm.toFixed(1)} ms cached`);
    }

    const paths = NEEDS.map(directoryPath);
    const bare = await startBareRoute();
    const bareBefore = await measure('bare Fastify route (before)', bare.url, { duration: DURATION, connections: CONNECTIONS });
    const rows = [bareBefore];
    const settled = async (run: Promise<Measurement>) => {
      const measured = await run;
      await drain(`${base}${paths[0]}`, cookie);
      return measured;
    };
    const mix = (connections: number) => measure(`directory, ${NEEDS.length} needs mixed, ${connections} connections`, base, { duration: DURATION, connections, headers: { cookie }, paths });
    rows.push(await settled(mix(CONNECTIONS)));
    rows.push(await settled(mix(4)));
    rows.push(
      await settled(measure(`directory "Steuerberatung für Onlinehändler", ${CONNECTIONS} connections`, `${base}${paths[0]}`, { duration: DURATION, connections: CONNECTIONS, headers: { cookie } })),
    );
    if (hasInsights) {
      rows.push(await settled(measure(`dashboard /insights, ${CONNECTIONS} connections`, `${base}/insights`, { duration: DURATION, connections: CONNECTIONS, headers: { cookie } })));
      rows.push(await settled(measure('dashboard /insights, 4 connections', `${base}/insights`, { duration: DURATION, connections: 4, headers: { cookie } })));
    } else {
      console.log('dashboard /insights: not available');
    }
    const bareAfter = await measure('bare Fastify route (after)', bare.url, { duration: DURATION, connections: CONNECTIONS });
    rows.push(bareAfter);
    printTable(
      `${target}: ${seeded.members} members in ${seeded.groups} groups, ${seeded.events} events, ${DURATION} s each ` +
        `(rss ${memoryMb()} MB, load ${await load()})`,
      rows,
      (bareBefore.rps + bareAfter.rps) / 2,
    );
    await bare.close();
    await app.close();
  } finally {
    await dispose();
  }
}
