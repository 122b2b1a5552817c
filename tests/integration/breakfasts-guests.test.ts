import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GUEST_COOKIE, guestFromToken } from '../../server/breakfasts/guests.js';
import { GUEST_REGISTER_LIMIT } from '../../server/breakfasts/guest-routes.js';
import { sha256Hex } from '../../server/shared/tokens.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, giveTrade, freshBrowser, PASSWORD, planBreakfast, seedGroup, seedMember } from '../helpers/world/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t.close();
});

const UNKNOWN_TOKEN = 'abcdefghijkmnpqrstuvwxyz23456789';

/** A group (in `locale`) whose member Rita holds Steuerberatung, and a breakfast with its guest link. */
async function breakfastWithLink(locale: 'de' | 'en' = 'de') {
  const { group, host } = await seedGroup(t.app.db, { name: 'Kreis Süd', locale });
  const rita = await seedMember(t.app.db, group.id, 'Rita Rechner');
  await giveTrade(t.database, group.id, rita.member.id, 'Steuerberatung');
  const hostBrowser = freshBrowser(t.app);
  await hostBrowser.login(host.email, PASSWORD);
  const planned = await planBreakfast(hostBrowser);
  return { group, hostBrowser, id: planned.id, token: planned.guestToken! };
}

const guestForm = (overrides: Record<string, string> = {}) => ({
  name: 'Gustav Gast',
  trade: 'Fotografie',
  email: 'gustav@example.org',
  warum: 'Ich zeige Betriebe so, wie ihre Kunden sie erleben sollen.',
  ...overrides,
});

describe('the guest link', () => {
  it('shows the breakfast and a form without an account, in the group language', async () => {
    const { token } = await breakfastWithLink('en');
    const page = await new ClientBrowser(t.app).get(`/g/${token}`);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Welcome to the breakfast of Kreis Süd');
    expect(text).toContain('Your trade');
  });

  it('registers a guest, sets the guest cookie and leads to the live room', async () => {
    const { id, token } = await breakfastWithLink();
    const guest = new ClientBrowser(t.app);
    const response = await guest.post(`/g/${token}`, guestForm());
    expect(response.statusCode).toBe(200);
    const text = visibleText(response.body);
    expect(text).toContain('Schön, dass du dabei bist, Gustav Gast!');
    expect(text).toContain('Do., 3. Dez., 07:30');
    expect(text).not.toContain('schon vertreten');
    expect(response.body).toContain(`href="/breakfasts/${id}/live"`);

    const cookie = (response.cookies as { name: string; value: string; httpOnly?: boolean; sameSite?: string; path?: string; expires?: Date }[]).find(
      (c) => c.name === GUEST_COOKIE,
    );
    expect(cookie).toBeDefined();
    expect(cookie!.httpOnly).toBe(true);
    expect(cookie!.sameSite).toBe('Lax');
    expect(cookie!.path).toBe('/');
    // A day after the breakfast ends (06:30 UTC + 90 minutes).
    expect(cookie!.expires?.toISOString()).toBe('2026-12-04T08:00:00.000Z');

    const found = await guestFromToken(t.app.db, cookie!.value);
    expect(found).toMatchObject({ breakfastId: id, name: 'Gustav Gast', trade: 'Fotografie', email: 'gustav@example.org' });
    expect(found!.accessTokenHash).toBe(sha256Hex(cookie!.value));
    expect(await guestFromToken(t.app.db, 'x'.repeat(32))).toBeUndefined();
    expect(await guestFromToken(t.app.db, undefined)).toBeUndefined();

    // Coming back with the cookie shows the welcome page again, not the form.
    const again = await guest.get(`/g/${token}`);
    expect(visibleText(again.body)).toContain('Schön, dass du dabei bist, Gustav Gast!');
  });

  it('tells a guest politely that their trade is taken, and registers them anyway', async () => {
    const { id, token, hostBrowser } = await breakfastWithLink();
    const response = await new ClientBrowser(t.app).post(`/g/${token}`, guestForm({ name: 'Stefan Steuer', trade: 'steuerberatung' }));
    expect(response.statusCode).toBe(200);
    expect(visibleText(response.body)).toContain(
      'Das Gewerk Steuerberatung ist in dieser Runde schon vertreten – du bist trotzdem herzlich willkommen.',
    );
    expect(await countRows(t.database, 'breakfast_guests', 'breakfast_id = $1 and name = $2', [id, 'Stefan Steuer'])).toBe(1);
    // The host sees the guest on the breakfast page.
    expect(visibleText((await hostBrowser.get(`/breakfasts/${id}`)).body)).toContain('Stefan Steuer steuerberatung');
  });

  it('refuses bad input with messages and saves nothing', async () => {
    const { id, token } = await breakfastWithLink();
    const guest = new ClientBrowser(t.app);
    const response = await guest.post(`/g/${token}`, guestForm({ name: '', email: 'keine-adresse', warum: 'x'.repeat(501) }));
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte prüfe die markierten Felder');
    expect(response.body).toContain('value="keine-adresse"');
    expect(await countRows(t.database, 'breakfast_guests', 'breakfast_id = $1', [id])).toBe(0);
    expect(guest.cookies.has(GUEST_COOKIE)).toBe(false);
  });

  it('answers 404 for an unknown or malformed link, and 410 once the breakfast is cancelled', async () => {
    const { id, token, hostBrowser } = await breakfastWithLink();
    const guest = new ClientBrowser(t.app);
    expect((await guest.get(`/g/${UNKNOWN_TOKEN}`)).statusCode).toBe(404);
    expect((await guest.get('/g/not-a-token')).statusCode).toBe(404);
    expect((await guest.post(`/g/${UNKNOWN_TOKEN}`, guestForm())).statusCode).toBe(404);
    await hostBrowser.post(`/breakfasts/${id}/cancel`, {});
    expect((await guest.post(`/g/${token}`, guestForm())).statusCode).toBe(410);
    expect(await countRows(t.database, 'breakfast_guests', 'breakfast_id = $1', [id])).toBe(0);
  });

  it('refuses a cancelled breakfast in the group language', async () => {
    const { id, token, hostBrowser } = await breakfastWithLink('en');
    await hostBrowser.post(`/breakfasts/${id}/cancel`, {});
    const response = await new ClientBrowser(t.app).get(`/g/${token}`);
    expect(response.statusCode).toBe(410);
    expect(visibleText(response.body)).toContain('This breakfast is cancelled.');
  });

  it('marks the guest cookie Secure when the app runs on https', async () => {
    const secure = await createTestApp({ trustProxy: true, secureCookies: true });
    try {
      const { host } = await seedGroup(secure.app.db);
      const hostBrowser = freshBrowser(secure.app);
      await hostBrowser.login(host.email, PASSWORD);
      const { guestToken } = await planBreakfast(hostBrowser);
      const response = await new ClientBrowser(secure.app).post(`/g/${guestToken}`, guestForm());
      const cookie = (response.cookies as { name: string; secure?: boolean }[]).find((c) => c.name === GUEST_COOKIE);
      expect(cookie?.secure).toBe(true);
    } finally {
      await secure.close();
    }
  });

  it('limits registrations per address (429)', async () => {
    const { token } = await breakfastWithLink();
    const guest = new ClientBrowser(t.app);
    for (let i = 0; i < GUEST_REGISTER_LIMIT.max; i++) {
      expect((await guest.post(`/g/${token}`, guestForm({ name: '' }))).statusCode).toBe(400);
    }
    const limited = await guest.post(`/g/${token}`, guestForm());
    expect(limited.statusCode).toBe(429);
    // Another address is not affected.
    expect((await new ClientBrowser(t.app).post(`/g/${token}`, guestForm())).statusCode).toBe(200);
  });
});
