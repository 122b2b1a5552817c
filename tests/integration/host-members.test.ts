import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

describe('host: managing members', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  // Every browser has its own address, so the login rate limit never interferes across tests.
  let address = 0;
  const newBrowser = () => new Browser(t.app, { 'x-forwarded-for': `10.40.${Math.floor(++address / 250)}.${address % 250}` });

  async function logIn(email: string) {
    const browser = newBrowser();
    await browser.login(email, PASSWORD);
    return browser;
  }

  async function groupWithHostAndMember() {
    const { group, host } = await seedGroup(t.app.db);
    const member = await seedMember(t.app.db, group.id, 'Mia Mitglied');
    return { group, host, member, hostBrowser: await logIn(host.email) };
  }

  /** The visible text of one member's entry on the host members page. */
  function entryText(html: string, memberId: string): string {
    const start = html.indexOf(`id="member-${memberId}"`);
    expect(start, `entry for ${memberId}`).toBeGreaterThan(-1);
    return visibleText(html.slice(start, html.indexOf('</li>', start)));
  }

  async function memberRow(memberId: string) {
    const [row] = await t.database.query<{ role: string; active: boolean }>('select role, active from members where id = $1', [memberId]);
    return row;
  }

  it('lists active and deactivated members with their roles', async () => {
    const { group, host, member, hostBrowser } = await groupWithHostAndMember();
    const gone = await seedMember(t.app.db, group.id, 'Otto Ehemalig');
    await t.database.query('update members set active = false where id = $1', [gone.member.id]);

    const page = await hostBrowser.get('/host/members');
    expect(page.statusCode).toBe(200);
    const hostEntry = entryText(page.body, host.member.id);
    expect(hostEntry).toContain('Gastgeber aktiv');
    expect(hostEntry).toContain('(du)');
    expect(hostEntry).toContain('Die einzige aktive Person mit Gastgeber-Rolle.');
    const memberEntry = entryText(page.body, member.member.id);
    expect(memberEntry).toContain('Mia Mitglied');
    expect(memberEntry).toContain('Mitglied aktiv');
    expect(memberEntry).toContain('Gastgeber-Rolle geben');
    const goneEntry = entryText(page.body, gone.member.id);
    expect(goneEntry).toContain('Otto Ehemalig');
    expect(goneEntry).toContain(gone.email);
    expect(goneEntry).toContain('Mitglied deaktiviert');
    expect(goneEntry).toContain('Wieder aktivieren');
    expect(goneEntry).not.toContain('Deaktivieren');
  });

  it('promotes a member to host and demotes them again', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    const promoted = await hostBrowser.post(`/host/members/${member.member.id}/promote`);
    expect(promoted.statusCode).toBe(303);
    expect((await memberRow(member.member.id))?.role).toBe('host');
    const page = await hostBrowser.get(promoted.headers.location as string);
    expect(visibleText(page.body)).toContain('Mia Mitglied hat jetzt die Gastgeber-Rolle.');

    const memberBrowser = await logIn(member.email);
    expect((await memberBrowser.get('/host/members')).statusCode).toBe(200);

    expect((await hostBrowser.post(`/host/members/${member.member.id}/demote`)).statusCode).toBe(303);
    expect((await memberRow(member.member.id))?.role).toBe('member');
    expect((await memberBrowser.get('/host/members')).statusCode).toBe(403);
  });

  it('never demotes or deactivates the last active host', async () => {
    const { host, hostBrowser } = await groupWithHostAndMember();
    for (const action of ['demote', 'deactivate']) {
      const response = await hostBrowser.post(`/host/members/${host.member.id}/${action}`);
      expect(response.statusCode, action).toBe(409);
      expect(visibleText(response.body)).toContain('hat niemand die aktive Gastgeber-Rolle. Gib die Rolle zuerst jemand anderem.');
    }
    expect(await memberRow(host.member.id)).toEqual({ role: 'host', active: true });
    expect((await hostBrowser.get('/host/members')).statusCode).toBe(200);
  });

  it('a deactivated host does not count: the remaining active host is the last one', async () => {
    const { group, host, hostBrowser } = await groupWithHostAndMember();
    const second = await seedMember(t.app.db, group.id, 'Zweite Gastgeberin', 'host');
    expect((await hostBrowser.post(`/host/members/${second.member.id}/deactivate`)).statusCode).toBe(303);
    expect((await hostBrowser.post(`/host/members/${host.member.id}/demote`)).statusCode).toBe(409);
  });

  it('a host may step down when another active host remains', async () => {
    const { group, host, hostBrowser } = await groupWithHostAndMember();
    await seedMember(t.app.db, group.id, 'Zweite Gastgeberin', 'host');
    const response = await hostBrowser.post(`/host/members/${host.member.id}/demote`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/roster');
    expect((await memberRow(host.member.id))?.role).toBe('member');
  });

  it('a deactivated member is logged out, cannot log in, and leaves the roster; the row stays', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    const memberBrowser = await logIn(member.email);
    expect(visibleText((await hostBrowser.get('/roster')).body)).toContain('Mia Mitglied');

    expect((await hostBrowser.post(`/host/members/${member.member.id}/deactivate`)).statusCode).toBe(303);
    expect(await memberRow(member.member.id)).toEqual({ role: 'member', active: false });
    expect(await countRows(t.database, 'sessions', 'account_id = $1', [member.account.id])).toBe(0);
    expect((await memberBrowser.get('/roster')).statusCode).toBe(303);

    const login = await newBrowser().post('/login', { email: member.email, password: PASSWORD });
    expect(login.statusCode).toBe(400);
    expect(visibleText((await hostBrowser.get('/roster')).body)).not.toContain('Mia Mitglied');

    expect((await hostBrowser.post(`/host/members/${member.member.id}/reactivate`)).statusCode).toBe(303);
    expect((await memberRow(member.member.id))?.active).toBe(true);
    await logIn(member.email);
    expect(visibleText((await hostBrowser.get('/roster')).body)).toContain('Mia Mitglied');
  });

  it('a deactivated member cannot be made host before being reactivated', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    await hostBrowser.post(`/host/members/${member.member.id}/deactivate`);
    const response = await hostBrowser.post(`/host/members/${member.member.id}/promote`);
    expect(response.statusCode).toBe(409);
    expect(visibleText(response.body)).toContain('Mia Mitglied ist deaktiviert. Aktiviere das Mitglied zuerst wieder.');
    expect((await memberRow(member.member.id))?.role).toBe('member');
  });

  it('issues a reset link once; the member sets a new password with it', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    const memberBrowser = await logIn(member.email);
    const response = await hostBrowser.post(`/host/members/${member.member.id}/reset-link`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(visibleText(response.body)).toContain('Link für Mia Mitglied');
    const path = response.body.match(/\/password\/reset\/[a-z0-9]{32}/)?.[0];
    expect(path).toBeDefined();

    const newPassword = 'vom Gastgeber zurückgesetzt';
    const reset = await newBrowser().post(path!, { newPassword, newPasswordConfirm: newPassword });
    expect(reset.statusCode).toBe(303);
    expect((await memberBrowser.get('/roster')).statusCode).toBe(303);
    const login = await newBrowser().post('/login', { email: member.email, password: newPassword });
    expect(login.statusCode).toBe(303);
  });

  it('refuses a reset link for a deactivated member', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    await hostBrowser.post(`/host/members/${member.member.id}/deactivate`);
    const response = await hostBrowser.post(`/host/members/${member.member.id}/reset-link`);
    expect(response.statusCode).toBe(409);
    expect(await countRows(t.database, 'password_resets', 'account_id = $1', [member.account.id])).toBe(0);
  });

  it('answers 404 for members of other groups and changes nothing there', async () => {
    const { hostBrowser } = await groupWithHostAndMember();
    const elsewhere = await seedGroup(t.app.db);
    const stranger = await seedMember(t.app.db, elsewhere.group.id, 'Fremde Person');
    for (const action of ['promote', 'demote', 'deactivate', 'reactivate', 'reset-link']) {
      const response = await hostBrowser.post(`/host/members/${stranger.member.id}/${action}`);
      expect(response.statusCode, action).toBe(404);
    }
    expect(await memberRow(stranger.member.id)).toEqual({ role: 'member', active: true });
    expect(await countRows(t.database, 'password_resets', 'account_id = $1', [stranger.account.id])).toBe(0);
  });

  it('answers 400 for an id that is not a uuid, and 404 for an unknown action', async () => {
    const { member, hostBrowser } = await groupWithHostAndMember();
    expect((await hostBrowser.post('/host/members/not-a-uuid/promote')).statusCode).toBe(400);
    expect((await hostBrowser.post("/host/members/1'%20or%201=1/deactivate")).statusCode).toBe(400);
    expect((await hostBrowser.post('/host/members/not-a-uuid/reset-link')).statusCode).toBe(400);
    expect((await hostBrowser.post(`/host/members/${member.member.id}/explode`)).statusCode).toBe(404);
    expect((await memberRow(member.member.id))?.active).toBe(true);
  });
});
