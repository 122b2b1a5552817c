import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rebuildAllAggregates } from '../../server/directory/projection.js';
import { ALL_TOPICS, evidenceAt, overallScore } from '../../server/directory/topic-stats.js';
import { trustSummary } from '../../server/trust/service.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { type Circle, ClientBrowser, giveReferral, GOOD_ANSWERS, referralForm, seedCircle } from '../helpers/world/index.js';

/**
 * The directory's precomputed data follows what members and clients do, through the real routes:
 * a referral marked contacted, a client's feedback, a host deactivating a member. And a full
 * rebuild writes exactly what the incremental refreshes wrote.
 */
let t: TestApp;
let c: Circle;
const HOUR = 3_600_000;

type StatsRow = { topic: string; positive_scaled: number; negative_scaled: number; confirmed_outcomes: number; distinct_clients: number; distinct_givers: number; median_first_contact_seconds: number | null; last_outcome_at: Date | null };

const statsOf = (memberId: string) =>
  t.database.query<StatsRow>(
    `select topic, positive_scaled, negative_scaled, confirmed_outcomes, distinct_clients, distinct_givers, median_first_contact_seconds, last_outcome_at
     from member_topic_stats where member_id = $1 order by topic`,
    [memberId],
  );

const documentOf = async (memberId: string) =>
  (await t.database.query<{ document: string }>('select document::text as document from member_search where member_id = $1', [memberId]))[0]?.document ?? null;

beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
  c = await seedCircle(t);
});

afterAll(() => t?.close());

describe('directory aggregates', () => {
  it('a referral marked contacted gives the median time to first contact', async () => {
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { topic: 'Steuerberatung' }));
    t.clock.advance(5 * HOUR);
    expect((await c.browsers.receiver.post(`/referrals/${id}/status`, { to: 'contacted' })).statusCode).toBe(303);
    const rows = await statsOf(c.receiver.member.id);
    expect(rows.map((r) => [r.topic, r.median_first_contact_seconds])).toEqual([
      [ALL_TOPICS, 5 * 3600],
      ['steuerberatung', 5 * 3600],
    ]);
    const page = await c.browsers.third.get('/directory?q=Steuerberatung');
    expect(page.body).toContain('5 Stunden');
  });

  it("a client's feedback counts as a confirmed outcome, for the receiver only, and joins the search document", async () => {
    const { link } = await giveReferral(
      c.browsers.giver,
      referralForm(c.receiver.member.id, { topic: 'Existenzgründungsberatung', clientEmail: 'gruender@example.org' }),
    );
    const path = new URL(link!).pathname;
    const client = new ClientBrowser(t.app);
    await client.get(path);
    expect((await client.post(path, GOOD_ANSWERS)).statusCode).toBeLessThan(400);

    const rows = await statsOf(c.receiver.member.id);
    const overall = rows.find((r) => r.topic === ALL_TOPICS)!;
    expect(overall).toMatchObject({ confirmed_outcomes: 1, distinct_clients: 1, distinct_givers: 1 });
    expect(rows.find((r) => r.topic === 'existenzgründungsberatung')).toMatchObject({ confirmed_outcomes: 1 });
    // The giver's referrer accuracy is not their trust as a provider.
    const giverRows = await statsOf(c.giver.member.id);
    expect(giverRows.every((r) => r.confirmed_outcomes === 0 && r.positive_scaled === 0)).toBe(true);

    // The same score as the profile's trust summary, which folds the ledger itself.
    const summary = await trustSummary(t.app.db, c.receiver.member.id, t.clock.now());
    expect(Math.round(overallScore(evidenceAt({ positiveScaled: overall.positive_scaled, negativeScaled: overall.negative_scaled }, t.clock.now()))!)).toBe(summary.score);
    expect(await documentOf(c.receiver.member.id)).toContain('existenzgrund');
    const found = await c.browsers.third.get('/directory?q=Existenzgr%C3%BCndung');
    expect(found.body).toContain('Rita Rechner');
  });

  it('a full rebuild writes what the refreshes wrote', async () => {
    const before = await statsOf(c.receiver.member.id);
    const documentBefore = await documentOf(c.receiver.member.id);
    await t.database.query('delete from member_topic_stats');
    await t.database.query('delete from member_search');
    const { members } = await rebuildAllAggregates(t.app.db);
    expect(members).toBeGreaterThanOrEqual(4);
    const after = await statsOf(c.receiver.member.id);
    expect(after.map(({ positive_scaled, negative_scaled, ...rest }) => rest)).toEqual(before.map(({ positive_scaled, negative_scaled, ...rest }) => rest));
    after.forEach((row, i) => expect(row.positive_scaled).toBeCloseTo(before[i]!.positive_scaled, 9));
    expect(await documentOf(c.receiver.member.id)).toBe(documentBefore);
  });

  it('a deactivated member leaves the directory at once', async () => {
    const hostBrowser = c.browsers.giver; // the giver is the group's host
    const before = await c.browsers.third.get('/directory?q=Steuerberatung');
    expect(before.body).toContain('Rita Rechner');
    const done = await hostBrowser.post(`/host/members/${c.receiver.member.id}/deactivate`, {});
    expect(done.statusCode).toBe(303);
    expect(await documentOf(c.receiver.member.id)).toBeNull();
    const after = await c.browsers.third.get('/directory?q=Steuerberatung');
    expect(after.body).not.toContain('Rita Rechner');
  });
});
