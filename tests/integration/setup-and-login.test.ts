import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMemberAccount } from '../../server/members/accounts.js';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { seedGroup, seedMember } from '../helpers/world/index.js';

describe('first start: set-up, login, logout', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const setupForm = {
    groupName: 'Frühstücksrunde Musterstadt',
    city: 'Musterstadt',
    locale: 'de',
    hostName: 'Hanna Gastgeber',
    email: 'hanna@example.org',
    password: 'ein langes Passwort',
    passwordConfirm: 'ein langes Passwort',
  };

  it('an empty database sends the visitor to the set-up page', async () => {
    const browser = new Browser(t.app);
    const home = await browser.get('/');
    expect(home.statusCode).toBe(303);
    expect(home.headers.location).toBe('/setup');
    const setup = await browser.get('/setup');
    expect(setup.statusCode).toBe(200);
    expect(visibleText(setup.body)).toContain('Kreis einrichten');
  });

  it('bad input re-renders the form with the values and a message per field, saving nothing', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/setup', { ...setupForm, email: 'not-an-email', password: 'kurz', passwordConfirm: 'anders' });
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte gib eine gültige E-Mail-Adresse an.');
    expect(text).toContain('Das Passwort braucht mindestens 10 Zeichen.');
    expect(response.body).toContain('value="Frühstücksrunde Musterstadt"');
    expect(response.body).not.toContain('kurz"');
    expect(await countRows(t.database, 'groups')).toBe(0);
  });

  it('a cross-site form post is refused and changes nothing', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/setup', setupForm, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(await countRows(t.database, 'groups')).toBe(0);
  });

  it('set-up creates the group and its host, logs the host in, and cannot be repeated', async () => {
    const browser = new Browser(t.app);
    const response = await browser.post('/setup', setupForm);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe('/profile/edit');
    const cookie = (response.cookies as { name: string; httpOnly?: boolean; sameSite?: string }[]).find((c) => c.name === 'kreis_session');
    expect(cookie?.httpOnly).toBe(true);
    expect(cookie?.sameSite).toBe('Lax');

    const roster = await browser.get('/roster');
    expect(roster.statusCode).toBe(200);
    expect(visibleText(roster.body)).toContain('Hanna Gastgeber');
    expect(visibleText(roster.body)).toContain('Frühstücksrunde Musterstadt');

    const again = await new Browser(t.app).post('/setup', { ...setupForm, email: 'other@example.org' });
    expect(again.statusCode).toBe(303);
    expect(await countRows(t.database, 'groups')).toBe(1);
  });

  it('the session token is stored only as a hash', async () => {
    const browser = new Browser(t.app);
    await browser.login('hanna@example.org', 'ein langes Passwort');
    const token = browser.cookies.get('kreis_session')!;
    const [id, secret] = token.split('.');
    const rows = await t.database.query<{ id: string; secret_hash: unknown }>('select id, secret_hash from sessions where id = $1', [id]);
    expect(rows).toHaveLength(1);
    expect(JSON.stringify(rows)).not.toContain(secret!);
  });

  it('wrong credentials give a clear message; logout ends the session', async () => {
    const browser = new Browser(t.app);
    const wrong = await browser.post('/login', { email: 'hanna@example.org', password: 'falsches Passwort' });
    expect(wrong.statusCode).toBe(400);
    expect(visibleText(wrong.body)).toContain('E-Mail oder Passwort stimmen nicht.');

    await browser.login('HANNA@example.org', 'ein langes Passwort');
    expect((await browser.get('/roster')).statusCode).toBe(200);
    const token = browser.cookies.get('kreis_session')!;
    await browser.post('/logout');
    const after = await browser.get('/roster');
    expect(after.statusCode).toBe(303);
    expect(after.headers.location).toBe('/login?next=%2Froster');
    // The old cookie is dead on the server too, not just removed from the browser.
    const replay = await t.app.inject({ method: 'GET', url: '/roster', headers: { cookie: `kreis_session=${token}` } });
    expect(replay.statusCode).toBe(303);
  });

  it('unknown pages give a friendly 404 in the visitor’s chosen language (else the group’s: signed-out-language.test.ts)', async () => {
    const response = await new Browser(t.app, { 'accept-language': 'en-US,en;q=0.9' }).get('/does-not-exist?lang=en');
    expect(response.statusCode).toBe(404);
    expect(visibleText(response.body)).toContain('This page does not exist.');
  });

  it('URLs the router refuses get a page too, never a JSON echo of the URL', async () => {
    const browser = new Browser(t.app, { 'accept-language': 'de-DE' });
    const long = await browser.get(`/m/${'a'.repeat(300)}`);
    expect(long.statusCode).toBe(404);
    expect(visibleText(long.body)).toContain('Diese Seite gibt es nicht.');
    expect(long.body).not.toContain('a'.repeat(300));
    const broken = await browser.get('/m/%E0%A4%A');
    expect(broken.statusCode).toBe(400);
    expect(broken.headers['content-type']).toContain('text/html');
  });

  it('/healthz reports the database', async () => {
    const response = await t.app.inject({ method: 'GET', url: '/healthz' });
    expect(response.statusCode).toBe(200);
    expect(response.json().status).toBe('ok');
  });
});

describe('creating accounts at the same moment', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('two members with the same name get distinct profile addresses; one e-mail gets one account', async () => {
    const { group } = await seedGroup(t.app.db);
    const same = await Promise.all([1, 2, 3].map((n) => seedMember(t.app.db, group.id, 'Thomas Berger').then((m) => m.member.slug)));
    expect(new Set(same).size).toBe(3);
    const person = { name: 'Eva Eile', email: 'eva@example.org', password: 'ein langes Passwort' };
    const results = await Promise.allSettled([1, 2].map(() => addMemberAccount(t.app.db, group.id, person)));
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { code: 'conflict' } });
  });
});

describe('security headers', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  it('every page carries a CSP without inline scripts and the other protective headers', async () => {
    for (const url of ['/login', '/does-not-exist', '/public/css/app.css']) {
      const response = await t.app.inject({ url });
      const csp = String(response.headers['content-security-policy']);
      expect(csp, url).toContain("script-src 'self'");
      expect(csp, url).not.toContain('unsafe-inline');
      expect(response.headers['x-content-type-options'], url).toBe('nosniff');
      expect(response.headers['x-frame-options'], url).toBe('SAMEORIGIN');
      expect(response.headers['referrer-policy'], url).toBe('same-origin');
      expect(response.headers['strict-transport-security'], url).toBeUndefined();
    }
  });

  it('https deployments get HSTS', async () => {
    const secure = await createTestApp({ publicUrl: new URL('https://kreis.example.org'), secureCookies: true });
    try {
      const response = await secure.app.inject({ url: '/login' });
      expect(response.headers['strict-transport-security']).toContain('max-age=');
    } finally {
      await secure.close();
    }
  });
});
