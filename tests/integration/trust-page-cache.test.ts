import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { retentionQueries } from '../../server/privacy/queries.js';
import { changesAnnounced, createTestApp, secondInstance, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, logIn, seedGroup, seedMember, seedReferral } from '../helpers/world/index.js';

/**
 * The trust page is rendered once per viewer and state of the data and kept (server/plugins/page-cache.ts). What a
 * member sees must still be current at once: after a new event, a rename, from another instance
 * on the same database, in the viewer's language, and with the owner's extras only for the owner.
 */
describe('the cached trust page', () => {
  let t: TestApp;
  /** A second instance on the same database, with its own cache, as when two servers share PostgreSQL. */
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp();
    second = await secondInstance(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  async function circle() {
    const { group, host } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    return { group, host, rita, anna };
  }

  function feedback(c: Awaited<ReturnType<typeof circle>>, rating: number): TrustEventInput {
    return {
      kind: 'feedback',
      // Through the client's mailbox: full weight, so one 5 scores 27.
      verification: 'mailbox',
      memberId: c.rita.member.id,
      giverId: c.anna.member.id,
      clientId: randomUUID(),
      referralId: randomUUID(),
      topic: 'Steuerberatung',
      rating,
      occurredAt: t.clock.now(),
    };
  }

  const ledgerLines = (html: string) => (html.match(/<li class="ledger__item/g) ?? []).length;

  it('shows a new event at once, on this instance and on another one', async () => {
    const c = await circle();
    const here = await logIn(t.app, c.host.email);
    const there = await logIn(second, c.host.email);
    const url = `/m/${c.rita.member.slug}/trust`;

    const before = await here.get(url);
    expect(visibleText(before.body)).toContain('Vertrauenswert noch keine Bestätigungen');
    expect((await there.get(url)).statusCode).toBe(200);

    // Written through the other instance's code path: only the database knows.
    await second.db.transaction((tx) => appendTrustEvents(tx, c.group.id, [feedback(c, 5)]));
    const after = await here.get(url);
    expect(visibleText(after.body)).toContain('Vertrauenswert 27 von 100');
    expect(ledgerLines(after.body)).toBe(ledgerLines(before.body) + 1);
    expect(ledgerLines((await there.get(url)).body)).toBe(ledgerLines(after.body));
  });

  it('shows the newest 50 entries of a long ledger, and all of them behind its link', async () => {
    const c = await circle();
    await t.app.db.transaction((tx) => appendTrustEvents(tx, c.group.id, Array.from({ length: 55 }, () => feedback(c, 5))));
    const viewer = await logIn(t.app, c.anna.email);
    const url = `/m/${c.rita.member.slug}/trust`;
    const first = await viewer.get(url);
    expect(ledgerLines(first.body)).toBe(50);
    expect(visibleText(first.body)).toContain('Alle 55 Einträge zeigen (5 ältere)');
    expect(first.body).toContain(`href="${url}?all=1#h-ledger"`);
    const all = await viewer.get(`${url}?all=1`);
    expect(ledgerLines(all.body)).toBe(55);
    expect(visibleText(all.body)).not.toContain('Einträge zeigen');
  });

  it('shows a renamed member under the new name at once', async () => {
    const c = await circle();
    const viewer = await logIn(t.app, c.host.email);
    const url = `/m/${c.rita.member.slug}/trust`;
    expect(visibleText((await viewer.get(url)).body)).toContain('Rita Rechner');
    await t.database.query('update accounts set name = $1 where id = $2', ['Rita Steuer', c.rita.account.id]);
    const page = visibleText((await viewer.get(url)).body);
    expect(page).toContain('Rita Steuer');
    expect(page).not.toContain('Rita Rechner');
  });

  it("keeps the owner's export link on the owner's page and each viewer's language", async () => {
    const c = await circle();
    await t.app.db.transaction((tx) => appendTrustEvents(tx, c.group.id, [feedback(c, 4)]));
    const owner = await logIn(t.app, c.rita.email);
    const colleague = await logIn(t.app, c.anna.email);
    const url = `/m/${c.rita.member.slug}/trust`;

    expect((await owner.get(url)).body).toContain('trust.csv');
    expect((await colleague.get(url)).body).not.toContain('trust.csv');

    const german = await colleague.get(url);
    const english = await colleague.get(`${url}?lang=en`);
    expect(german.body).toContain('lang="de"');
    expect(visibleText(english.body)).toContain('Trust');
    expect(english.body).toContain('lang="en"');
    expect(visibleText(english.body)).not.toContain('Vertrauenswert');
  });

  it('moves with the clock: a page seen today is recomputed a year later', async () => {
    const c = await circle();
    await t.app.db.transaction((tx) => appendTrustEvents(tx, c.group.id, [feedback(c, 5)]));
    const url = `/m/${c.rita.member.slug}/trust`;
    const today = (await (await logIn(t.app, c.host.email)).get(url)).body;
    t.clock.advance(365 * 86_400_000);
    // Sessions end after 30 idle days: the viewer logs in again a year later.
    const later = (await (await logIn(t.app, c.host.email)).get(url)).body;
    // Half the weight after a year: the page lists the decay factor 0.5 (0,5 in German).
    expect(later).not.toBe(today);
    expect(visibleText(later)).toMatch(/0,50?\b/);
  });

  it('no longer shows a shared client comment once retention erased it, though the ledger did not move', async () => {
    const seeded = await seedReferral(t);
    const words = 'Aylin hat uns großartig beraten.';
    const sent = await new ClientBrowser(t.app).post(seeded.path, { ...GOOD_ANSWERS, comment: words, consent: 'on' });
    expect(sent.statusCode).toBe(200);
    const here = await logIn(t.app, seeded.giver.email);
    const there = await logIn(second, seeded.giver.email);
    const url = `/m/${seeded.receiver.member.slug}/trust`;
    expect(visibleText((await here.get(url)).body)).toContain(words);
    expect(visibleText((await there.get(url)).body)).toContain(words);

    const head = () => t.database.query('select max(seq) as seq from trust_events where group_id = $1', [seeded.group.id]);
    const headBefore = await head();
    // What the retention job does once the feedback is older than the retention period: no ledger event.
    expect(await retentionQueries(t.app.db).eraseOldComments(new Date('2100-01-01T00:00:00Z'))).toBe(1);
    expect(await head()).toEqual(headBefore);

    for (const browser of [here, there]) {
      const page = visibleText((await browser.get(url)).body);
      expect(page).not.toContain(words);
      expect(page).toContain('Noch keine');
    }
  });

  it('is still refused outside the group, before anything cached is served', async () => {
    const c = await circle();
    const member = await logIn(t.app, c.anna.email);
    await member.get(`/m/${c.rita.member.slug}/trust`);
    const other = await seedGroup(t.app.db);
    const outsider = await logIn(t.app, other.host.email);
    expect((await outsider.get(`/m/${c.rita.member.slug}/trust`)).statusCode).toBe(404);
  });

  it('renders neither the page nor the layout around it again for a second visit in the same minute', async () => {
    const c = await circle();
    const host = await logIn(t.app, c.host.email);
    // Straight to the app: the test browser announces a change before each request, as another instance would.
    const visit = () => t.app.inject({ method: 'GET', url: `/m/${c.rita.member.slug}/trust`, cookies: Object.fromEntries(host.cookies) });
    expect((await visit()).statusCode).toBe(200);
    // On PostgreSQL the change notices of the writes before (log-in, sighting) arrive a moment later.
    await changesAnnounced(t.app);
    const first = await visit();
    expect(first.statusCode).toBe(200);
    // A moment later, within the same minute (the layout is handed the clock).
    t.clock.advance(1);
    const renders = vi.spyOn(t.app, 'view');
    try {
      const again = await visit();
      expect(again.body).toBe(first.body);
      expect(renders).not.toHaveBeenCalled();
    } finally {
      renders.mockRestore();
    }
  });
});
