import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/shared/tokens.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { type Circle, giveReferral, referralForm, seedCircle, seedGroup, seedMember } from '../helpers/world/index.js';

describe('giving a referral', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  async function written(groupId: string) {
    return {
      referrals: await countRows(t.database, 'referrals', 'group_id = $1', [groupId]),
      events: await countRows(t.database, 'trust_events', 'group_id = $1', [groupId]),
      clients: await countRows(t.database, 'clients', 'group_id = $1', [groupId]),
      requests: await countRows(t.database, 'feedback_requests f join referrals r on r.id = f.referral_id', 'r.group_id = $1', [groupId]),
    };
  }

  it('offers the active colleagues with their trades, preselects one with ?to= and leaves out the giver', async () => {
    const c = await seedCircle(t);
    const page = await c.browsers.giver.get(`/referrals/new?to=${c.receiver.member.slug}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toMatch(new RegExp(`<option value="${c.receiver.member.id}"[^>]*selected>Rita Rechner – Steuerberatung</option>`));
    expect(page.body).toContain('Theo Dritter');
    expect(page.body).not.toContain(`value="${c.giver.member.id}"`);
    expect(page.body).not.toContain(c.other.host.account.name);
    expect(visibleText(page.body)).toContain('Der Anruf wird erwartet, ich habe euch vorgestellt');
  });

  it('writes the referral, one referral_given event, the client and one feedback request, and shows the link', async () => {
    const c = await seedCircle(t);
    const { id, page, link } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Empfehlung gespeichert');
    expect(link).toMatch(/^http:\/\/localhost:3000\/f\/[a-z0-9]{32}$/);

    const [referral] = await t.database.query<Record<string, unknown>>(`select * from referrals where id = $1`, [id]);
    expect(referral).toMatchObject({
      giver_id: c.giver.member.id,
      receiver_id: c.receiver.member.id,
      topic: 'Steuerberatung',
      warmth: 4,
      client_name: 'Klara Kundin',
      client_email: 'klara@example.org',
      client_phone: null,
      status: 'open',
    });

    const events = await t.database.query<Record<string, unknown>>(`select * from trust_events where group_id = $1`, [c.group.id]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      kind: 'referral_given',
      member_id: c.receiver.member.id,
      giver_id: c.giver.member.id,
      topic: 'steuerberatung',
      referral_id: id,
      client_id: referral!.client_id,
    });

    const token = link!.split('/f/')[1]!;
    const requests = await t.database.query<{ token_hash: string }>(`select token_hash from feedback_requests where referral_id = $1`, [id]);
    expect(requests).toEqual([{ token_hash: sha256Hex(token) }]);

    // The client is a pseudonym: a hash of the group and the normalised e-mail, nothing else.
    const clients = await t.database.query<{ key_hash: string }>(`select key_hash from clients where id = $1`, [referral!.client_id]);
    expect(clients[0]!.key_hash).toBe(sha256Hex(`${c.group.id}:klara@example.org`));

    // Share links and the QR code, without inline scripts or styles.
    const hrefs = [...page.body.matchAll(/href="([^"]+)"/g)].map((m) => m[1]!.replace(/&#x3D;/g, '=').replace(/&amp;/g, '&'));
    const whatsapp = hrefs.find((href) => href.startsWith('https://wa.me/?text='));
    expect(decodeURIComponent(whatsapp!.slice('https://wa.me/?text='.length))).toContain(`Hallo Klara Kundin, wie besprochen habe ich dich an Rita Rechner empfohlen (Steuerberatung).`);
    expect(decodeURIComponent(whatsapp!)).toContain(link);
    const mailto = hrefs.find((href) => href.startsWith('mailto:'));
    expect(mailto).toMatch(/^mailto:klara@example\.org\?subject=/);
    expect(new URLSearchParams(mailto!.split('?')[1]).get('body')).toContain(link);
    expect(page.body).toMatch(/<svg class="qr" role="img" aria-label="[^"]+"/);
    expect(page.body).toMatch(/src="\/assets\/[0-9a-f]{12}\/js\/copy-link\.js"/);
    expect(page.body).not.toMatch(/<script>|style="/);
  });

  it('notifies the receiver in the app and by mail, without client data in the mail', async () => {
    const c = await seedCircle(t);
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    expect(await countRows(t.database, 'notifications', `member_id = $1 and kind = 'referral_received' and referral_id = $2`, [c.receiver.member.id, id])).toBe(1);
    const mails = await t.database.query<{ recipient: string; subject: string; body: string }>(
      `select recipient, subject, body from outbox where group_id = $1`,
      [c.group.id],
    );
    expect(mails).toHaveLength(1);
    expect(mails[0]!.recipient).toBe(c.receiver.email);
    expect(mails[0]!.subject).toContain('Steuerberatung');
    expect(mails[0]!.body).toContain(`http://localhost:3000/referrals/${id}`);
    expect(mails[0]!.body).not.toContain('klara@example.org');

    const notifications = await c.browsers.receiver.get('/notifications');
    expect(visibleText(notifications.body)).toContain(`${c.giver.account.name} hat dir eine Empfehlung gegeben: Steuerberatung`);
  });

  it('keeps the confirmation page on reload, and sends anyone without the link cookie to the referral', async () => {
    const c = await seedCircle(t);
    const { id, link } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    const again = await c.browsers.giver.get(`/referrals/${id}/link`);
    expect(again.body).toContain(link!);
    const receiverView = await c.browsers.receiver.get(`/referrals/${id}/link`);
    expect(receiverView.statusCode).toBe(303);
    expect(receiverView.headers.location).toBe(`/referrals/${id}`);
  });

  it('gives the giver a new link later; the old one stops working', async () => {
    const c = await seedCircle(t);
    const { id, link } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    const detail = await c.browsers.giver.get(`/referrals/${id}`);
    expect(visibleText(detail.body)).toContain('der bisherige funktioniert dann nicht mehr');

    const renewed = await c.browsers.giver.post(`/referrals/${id}/link`);
    expect(renewed.statusCode).toBe(303);
    const page = await c.browsers.giver.get(String(renewed.headers.location));
    const newLink = /value="(http[^"]+\/f\/[a-z0-9]+)"/.exec(page.body)?.[1];
    expect(newLink).toBeDefined();
    expect(newLink).not.toBe(link);
    const hashes = await t.database.query<{ token_hash: string }>(`select token_hash from feedback_requests where referral_id = $1`, [id]);
    expect(hashes).toEqual([{ token_hash: sha256Hex(newLink!.split('/f/')[1]!) }]);

    expect((await c.browsers.receiver.post(`/referrals/${id}/link`)).statusCode).toBe(403);
    expect((await c.browsers.third.post(`/referrals/${id}/link`)).statusCode).toBe(404);
  });

  it('accepts a phone number instead of an e-mail and recognises the same client again', async () => {
    const c = await seedCircle(t);
    const form = referralForm(c.receiver.member.id, { clientEmail: '', clientPhone: '+49 171 555-0101' });
    await giveReferral(c.browsers.giver, form);
    await giveReferral(c.browsers.giver, { ...form, clientPhone: '0049 (171) 5550101' });
    expect(await countRows(t.database, 'clients', 'group_id = $1', [c.group.id])).toBe(1);
    expect(await countRows(t.database, 'referrals', 'group_id = $1', [c.group.id])).toBe(2);
  });

  const badInputs: [string, (c: Circle) => Record<string, string>, string][] = [
    ['a self-referral', (c) => referralForm(c.giver.member.id), 'Du kannst dir nicht selbst eine Empfehlung geben.'],
    ['no consent', (c) => referralForm(c.receiver.member.id, { consent: '' }), 'Bitte bestätige, dass die Kundin oder der Kunde einverstanden ist'],
    ['no contact', (c) => referralForm(c.receiver.member.id, { clientEmail: '', clientPhone: '' }), 'Bitte gib eine E-Mail-Adresse oder eine Telefonnummer der Kundin oder des Kunden an.'],
    ['a bad e-mail', (c) => referralForm(c.receiver.member.id, { clientEmail: 'klara@' }), 'Bitte gib eine gültige E-Mail-Adresse an.'],
    ['a bad phone', (c) => referralForm(c.receiver.member.id, { clientEmail: '', clientPhone: 'ruf mich an' }), 'Bitte gib eine Telefonnummer aus Ziffern an'],
    ['a short need', (c) => referralForm(c.receiver.member.id, { need: 'Hilfe' }), 'Bitte mindestens 10 Zeichen.'],
    ['no warmth', (c) => referralForm(c.receiver.member.id, { warmth: '' }), 'Bitte wähle, wie warm der Kontakt ist.'],
    ['a warmth out of range', (c) => referralForm(c.receiver.member.id, { warmth: '6' }), 'Bitte wähle, wie warm der Kontakt ist.'],
    ['no topic', (c) => referralForm(c.receiver.member.id, { topic: '  ' }), 'Bitte ausfüllen.'],
    ['a receiver id that is no id', (c) => referralForm(c.receiver.member.id, { receiver: 'drop table' }), 'Bitte wähle das Mitglied, das die Empfehlung erhält.'],
    ['a receiver of another group', (c) => referralForm(c.other.host.member.id), 'Dieses Mitglied kann keine Empfehlung erhalten.'],
  ];

  for (const [name, form, message] of badInputs) {
    it(`refuses ${name} with a message, keeps the input and writes nothing`, async () => {
      const c = await seedCircle(t);
      const before = { group: await written(c.group.id), other: await written(c.other.group.id) };
      const response = await c.browsers.giver.post('/referrals/new', form(c));
      expect(response.statusCode).toBe(400);
      expect(visibleText(response.body)).toContain(message);
      expect(response.body).toContain('value="Klara Kundin"');
      expect(await written(c.group.id)).toEqual(before.group);
      expect(await written(c.other.group.id)).toEqual(before.other);
      expect(await countRows(t.database, 'notifications n join members m on m.id = n.member_id', 'm.group_id = $1', [c.group.id])).toBe(0);
    });
  }

  it('refuses an inactive receiver', async () => {
    const c = await seedCircle(t);
    const gone = await seedMember(t.app.db, c.group.id, 'Greta Gegangen');
    await t.database.query(`update members set active = false where id = $1`, [gone.member.id]);
    const page = await c.browsers.giver.get('/referrals/new');
    expect(page.body).not.toContain('Greta Gegangen');
    const response = await c.browsers.giver.post('/referrals/new', referralForm(gone.member.id));
    expect(response.statusCode).toBe(400);
    expect(visibleText(response.body)).toContain('Dieses Mitglied kann keine Empfehlung erhalten.');
    expect(await written(c.group.id)).toEqual({ referrals: 0, events: 0, clients: 0, requests: 0 });
  });

  it('escapes the need text everywhere it is shown', async () => {
    const c = await seedCircle(t);
    const need = '<script>alert("x")</script> <img src=x onerror=alert(1)> braucht Hilfe';
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { need, clientName: '<b>Klara</b>' }));
    for (const browser of [c.browsers.giver, c.browsers.receiver]) {
      const page = await browser.get(`/referrals/${id}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).not.toContain('<script>alert');
      expect(page.body).not.toContain('<img src=x');
      expect(page.body).not.toContain('<b>Klara</b>');
      expect(page.body).toContain('&lt;script&gt;alert(');
      expect(visibleText(page.body)).toContain(need);
    }
    const invalid = await c.browsers.giver.post('/referrals/new', referralForm(c.receiver.member.id, { need, consent: '' }));
    expect(invalid.body).not.toContain('<script>alert');
  });

  it('needs a login', async () => {
    const { group } = await seedGroup(t.app.db);
    const response = await t.app.inject({ method: 'GET', url: '/referrals/new' });
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toContain('/login');
    expect(await countRows(t.database, 'referrals', 'group_id = $1', [group.id])).toBe(0);
  });
});
