import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SESSION_COOKIE } from '../../server/auth/session.js';
import { Browser, createTestApp, ORIGIN, visibleText } from '../helpers/app.js';
import { LiveClient, wsUrl } from '../helpers/live.js';
import { browserAs, changedTables, createSecurityApp, pathFor, roleFor, type SecurityApp, snapshot, stateChangingRoutes } from '../helpers/security.js';
import { buildWorld, freshBrowser, PASSWORD, type World } from '../helpers/world/index.js';

/**
 * Web security basics over the whole app: the CSRF check on every state-changing route (the list
 * comes from Fastify), the security headers on every page, session fixation and logout, and the
 * rate limits on the endpoints that take secrets (login, invitation, password reset, feedback).
 */

const CROSS_SITE_TEXT = 'Diese Anfrage kam nicht von einer Kreis-Seite und wurde abgelehnt.';
const CLIENT_REFUSAL_TEXT = 'Diese Anfrage konnten wir nicht verarbeiten.';
const TOO_MANY = 'Zu viele Versuche.';

/** How a forged request arrives: what a browser sends for a form on evil.example, and what other clients might send. */
const FORGERIES: { name: string; headers: Record<string, string> }[] = [
  { name: 'Origin evil.example, Sec-Fetch-Site cross-site', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' } },
  { name: 'no Origin, Sec-Fetch-Site cross-site', headers: { 'sec-fetch-site': 'cross-site' } },
  { name: 'Origin null (sandboxed frame), Sec-Fetch-Site cross-site', headers: { origin: 'null', 'sec-fetch-site': 'cross-site' } },
  { name: 'Origin evil.example claiming Sec-Fetch-Site same-origin', headers: { origin: 'https://evil.example', 'sec-fetch-site': 'same-origin' } },
  { name: 'a sibling subdomain', headers: { origin: 'http://evil.localhost:3000', 'sec-fetch-site': 'same-site' } },
  { name: 'neither Origin nor Sec-Fetch-Site', headers: {} },
  // DNS rebinding: evil.example resolves to this server, so the browser's Origin matches its Host
  // header and Sec-Fetch-Site says same-origin. Only PUBLIC_URL tells the two apart.
  {
    name: 'Origin matching a forged Host header (DNS rebinding)',
    headers: { host: 'evil.example:3000', origin: 'http://evil.example:3000', 'sec-fetch-site': 'same-origin' },
  },
];

describe('web security', () => {
  let t: SecurityApp;
  let w: World;
  beforeAll(async () => {
    t = await createSecurityApp();
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    w = await buildWorld(t);
  }, 180_000);
  afterAll(() => t?.close());

  describe('CSRF: every state-changing route refuses a cross-site request', () => {
    it('there are state-changing routes to check (derived from Fastify)', () => {
      expect(stateChangingRoutes(t.routes).length).toBeGreaterThan(25);
    });

    it('each one answers 403 with the cross-site message and changes nothing, as the role that may use it', async () => {
      const checked: string[] = [];
      for (const route of stateChangingRoutes(t.routes)) {
        const role = roleFor(route);
        const url = pathFor(route.url, w);
        const browser = await browserAs(t.app, w, role);
        const before = await snapshot(t.database);
        for (const forgery of FORGERIES) {
          const body = new URLSearchParams({ name: 'Gekapert', email: 'x@evil.example', confirm: 'on' }).toString();
          const response = await browser.request({
            method: route.method as 'POST',
            url,
            payload: body,
            headers: { 'content-type': 'application/x-www-form-urlencoded', ...forgery.headers },
          });
          const label = `${route.method} ${url} as ${role}, ${forgery.name}`;
          expect(response.statusCode, label).toBe(403);
          // The client's feedback page keeps its own light layout and wording for every refusal.
          expect(visibleText(response.body), label).toContain(url.startsWith('/f/') ? CLIENT_REFUSAL_TEXT : CROSS_SITE_TEXT);
          checked.push(label);
        }
        const after = await snapshot(t.database);
        expect(changedTables(before, after), `${route.method} ${route.url}: tables written by forged requests`).toEqual([]);
      }
      expect(checked.length).toBe(stateChangingRoutes(t.routes).length * FORGERIES.length);
    }, 120_000);

    it('a multipart upload from another site is refused before the file is read', async () => {
      const browser = await browserAs(t.app, w, 'member');
      const boundary = '----evil';
      const response = await browser.request({
        method: 'POST',
        url: '/profile/photo',
        payload: `--${boundary}\r\nContent-Disposition: form-data; name="photo"; filename="x.png"\r\nContent-Type: image/png\r\n\r\nxx\r\n--${boundary}--\r\n`,
        headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' },
      });
      expect(response.statusCode).toBe(403);
    });

    it('the same form from our own page passes the check (the refusals above are the CSRF check, not something else)', async () => {
      const browser = await browserAs(t.app, w, 'member');
      const ours = await browser.post('/notifications/read', {});
      expect(ours.statusCode).toBe(303);
      const noOriginSameOrigin = await browser.request({
        method: 'POST',
        url: '/notifications/read',
        payload: '',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'sec-fetch-site': 'same-origin' },
      });
      expect(noOriginSameOrigin.statusCode).toBe(303);
    });

    it('the live socket refuses an upgrade from another site (cross-site WebSocket hijacking), for members and guests', async () => {
      const url = wsUrl(t.app, w.breakfast.id);
      const member = `${SESSION_COOKIE}=${w.tokens.member}`;
      const guest = `kreis_guest=${w.guest.token}`;
      for (const cookie of [member, guest]) {
        await expect(LiveClient.connect(url, cookie, 'https://evil.example')).rejects.toThrow('upgrade refused: 403');
        // The Origin of the address the socket was opened on, not PUBLIC_URL (a rebinding page's Host).
        await expect(LiveClient.connect(url, cookie, new URL(url.replace(/^ws/, 'http')).origin)).rejects.toThrow('upgrade refused: 403');
        const ours = await LiveClient.connect(url, cookie, ORIGIN);
        await ours.waitForState(() => true);
        await ours.close();
      }
    });
  });

  describe('security headers', () => {
    const PAGES = (world: World, routes: SecurityApp['routes']) =>
      routes
        .filter((r) => r.method === 'GET' && !r.url.endsWith('/socket'))
        .map((r) => pathFor(r.url, world));

    it('every page (each GET route of the app) has a CSP without inline or eval scripts, and the other helmet headers', async () => {
      const pages = PAGES(w, t.routes);
      expect(pages.length).toBeGreaterThan(30);
      for (const role of ['host', 'anonymous'] as const) {
        const browser = await browserAs(t.app, w, role);
        for (const url of [...pages, '/does-not-exist']) {
          const response = await browser.get(url);
          const label = `GET ${url} as ${role} (${response.statusCode})`;
          const csp = String(response.headers['content-security-policy'] ?? '');
          const directives = new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));
          const scriptSrc = directives.get('script-src') ?? directives.get('default-src');
          expect(scriptSrc, label).toBeDefined();
          expect(scriptSrc, label).not.toContain("'unsafe-inline'");
          expect(scriptSrc, label).not.toContain("'unsafe-eval'");
          expect(scriptSrc, label).not.toContain('*');
          expect(directives.get('object-src'), label).toEqual(["'none'"]);
          expect(directives.get('base-uri'), label).toEqual(["'self'"]);
          expect(directives.get('frame-ancestors'), label).toEqual(["'self'"]);
          expect(directives.get('form-action'), label).toEqual(["'self'"]);
          expect(response.headers['x-frame-options'], label).toBe('SAMEORIGIN');
          expect(response.headers['x-content-type-options'], label).toBe('nosniff');
          expect(response.headers['referrer-policy'], label).toBe('same-origin');
          expect(response.headers['cross-origin-opener-policy'], label).toBe('same-origin');
          expect(response.headers['strict-transport-security'], `${label}: no HSTS over http`).toBeUndefined();
          expect(response.headers['x-powered-by'], label).toBeUndefined();
          if (String(response.headers['content-type']).startsWith('text/html')) {
            // The CSP would block these silently: a page must not need them.
            expect(response.body, `${label}: inline <script>`).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/i);
            expect(response.body, `${label}: inline event handler`).not.toMatch(/<[^>]+\son[a-z]+\s*=/i);
            expect(response.body, `${label}: javascript: URL`).not.toMatch(/(href|src|action)\s*=\s*["']?\s*javascript:/i);
          }
        }
      }
    }, 120_000);

    it('refusals and errors carry the headers too (403 cross-site, 404, 400 framework error)', async () => {
      const forged = await t.app.inject({ method: 'POST', url: '/logout', headers: { origin: 'https://evil.example' } });
      const broken = await t.app.inject({ method: 'GET', url: '/m/%E0%A4%A' });
      for (const response of [forged, broken]) {
        expect(String(response.headers['content-security-policy'])).toContain("script-src 'self'");
        expect(response.headers['x-content-type-options']).toBe('nosniff');
      }
    });

    it('over https: HSTS, upgrade-insecure-requests and Secure cookies', async () => {
      const secure = await createTestApp({ publicUrl: new URL('https://kreis.example.org'), secureCookies: true });
      try {
        const page = await secure.app.inject({ url: '/login' });
        expect(page.headers['strict-transport-security']).toMatch(/max-age=\d{7,}/);
        expect(String(page.headers['content-security-policy'])).toContain('upgrade-insecure-requests');
        const { seedGroup } = await import('../helpers/world/index.js');
        const { host } = await seedGroup(secure.app.db);
        const login = await secure.app.inject({
          method: 'POST',
          url: '/login',
          payload: new URLSearchParams({ email: host.email, password: PASSWORD }).toString(),
          headers: { 'content-type': 'application/x-www-form-urlencoded', origin: 'https://kreis.example.org' },
        });
        expect(login.statusCode).toBe(303);
        expect(String(login.headers['set-cookie'])).toMatch(/kreis_session=[^;]+;.*Secure/i);
      } finally {
        await secure.close();
      }
    }, 120_000);
  });

  describe('sessions', () => {
    async function cookieLine(response: { headers: Record<string, unknown> }) {
      return [response.headers['set-cookie']].flat().map(String).find((line) => line.startsWith(`${SESSION_COOKIE}=`));
    }

    it('the session cookie is HttpOnly, SameSite=Lax, for the whole site, and not Secure over plain http', async () => {
      const browser = freshBrowser(t.app);
      const login = await browser.login(w.people.member.email, PASSWORD);
      const line = (await cookieLine(login))!;
      expect(line).toMatch(/HttpOnly/i);
      expect(line).toMatch(/SameSite=Lax/i);
      expect(line).toMatch(/Path=\//);
      expect(line).toMatch(/Expires=/);
      expect(line).not.toMatch(/Secure/i);
    });

    it('a forged session cookie is ignored (no access) and cleared; logging in replaces it', async () => {
      const browser = freshBrowser(t.app);
      const forged = 'aaaaaaaaaaaaaaaaaaaaaaaa.bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb';
      browser.cookies.set(SESSION_COOKIE, forged);
      const roster = await browser.get('/roster');
      expect(roster.statusCode).toBe(303);
      expect(roster.headers.location).toBe('/login?next=%2Froster');
      expect(String(await cookieLine(roster))).toMatch(/^kreis_session=;/);

      browser.cookies.set(SESSION_COOKIE, forged);
      await browser.login(w.people.member.email, PASSWORD);
      expect(browser.cookies.get(SESSION_COOKIE)).not.toBe(forged);
      expect((await browser.get('/roster')).statusCode).toBe(200);
    });

    it('session fixation: a valid session planted before login is not the one after it, and is ended', async () => {
      // The attacker logs in as themselves and plants their cookie in the victim's browser.
      const attacker = freshBrowser(t.app);
      await attacker.login(w.people.giver.email, PASSWORD);
      const planted = attacker.cookies.get(SESSION_COOKIE)!;
      const victim = freshBrowser(t.app);
      victim.cookies.set(SESSION_COOKIE, planted);
      await victim.login(w.people.receiver.email, PASSWORD);
      const after = victim.cookies.get(SESSION_COOKIE)!;
      expect(after).not.toBe(planted);
      expect(after.split('.')[0]).not.toBe(planted.split('.')[0]);
      // The planted session does not become the victim's, and is gone: the attacker holds nothing.
      const replay = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `${SESSION_COOKIE}=${planted}` } });
      expect(replay.statusCode).toBe(303);
      expect(await t.database.query('select 1 from sessions where id = $1', [planted.split('.')[0]])).toHaveLength(0);
      const mine = await victim.get('/account');
      expect(visibleText(mine.body)).toContain('Petra Privat');
    });

    it('an invitation redemption and a password reset also start a new session, not the planted one', async () => {
      const attacker = freshBrowser(t.app);
      await attacker.login(w.people.sven.email, PASSWORD);
      const planted = attacker.cookies.get(SESSION_COOKIE)!;
      const victim = freshBrowser(t.app);
      victim.cookies.set(SESSION_COOKIE, planted);
      const reset = await victim.post(`/password/reset/${w.resetToken}`, {
        newPassword: 'ein neues langes Passwort',
        newPasswordConfirm: 'ein neues langes Passwort',
      });
      expect(reset.statusCode).toBe(303);
      expect(victim.cookies.get(SESSION_COOKIE)).not.toBe(planted);
      expect(visibleText((await victim.get('/account')).body)).toContain('Tara Tausch');
      const replay = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `${SESSION_COOKIE}=${planted}` } });
      expect(replay.statusCode).toBe(303);
    });

    it('logout ends the session on the server: the old cookie no longer works, its row is gone', async () => {
      const browser = freshBrowser(t.app);
      await browser.login(w.people.member.email, PASSWORD);
      const token = browser.cookies.get(SESSION_COOKIE)!;
      expect((await browser.get('/account')).statusCode).toBe(200);
      const logout = await browser.post('/logout', {});
      expect(logout.statusCode).toBe(303);
      expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
      expect(await t.database.query('select 1 from sessions where id = $1', [token.split('.')[0]])).toHaveLength(0);
      for (const url of ['/account', '/roster', '/referrals']) {
        const replay = await t.app.inject({ method: 'GET', url, headers: { cookie: `${SESSION_COOKIE}=${token}` } });
        expect(replay.statusCode, url).toBe(303);
        expect(replay.headers.location, url).toBe(`/login?next=${encodeURIComponent(url)}`);
      }
      const write = await t.app.inject({
        method: 'POST',
        url: '/notifications/read',
        headers: { cookie: `${SESSION_COOKIE}=${token}`, origin: ORIGIN, 'content-type': 'application/x-www-form-urlencoded' },
        payload: '',
      });
      expect(write.statusCode).toBe(401);
      // Other sessions of the same account are not affected by this browser's logout.
      expect((await browserAs(t.app, w, 'member').then((b) => b.get('/account'))).statusCode).toBe(200);
    });

    it('a session token with the right id but a wrong secret is refused', async () => {
      const browser = freshBrowser(t.app);
      await browser.login(w.people.member.email, PASSWORD);
      const [id] = browser.cookies.get(SESSION_COOKIE)!.split('.');
      const guessed = await t.app.inject({ method: 'GET', url: '/account', headers: { cookie: `${SESSION_COOKIE}=${id}.${'x'.repeat(32)}` } });
      expect(guessed.statusCode).toBe(303);
      expect((await browser.get('/account')).statusCode).toBe(200);
    });
  });

  describe('rate limits on the endpoints that take secrets', () => {
    /** Sends `request` until it is refused; returns the statuses seen. */
    async function hammer(limit: number, send: (attempt: number) => Promise<{ statusCode: number; body: string; headers: Record<string, unknown> }>) {
      const statuses: number[] = [];
      for (let attempt = 1; attempt <= limit; attempt++) statuses.push((await send(attempt)).statusCode);
      const blocked = await send(limit + 1);
      return { statuses, blocked };
    }

    it('login: per address (20) — 429 with a readable message and Retry-After', async () => {
      const browser = freshBrowser(t.app);
      const { statuses, blocked } = await hammer(20, (n) => browser.post('/login', { email: `guess-${n}@example.org`, password: 'falsch geraten' }));
      expect(new Set(statuses)).toEqual(new Set([400]));
      expect(blocked.statusCode).toBe(429);
      expect(visibleText(blocked.body)).toContain(TOO_MANY);
      expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
    });

    it('invitation redemption: per address (10), and a right answer after that is refused too', async () => {
      const browser = freshBrowser(t.app);
      const { blocked } = await hammer(10, (n) => browser.post(`/invite/${String(n).padStart(32, 'z')}`, { name: 'X', email: 'x@example.org', password: PASSWORD, passwordConfirm: PASSWORD }));
      expect(blocked.statusCode).toBe(429);
      const real = await browser.post(`/invite/${w.invitationToken}`, { name: 'Ines', email: 'ines@example.org', password: PASSWORD, passwordConfirm: PASSWORD });
      expect(real.statusCode).toBe(429);
    });

    it('invitation links cannot be probed by opening them: GET /invite/:token is limited per address', async () => {
      const browser = freshBrowser(t.app);
      const { statuses, blocked } = await hammer(30, (n) => browser.get(`/invite/${String(n).padStart(32, 'y')}`));
      expect(new Set(statuses)).toEqual(new Set([404]));
      expect(blocked.statusCode).toBe(429);
      expect(visibleText(blocked.body)).toContain(TOO_MANY);
      expect((await browser.get(`/invite/${w.invitationToken}`)).statusCode).toBe(429);
      expect((await freshBrowser(t.app).get(`/invite/${w.invitationToken}`)).statusCode).toBe(200);
    });

    it('password reset: POST /password/forgot per address (10) and per typed e-mail (5)', async () => {
      const browser = freshBrowser(t.app);
      const perAddress = await hammer(10, (n) => browser.post('/password/forgot', { email: `someone-${n}@example.org` }));
      expect(perAddress.blocked.statusCode).toBe(429);
      const email = 'flooded@example.org';
      const perEmail = await hammer(5, () => freshBrowser(t.app).post('/password/forgot', { email }));
      expect(new Set(perEmail.statuses)).toEqual(new Set([200]));
      expect(perEmail.blocked.statusCode).toBe(429);
    });

    it('password reset: POST /password/reset/:token per address (10)', async () => {
      const browser = freshBrowser(t.app);
      const form = { newPassword: 'ein langes neues Passwort', newPasswordConfirm: 'ein langes neues Passwort' };
      const { statuses, blocked } = await hammer(10, (n) => browser.post(`/password/reset/${String(n).padStart(32, 'a')}`, form));
      expect(new Set(statuses)).toEqual(new Set([404]));
      expect(blocked.statusCode).toBe(429);
    });

    it('password reset links cannot be probed by opening them: GET /password/reset/:token is limited per address', async () => {
      const browser = freshBrowser(t.app);
      const { statuses, blocked } = await hammer(30, (n) => browser.get(`/password/reset/${String(n).padStart(32, 'c')}`));
      expect(new Set(statuses)).toEqual(new Set([404]));
      expect(blocked.statusCode).toBe(429);
      expect(visibleText(blocked.body)).toContain(TOO_MANY);
    });

    it('feedback links: GET and POST /f/:token share one budget per address', async () => {
      const { FEEDBACK_RATE_LIMIT } = await import('../../server/feedback/routes.js');
      const browser = freshBrowser(t.app);
      const max = FEEDBACK_RATE_LIMIT.max as number;
      const { blocked } = await hammer(max, (n) =>
        n % 2 ? browser.get(`/f/${String(n).padStart(32, 'd')}`) : browser.post(`/f/${String(n).padStart(32, 'd')}`, { contacted: 'yes' }),
      );
      expect(blocked.statusCode).toBe(429);
      expect((await browser.get(`/f/${w.referral.token}`)).statusCode).toBe(429);
    });

    it('guest registration: per address (10)', async () => {
      const browser = freshBrowser(t.app);
      const { blocked } = await hammer(10, () => browser.post(`/g/${w.spare.guestToken}`, { name: '', trade: '' }));
      expect(blocked.statusCode).toBe(429);
    });

    it('a refused request carries no session: being limited never signs anyone in', async () => {
      const browser = new Browser(t.app, { 'x-forwarded-for': '10.250.250.250' });
      for (let n = 0; n < 21; n++) await browser.post('/login', { email: `z${n}@example.org`, password: 'nope nope nope' });
      const right = await browser.post('/login', { email: w.people.host.email, password: PASSWORD });
      expect(right.statusCode).toBe(429);
      expect(browser.cookies.has(SESSION_COOKIE)).toBe(false);
    });
  });
});
