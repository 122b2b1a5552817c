import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, countRows, createTestApp, ORIGIN, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup } from '../helpers/world/index.js';

const DAY_MS = 24 * 60 * 60 * 1000;
let ipCounter = 0;

describe('invitations', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A host of a fresh group, logged in. */
  async function hostBrowser(options: { locale?: 'de' | 'en' } = {}) {
    const seeded = await seedGroup(t.app.db, options);
    return { ...seeded, browser: await logIn(t.app, seeded.host.email) };
  }

  /** Creates an invitation through the host page and returns the link shown once. */
  async function invite(browser: Browser, email = '') {
    const response = await browser.post('/host/invitations', { email });
    expect(response.statusCode).toBe(200);
    const link = /value="(http:\/\/localhost:3000\/invite\/[a-z0-9]{32})"/.exec(response.body)?.[1];
    expect(link).toBeDefined();
    return { response, link: link!, path: new URL(link!).pathname };
  }

  /** The invitee's form post, from an address of its own so tests do not share a rate limit. */
  function redeem(path: string, form: Record<string, string>, browser = new Browser(t.app), remoteAddress = `10.0.0.${++ipCounter}`) {
    return browser.request({
      method: 'POST',
      url: path,
      payload: new URLSearchParams(form).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
      remoteAddress,
    });
  }

  const newcomer = (n: number | string) => ({
    name: `Nina Neu ${n}`,
    email: `nina-${n}-${Date.now()}@example.org`,
    password: 'ein sehr gutes Passwort',
    passwordConfirm: 'ein sehr gutes Passwort',
  });

  it('invite → redeem: the invitee gets an account in the group, is logged in and lands on the profile editor', async () => {
    const { group, browser } = await hostBrowser();
    const { response, path } = await invite(browser, 'nina@example.org');
    expect(visibleText(response.body)).toContain('nur dieses eine Mal angezeigt');

    const invitee = new Browser(t.app);
    const page = await invitee.get(path);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain(`Willkommen bei ${group.name}`);
    expect(page.body).toContain('value="nina@example.org"');

    const form = newcomer('a');
    const joined = await redeem(path, form, invitee);
    expect(joined.statusCode).toBe(303);
    expect(joined.headers.location).toBe('/profile/edit');
    const editor = await invitee.get('/profile/edit');
    expect(editor.statusCode).toBe(200);
    expect(visibleText(editor.body)).toContain('Warum machst du, was du machst? Wofür brennst du?');

    const members = await t.database.query<{ group_id: string; role: string }>(
      'select m.group_id, m.role from members m join accounts a on a.id = m.account_id where a.email = $1',
      [form.email],
    );
    expect(members).toEqual([{ group_id: group.id, role: 'member' }]);
    const roster = visibleText((await browser.get('/roster')).body);
    expect(roster).toContain('Nina Neu a');
  });

  it('only a hash of the token is stored, and the host list shows the invitation as accepted afterwards', async () => {
    const { group, browser } = await hostBrowser();
    const { path } = await invite(browser, 'hash@example.org');
    const token = path.split('/').pop()!;
    const rows = await t.database.query('select * from invitations where group_id = $1', [group.id]);
    expect(JSON.stringify(rows)).not.toContain(token);

    const listed = visibleText((await browser.get('/host/invitations')).body);
    expect(listed).toContain('hash@example.org');
    expect(listed).toContain('offen');
    expect(listed).not.toContain(token);

    await redeem(path, newcomer('hash'));
    const after = visibleText((await browser.get('/host/invitations')).body);
    expect(after).toContain('angenommen von Nina Neu hash');
  });

  it('an invitation with an e-mail puts the mail in the outbox, in the group language', async () => {
    const { group, browser } = await hostBrowser({ locale: 'en' });
    const { link } = await invite(browser, 'mailme@example.org');
    const mails = await t.database.query<{ recipient: string; subject: string; body: string }>(
      'select recipient, subject, body from outbox where group_id = $1',
      [group.id],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.recipient).toBe('mailme@example.org');
    expect(mails[0]!.subject).toBe(`Invitation to ${group.name} on Kreis`);
    expect(mails[0]!.body).toContain(link);
  });

  it('an invitation without an e-mail sends no mail; a bad e-mail is refused and creates nothing', async () => {
    const { group, browser } = await hostBrowser();
    await invite(browser);
    expect(await countRows(t.database, 'outbox', 'group_id = $1', [group.id])).toBe(0);

    const bad = await browser.post('/host/invitations', { email: 'keine-adresse' });
    expect(bad.statusCode).toBe(400);
    expect(visibleText(bad.body)).toContain('Bitte gib eine gültige E-Mail-Adresse an.');
    expect(await countRows(t.database, 'invitations', 'group_id = $1', [group.id])).toBe(1);
  });

  it('an expired link gives a clear 410 page and creates nothing', async () => {
    const { browser } = await hostBrowser();
    const { path } = await invite(browser);
    t.clock.advance(15 * DAY_MS);
    try {
      const page = await new Browser(t.app).get(path);
      expect(page.statusCode).toBe(410);
      expect(visibleText(page.body)).toContain('Diese Einladung ist abgelaufen');
      const before = await countRows(t.database, 'accounts');
      const post = await redeem(path, newcomer('late'));
      expect(post.statusCode).toBe(410);
      expect(await countRows(t.database, 'accounts')).toBe(before);
      expect(visibleText((await browser.get('/host/invitations')).body)).toContain('abgelaufen');
    } finally {
      t.clock.advance(-15 * DAY_MS);
    }
  });

  it('a used link gives 410, an unknown or malformed one 404 — never a stack trace', async () => {
    const { browser } = await hostBrowser();
    const { path } = await invite(browser);
    expect((await redeem(path, newcomer('first'))).statusCode).toBe(303);

    const used = await new Browser(t.app).get(path);
    expect(used.statusCode).toBe(410);
    expect(visibleText(used.body)).toContain('bereits angenommen');
    expect((await redeem(path, newcomer('second'))).statusCode).toBe(410);

    const unknown = await new Browser(t.app).get(`/invite/${'a'.repeat(32)}`);
    expect(unknown.statusCode).toBe(404);
    expect(visibleText(unknown.body)).toContain('Diese Einladung gibt es nicht');
    const malformed = await new Browser(t.app).get('/invite/%3Cscript%3E');
    expect(malformed.statusCode).toBe(404);
    expect(malformed.body).not.toMatch(/at .*\.ts:\d+/);
  });

  it('two concurrent redemptions of one link: exactly one member is created', async () => {
    const { group, browser } = await hostBrowser();
    const { path } = await invite(browser);
    const responses = await Promise.all([redeem(path, newcomer('race-1')), redeem(path, newcomer('race-2'))]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([303, 410]);
    expect(await countRows(t.database, 'members', 'group_id = $1', [group.id])).toBe(2); // host + one
    expect(await countRows(t.database, 'accounts', "email like 'nina-race-%'")).toBe(1);
  });

  it('bad input re-renders the form with values and messages, and leaves the link usable', async () => {
    const { browser } = await hostBrowser();
    const { path } = await invite(browser);
    const bad = await redeem(path, { name: 'Nina Neu', email: 'nina-bad@example.org', password: 'kurz', passwordConfirm: 'anders' });
    expect(bad.statusCode).toBe(400);
    const text = visibleText(bad.body);
    expect(text).toContain('Das Passwort braucht mindestens 10 Zeichen.');
    expect(bad.body).toContain('value="Nina Neu"');
    expect(bad.body).not.toContain('kurz');
    expect(await countRows(t.database, 'accounts', 'email = $1', ['nina-bad@example.org'])).toBe(0);
    expect((await redeem(path, newcomer('after-bad'))).statusCode).toBe(303);
  });

  it('an e-mail that already has an account gets a clear message and the link stays open', async () => {
    const { host, browser } = await hostBrowser();
    const { path } = await invite(browser);
    const taken = await redeem(path, { ...newcomer('dup'), email: host.email.toUpperCase() });
    expect(taken.statusCode).toBe(409);
    expect(visibleText(taken.body)).toContain('Zu dieser E-Mail-Adresse gibt es schon ein Konto');
    expect((await new Browser(t.app).get(path)).statusCode).toBe(200);
  });

  it('the host can revoke an open invitation; the link then no longer works', async () => {
    const { browser, group } = await hostBrowser();
    await invite(browser);
    const [row] = await t.database.query<{ id: string }>('select id from invitations where group_id = $1', [group.id]);
    const { path } = await invite(browser);
    // Revoke the second invitation, the one whose link we hold.
    const [newest] = await t.database.query<{ id: string }>(
      'select id from invitations where group_id = $1 and id <> $2',
      [group.id, row!.id],
    );
    const revoked = await browser.post(`/host/invitations/${newest!.id}/revoke`);
    expect(revoked.statusCode).toBe(303);
    expect(visibleText((await browser.get(revoked.headers.location as string)).body)).toContain('zurückgezogen');
    expect((await new Browser(t.app).get(path)).statusCode).toBe(410);
    // Revoking again (or another group's invitation) is a 404.
    expect((await browser.post(`/host/invitations/${newest!.id}/revoke`)).statusCode).toBe(404);
    const other = await hostBrowser();
    expect((await other.browser.post(`/host/invitations/${row!.id}/revoke`)).statusCode).toBe(404);
  });

  it('only hosts reach the invitation page', async () => {
    const { browser } = await hostBrowser();
    const { path } = await invite(browser);
    const member = new Browser(t.app);
    await redeem(path, newcomer('plain'), member);
    expect((await member.get('/host/invitations')).statusCode).toBe(403);
    expect((await member.post('/host/invitations', { email: '' })).statusCode).toBe(403);
    const anonymous = await new Browser(t.app).get('/host/invitations');
    expect(anonymous.statusCode).toBe(303);
  });

  it('redemption posts are rate-limited per address', async () => {
    const { browser } = await hostBrowser();
    const { path } = await invite(browser);
    const ip = '10.9.9.9';
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await redeem(path, { name: '' }, undefined, ip)).statusCode);
    expect(statuses.slice(0, 10).every((s) => s === 400)).toBe(true);
    expect(statuses[10]).toBe(429);
  });

  it('the invitation page speaks the group language', async () => {
    const { browser, group } = await hostBrowser({ locale: 'en' });
    const list = await browser.get('/host/invitations');
    expect(visibleText(list.body)).toContain('Invitations');
    const { path } = await invite(browser);
    const page = await new Browser(t.app, { 'accept-language': 'de-DE' }).get(path);
    expect(visibleText(page.body)).toContain(`Welcome to ${group.name}`);
    expect(visibleText(page.body)).toContain('Create account and join');
  });
});
