import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup, seedMember } from '../helpers/world/index.js';

/** The roster's read model is kept per group and page, its rendering per viewer: neither may show stale or someone else's page. */
describe('roster cache', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('a member who joins, or changes their name, shows on the next view of a cached roster', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id, 'Maria Mitglied');
    const browser = await logIn(t.app, member.email);
    const first = visibleText((await browser.get('/roster')).body);
    expect(first).toContain('Maria Mitglied');
    expect(first).not.toContain('Nora Neuling');
    expect(visibleText((await browser.get('/roster')).body)).toBe(first);

    await seedMember(t.app.db, group.id, 'Nora Neuling');
    expect(visibleText((await browser.get('/roster')).body)).toContain('Nora Neuling');

    await t.database.query('update accounts set name = $1 where id = $2', ['Hanna Umbenannt', host.account.id]);
    expect(visibleText((await browser.get('/roster')).body)).toContain('Hanna Umbenannt');
  });

  it('the host’s page (with its invite button) is never served to a member of the same group, nor one group’s page to another', async () => {
    const { group, host } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id, 'Mona Mitglied');
    const other = await seedGroup(t.app.db);
    const hostBrowser = await logIn(t.app, host.email);
    const memberBrowser = await logIn(t.app, member.email);
    const otherBrowser = await logIn(t.app, other.host.email);

    expect((await hostBrowser.get('/roster')).body).toContain('href="/host/invitations"');
    const memberPage = await memberBrowser.get('/roster');
    expect(memberPage.body).not.toContain('class="button" href="/host/invitations"');
    expect(visibleText(memberPage.body)).toContain('Mona Mitglied');
    expect(visibleText((await otherBrowser.get('/roster')).body)).not.toContain('Mona Mitglied');
  });
});
