import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';

const TOO_MANY = 'Zu viele Versuche. Bitte warte ein paar Minuten und versuche es dann erneut.';

describe('rate limits on login and password reset', () => {
  let t: TestApp;
  beforeAll(async () => {
    // Behind a proxy the client address comes from X-Forwarded-For: each test gets its own address.
    t = await createTestApp({ smtpUrl: 'smtp://localhost:2525', trustProxy: true });
  });
  afterAll(() => t.close());

  let address = 0;
  const fromAddress = (ip: string) => new Browser(t.app, { 'x-forwarded-for': ip });
  const nextAddress = () => `10.30.0.${++address}`;

  it('the 21st login attempt from one address gets 429 with a clear German message', async () => {
    const browser = fromAddress(nextAddress());
    for (let attempt = 1; attempt <= 20; attempt++) {
      // A different e-mail each time, so only the per-address limit applies.
      const response = await browser.post('/login', { email: `guess-${attempt}@example.org`, password: 'falsch geraten' });
      expect(response.statusCode, `attempt ${attempt}`).toBe(400);
    }
    const blocked = await browser.post('/login', { email: 'guess-21@example.org', password: 'falsch geraten' });
    expect(blocked.statusCode).toBe(429);
    expect(visibleText(blocked.body)).toContain(TOO_MANY);

    const otherAddress = await fromAddress(nextAddress()).post('/login', { email: 'guess-21@example.org', password: 'falsch geraten' });
    expect(otherAddress.statusCode).toBe(400);
  });

  it('the 11th login attempt for one account is refused even from changing addresses', async () => {
    const email = `target-${Date.now()}@example.org`;
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await fromAddress(nextAddress()).post('/login', { email, password: `guess ${attempt}` });
      expect(response.statusCode, `attempt ${attempt}`).toBe(400);
    }
    const blocked = await fromAddress(nextAddress()).post('/login', { email, password: 'guess 11' });
    expect(blocked.statusCode).toBe(429);
    expect(Number(blocked.headers['retry-after'])).toBeGreaterThan(0);
  });

  it('forgot-password is limited per address', async () => {
    const browser = fromAddress(nextAddress());
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await browser.post('/password/forgot', { email: `someone-${attempt}@example.org` });
      expect(response.statusCode, `attempt ${attempt}`).toBe(200);
    }
    const blocked = await browser.post('/password/forgot', { email: 'someone-11@example.org' });
    expect(blocked.statusCode).toBe(429);
    expect(visibleText(blocked.body)).toContain(TOO_MANY);
  });

  it('forgot-password is limited per e-mail address, whatever the client address', async () => {
    const email = `flooded-${Date.now()}@example.org`;
    for (let attempt = 1; attempt <= 5; attempt++) {
      const response = await fromAddress(nextAddress()).post('/password/forgot', { email });
      expect(response.statusCode, `attempt ${attempt}`).toBe(200);
    }
    const blocked = await fromAddress(nextAddress()).post('/password/forgot', { email: email.toUpperCase() });
    expect(blocked.statusCode).toBe(429);
  });

  it('setting a password through a reset link is limited per address', async () => {
    const browser = fromAddress(nextAddress());
    const form = { newPassword: 'ein langes neues Passwort', newPasswordConfirm: 'ein langes neues Passwort' };
    for (let attempt = 1; attempt <= 10; attempt++) {
      const response = await browser.post(`/password/reset/${String(attempt).padStart(32, 'a')}`, form);
      expect(response.statusCode, `attempt ${attempt}`).toBe(404);
    }
    const blocked = await browser.post(`/password/reset/${'b'.repeat(32)}`, form);
    expect(blocked.statusCode).toBe(429);
  });
});
