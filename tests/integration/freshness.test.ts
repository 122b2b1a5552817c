import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, changesAnnounced, createTestApp, secondInstance, type TestApp, visibleText } from '../helpers/app.js';
import { giveReferral, logIn, PASSWORD, profileForm, referralForm, seedGroup, seedMember, WARUM } from '../helpers/world/index.js';

/**
 * Sessions and rendered pages are kept in memory (plugins/freshness.ts, plugins/page-cache.ts).
 * What holds: a user's own change is on the very next page, without waiting for anything; a
 * change made through another instance is there once its notice arrived; a session ended anywhere
 * is no longer accepted anywhere.
 */
describe('cached sessions and pages stay current', () => {
  let t: TestApp;
  /** A second instance on the same database, with caches of its own. */
  let second: FastifyInstance;
  beforeAll(async () => {
    t = await createTestApp();
    second = await secondInstance(t);
  });
  afterAll(async () => {
    await second.close();
    await t.close();
  });

  /** A browser that never waits for notices: what this instance shows right after its own writes. */
  async function impatient(app: FastifyInstance, email: string): Promise<Browser> {
    const browser = new Browser(app, {}, false);
    await browser.login(email, PASSWORD);
    return browser;
  }

  it("shows the member's saved profile on the very next request, on a page that was cached", async () => {
    const { group } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const browser = await impatient(t.app, rita.email);
    const url = `/m/${rita.member.slug}`;
    await browser.get(url);
    await browser.get(url);

    const changed = `${WARUM} Neu: auch samstags.`;
    const saved = await browser.post('/profile/edit', profileForm({ warum: changed, newTrade: 'Steuerberatung' }));
    expect(saved.statusCode).toBe(303);
    expect(visibleText((await browser.get(url)).body)).toContain('Neu: auch samstags.');
  });

  it('ends a session at once on this instance, and on another one once the notice arrived', async () => {
    const { group } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const here = await impatient(t.app, rita.email);
    const there = new Browser(second, {}, false);
    there.cookies = new Map(here.cookies);
    expect((await here.get('/insights')).statusCode).toBe(200);
    expect((await there.get('/insights')).statusCode).toBe(200);

    const stolen = new Map(here.cookies);
    expect((await here.post('/logout')).statusCode).toBe(303);
    const replayHere = new Browser(t.app, {}, false);
    replayHere.cookies = new Map(stolen);
    expect((await replayHere.get('/insights')).statusCode).toBe(303);

    await changesAnnounced(second);
    expect((await there.get('/insights')).statusCode).toBe(303);
  });

  it("shows another instance's change once its notice arrived, and a cached page until then is never older than that", async () => {
    const { group } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const annaHere = await impatient(t.app, anna.email);
    const url = `/m/${rita.member.slug}`;
    expect(visibleText((await annaHere.get(url)).body)).not.toContain('Neu: auch sonntags.');

    const ritaThere = await impatient(second, rita.email);
    expect((await ritaThere.post('/profile/edit', profileForm({ warum: `${WARUM} Neu: auch sonntags.`, newTrade: 'Buchhaltung' }))).statusCode).toBe(303);
    await changesAnnounced(t.app);
    expect(visibleText((await annaHere.get(url)).body)).toContain('Neu: auch sonntags.');
  });

  it('shows a deactivated member their loss of access on the next request', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
    const ritaBrowser = await impatient(t.app, rita.email);
    expect((await ritaBrowser.get('/directory')).statusCode).toBe(200);
    const hostBrowser = await logIn(t.app, host.email);
    expect((await hostBrowser.post(`/host/members/${rita.member.id}/deactivate`)).statusCode).toBe(303);
    expect((await ritaBrowser.get('/directory')).statusCode).not.toBe(200);
  });

  it('clears the unread badge on the very next page after opening the referral it was about', async () => {
    const { group } = await seedGroup(t.app.db);
    const giver = await seedMember(t.app.db, group.id, 'Thomas Berger');
    const receiver = await seedMember(t.app.db, group.id, 'Aylin Demir');
    const { id } = await giveReferral(await logIn(t.app, giver.email), referralForm(receiver.member.id));
    const aylin = await impatient(t.app, receiver.email);
    const badge = (html: string) => /<span class="badge"><span aria-hidden="true">(\d+)<\/span>/.exec(html)?.[1] ?? null;
    expect(badge((await aylin.get('/insights')).body)).toBe('1');
    expect((await aylin.get(`/referrals/${id}`)).statusCode).toBe(200);
    expect(badge((await aylin.get('/insights')).body)).toBeNull();
  });
});
