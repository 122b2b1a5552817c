import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INVITATION_LIMITS } from '../../server/members/invitations/routes.js';
import { type Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

/** Creating invitations sends mail: limited per host and per group, with a clear 429 page. */
describe('rate limit on creating invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const invite = (browser: Browser, n: number, query = '') => browser.post(`/host/invitations${query}`, { email: `neu-${n}@example.org` });
  let n = 0;

  it('one host gets 429 after the per-host limit, in German and in English, and nothing more is written', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const browser = await logIn(t.app, host.email);
    for (let i = 1; i <= INVITATION_LIMITS.perHost.max; i++) {
      expect((await invite(browser, ++n)).statusCode, `invitation ${i}`).toBe(200);
    }
    const before = await countRows(t.database, 'invitations', 'group_id = $1', [group.id]);
    const outbox = await countRows(t.database, 'outbox');

    const blocked = await invite(browser, ++n);
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    expect(visibleText(blocked.body)).toMatch(/Ihr habt in kurzer Zeit sehr viele Einladungen erstellt\. Zum Schutz vor Spam-Mails geht das erst in \d+ Min\. wieder\./);
    const english = await invite(browser, ++n, '?lang=en');
    expect(english.statusCode).toBe(429);
    expect(visibleText(english.body)).toContain('A great many invitations were created in a short time.');

    expect(await countRows(t.database, 'invitations', 'group_id = $1', [group.id])).toBe(before);
    expect(await countRows(t.database, 'outbox')).toBe(outbox);
    // The list itself still opens.
    expect((await browser.get('/host/invitations')).statusCode).toBe(200);
  });

  it('several hosts of one group together stop at the per-group limit; another group is not affected', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const hosts = [await logIn(t.app, host.email)];
    const perHost = INVITATION_LIMITS.perHost.max;
    const needed = Math.ceil(INVITATION_LIMITS.perGroup.max / perHost);
    for (let i = 1; i < needed + 1; i++) {
      const seeded = await seedMember(t.app.db, group.id, `Gastgeberin ${i}`, 'host');
      hosts.push(await logIn(t.app, seeded.email));
    }
    let sent = 0;
    for (const browser of hosts) {
      for (let i = 0; i < perHost && sent < INVITATION_LIMITS.perGroup.max; i++, sent++) {
        expect((await invite(browser, ++n)).statusCode, `invitation ${sent + 1} of the group`).toBe(200);
      }
    }
    const fresh = hosts[hosts.length - 1]!;
    const blocked = await invite(fresh, ++n);
    expect(blocked.statusCode).toBe(429);
    expect(visibleText(blocked.body)).toContain('Ihr habt in kurzer Zeit sehr viele Einladungen erstellt.');
    expect(await countRows(t.database, 'invitations', 'group_id = $1', [group.id])).toBe(INVITATION_LIMITS.perGroup.max);

    const other = await seedGroup(t.app.db);
    expect((await invite(await logIn(t.app, other.host.email), ++n)).statusCode).toBe(200);
  }, 120_000);
});
