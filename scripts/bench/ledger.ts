/**
 * The trust page and a full ledger verification under load, against a bare Fastify route in the
 * same process. Usage: npm run bench:ledger [pglite] [postgres]   (default: both)
 * Seeds one group with 1,000 members and 200,000 chained trust events (~200 per member);
 * autocannon, 64 connections, BENCH_SECONDS (default 10) per route.
 * Targets on PostgreSQL: trust page p99 < 30 ms; verifying 200,000 events < 5 s.
 */
import { fillPlaceholders } from 'drizzle-orm';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import type { Database } from '../../db/client.js';
import { translator } from '../../server/shared/i18n.js';
import { eventsAboutWithNamesStatement, trustQueries } from '../../server/trust/queries.js';
import { scoreHistory, scoreMember } from '../../server/trust/score.js';
import { monthlyPoints } from '../../server/trust/service.js';
import { trustPageView } from '../../server/trust/trust-view.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { listen, loginCookie, measure, memoryMb, openBenchDatabase, printTable, quiescent, sequentialMs, startBareRoute, targetsFromArgs } from './harness.js';
import { BENCH_PASSWORD, seedBenchGroup } from './seed-members.js';
import { seedLedger } from './seed-ledger.js';

const DURATION = Number(process.env.BENCH_SECONDS ?? 10);
const MEMBERS = 1_000;
const EVENTS = Number(process.env.BENCH_EVENTS ?? 200_000);

const seconds = (since: number) => (performance.now() - since) / 1000;

/** Where a trust page's time goes, measured in-process on the same member. */
async function stageTimes(database: Database, memberId: string, rounds = 50) {
  const mean = async (work: () => unknown) => {
    for (let i = 0; i < 10; i++) await work();
    const started = performance.now();
    for (let i = 0; i < rounds; i++) await work();
    return (performance.now() - started) / rounds;
  };
  const now = new Date();
  const rows = await trustQueries(database.db).eventsAboutWithNames(memberId);
  const score = scoreMember(rows, memberId, now);
  const history = scoreHistory(rows, memberId, monthlyPoints(now));
  const subject = { id: memberId, slug: 'bench', groupId: '', active: true, deleted: false, name: 'Bench', isOwn: false };
  const context = { locale: 'de' as const, t: translator('de'), now };
  return {
    query: await mean(() => trustQueries(database.db).eventsAboutWithNames(memberId)),
    score: await mean(() => scoreMember(rows, memberId, now)),
    history: await mean(() => scoreHistory(rows, memberId, monthlyPoints(now))),
    view: await mean(() => trustPageView({ subject, rows, score, history }, context)),
  };
}

for (const target of targetsFromArgs()) {
  const { database, dispose } = await openBenchDatabase(target);
  try {
    let started = performance.now();
    const { groupId, loginEmail, sampleSlug } = await seedBenchGroup(database, MEMBERS);
    const seeded = await seedLedger(database, groupId, EVENTS);
    console.log(
      `\n${target}: seeded ${MEMBERS} members and ${seeded.events} events ` +
        `(${seeded.minPerMember}–${seeded.maxPerMember} per member) in ${seconds(started).toFixed(1)} s`,
    );

    // The page's one query must find a member's rows through the trust_events_member index.
    const [sample] = await database.query<{ id: string; events: number }>(
      `select m.id, (select count(*)::int from trust_events e where e.member_id = m.id) as events from members m where m.slug = $1`,
      [sampleSlug],
    );
    const query = eventsAboutWithNamesStatement(database.db).toSQL();
    const plan = await database.query<{ 'QUERY PLAN': string }>(
      `explain ${query.sql}`,
      fillPlaceholders(query.params, { memberId: sample!.id }),
    );
    const planText = plan.map((line) => line['QUERY PLAN']).join('\n');
    console.log(`query plan for the trust page (${sample!.events} events of ${sampleSlug}):\n${planText}`);
    if (!planText.includes('trust_events_member')) throw new Error('the trust page query does not use the trust_events_member index');

    const app = await buildApp({ config: testConfig(), database, logger: false });
    const base = await listen(app);
    const cookie = await loginCookie(base, loginEmail, BENCH_PASSWORD, app.config.publicUrl.origin);
    console.log(`background jobs done with the seeded data after ${(await quiescent(app)).toFixed(1)} s`);
    const pageUrl = `${base}/m/${sampleSlug}/trust`;
    const check = await fetch(pageUrl, { headers: { cookie } });
    const html = await check.text();
    if (check.status !== 200 || !html.includes('class="ledger"')) throw new Error(`trust page answered ${check.status}`);
    const single = {
      profile: await sequentialMs(app, `${base}/m/${sampleSlug}`, cookie, false),
      profileCold: await sequentialMs(app, `${base}/m/${sampleSlug}`, cookie, true),
      trust: await sequentialMs(app, pageUrl, cookie, false),
      trustCold: await sequentialMs(app, pageUrl, cookie, true),
    };
    const stages = await stageTimes(database, sample!.id);

    const bare = await startBareRoute();
    const rows = [await measure('bare Fastify route', bare.url, { duration: DURATION })];
    rows.push(await measure('profile /m/:slug (reference)', `${base}/m/${sampleSlug}`, { duration: DURATION, headers: { cookie } }));
    rows.push(await measure(`trust page /m/:slug/trust (${sample!.events} events)`, pageUrl, { duration: DURATION, headers: { cookie } }));
    printTable(`${target}: ${seeded.events} events, 64 connections, ${DURATION} s each (rss ${memoryMb()} MB)`, rows, rows[0]!.rps);
    console.log(
      `one request at a time, cold (every cache dropped first) / cached: trust page ${single.trustCold.toFixed(1)} / ` +
        `${single.trust.toFixed(1)} ms (${Math.round(html.length / 1024)} KB of HTML), profile ${single.profileCold.toFixed(1)} / ${single.profile.toFixed(1)} ms`,
    );
    console.log(
      `trust page stages, ms: query ${stages.query.toFixed(2)}, scoreMember ${stages.score.toFixed(2)}, ` +
        `scoreHistory ${stages.history.toFixed(2)}, view ${stages.view.toFixed(2)}`,
    );
    await bare.close();
    await app.close();

    started = performance.now();
    const report = await verifyLedger(database.db);
    const took = seconds(started);
    if (report.firstBreak) throw new Error(`seeded ledger is broken: ${JSON.stringify(report.firstBreak)}`);
    console.log(`verifyLedger: ${report.events} events in ${report.groups} group(s), intact, ${took.toFixed(2)} s`);
  } finally {
    await dispose();
  }
}
