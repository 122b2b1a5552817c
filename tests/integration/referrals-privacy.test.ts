import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveReferral, referralForm, seedCircle } from '../helpers/world/index.js';

const CLIENT = { clientName: 'Klara Kundin', clientEmail: 'klara.kundin@example.org', clientPhone: '+49 171 5550199' };

describe('client data stays with the giver and the receiver', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  async function given() {
    const c = await seedCircle(t);
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, CLIENT));
    return { ...c, id };
  }

  function expectNoClientData(body: string) {
    for (const value of Object.values(CLIENT)) expect(body).not.toContain(value);
  }

  it('shows the client to the giver and the receiver on the referral page', async () => {
    const c = await given();
    for (const browser of [c.browsers.giver, c.browsers.receiver]) {
      const text = visibleText((await browser.get(`/referrals/${c.id}`)).body);
      for (const value of Object.values(CLIENT)) expect(text).toContain(value);
    }
  });

  it('answers 404 to a third member and to another group, and never shows them client data', async () => {
    const c = await given();
    for (const browser of [c.browsers.third, c.browsers.stranger]) {
      const urls = [`/referrals/${c.id}`, `/referrals/${c.id}/link`];
      for (const url of urls) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(404);
        expectNoClientData(response.body);
      }
      for (const url of [`/referrals/${c.id}/erase-client`, `/referrals/${c.id}/link`]) {
        const response = await browser.post(url, { confirm: 'on' });
        expect(response.statusCode, url).toBe(404);
        expectNoClientData(response.body);
      }
      for (const url of ['/referrals', '/notifications', '/referrals/new']) {
        const response = await browser.get(url);
        expect(response.statusCode, url).toBe(200);
        expectNoClientData(response.body);
        expect(response.body).not.toContain(c.id);
      }
    }
  });

  it('keeps client data out of the lists, even for the giver and the receiver', async () => {
    const c = await given();
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'contacted' });
    for (const browser of [c.browsers.giver, c.browsers.receiver]) {
      for (const url of ['/referrals', '/notifications']) {
        const response = await browser.get(url);
        expect(response.body, url).toContain(`/referrals/${c.id}`);
        expectNoClientData(response.body);
      }
    }
  });

  it('answers 404 for ids that are not ids', async () => {
    const c = await given();
    for (const url of ['/referrals/123', '/referrals/%27%20or%201%3D1', `/referrals/${c.id}x`]) {
      expect((await c.browsers.giver.get(url)).statusCode, url).toBe(404);
    }
  });

  it('lets the giver erase the client data; the ledger stays as it was', async () => {
    const c = await given();
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'won', value: '900' });
    const ledgerBefore = await t.database.query(`select * from trust_events where group_id = $1 order by seq`, [c.group.id]);

    const unconfirmed = await c.browsers.giver.post(`/referrals/${c.id}/erase-client`, {});
    expect(unconfirmed.statusCode).toBe(400);
    expect(visibleText(unconfirmed.body)).toContain('Bitte bestätige, dass die Daten endgültig gelöscht werden sollen.');
    expect(await countRows(t.database, 'referrals', 'id = $1 and client_name is not null', [c.id])).toBe(1);

    expect((await c.browsers.receiver.post(`/referrals/${c.id}/erase-client`, { confirm: 'on' })).statusCode).toBe(403);
    expect(await countRows(t.database, 'referrals', 'id = $1 and client_name is not null', [c.id])).toBe(1);

    const erased = await c.browsers.giver.post(`/referrals/${c.id}/erase-client`, { confirm: 'on' });
    expect(erased.statusCode).toBe(303);
    const [row] = await t.database.query<Record<string, unknown>>(
      `select need, client_name, client_email, client_phone, client_data_erased_at, status, value_cents from referrals where id = $1`,
      [c.id],
    );
    // What was written about the client goes with the client's name: the need is blanked too.
    expect(row).toMatchObject({ need: '', client_name: null, client_email: null, client_phone: null, status: 'won', value_cents: 90000 });
    expect(row!.client_data_erased_at).not.toBeNull();

    const ledgerAfter = await t.database.query(`select * from trust_events where group_id = $1 order by seq`, [c.group.id]);
    expect(ledgerAfter).toEqual(ledgerBefore);

    for (const browser of [c.browsers.giver, c.browsers.receiver]) {
      const page = await browser.get(`/referrals/${c.id}`);
      expect(page.statusCode).toBe(200);
      expectNoClientData(page.body);
      expect(visibleText(page.body)).toContain('Die Kundendaten wurden am');
      expect(visibleText(page.body)).not.toContain(referralForm(c.receiver.member.id).need!);
      expect(visibleText(page.body)).toContain('Was gebraucht wird (gelöscht)');
      expect(visibleText((await browser.get(`/referrals/${c.id}?lang=en`)).body)).toContain('What the client needs (erased)');
      await browser.get(`/referrals/${c.id}?lang=de`);
    }
  });

  it('shows the feedback with its comment to giver and receiver only', async () => {
    const c = await given();
    await t.database.query(
      `insert into feedback (referral_id, contacted, contact_speed, rating, would_recommend, comment, comment_public)
       values ($1, true, 'same_day', 4, true, 'Sehr freundlich <b>und</b> schnell.', false)`,
      [c.id],
    );
    for (const browser of [c.browsers.giver, c.browsers.receiver]) {
      const page = await browser.get(`/referrals/${c.id}`);
      const text = visibleText(page.body);
      expect(text).toContain('4 von 5');
      expect(text).toContain('am selben Tag');
      expect(text).toContain('Sehr freundlich <b>und</b> schnell.');
      expect(text).toContain('Nur für euch beide');
      expect(page.body).not.toContain('<b>und</b>');
    }
    expect((await c.browsers.third.get(`/referrals/${c.id}`)).body).not.toContain('Sehr freundlich');
  });
});
