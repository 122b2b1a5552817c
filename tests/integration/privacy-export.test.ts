import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { savePhoto } from '../../server/members/photos.js';
import { type AccountExport, accountExportSchema } from '../../server/privacy/schemas.js';
import { type Browser, createTestApp, ORIGIN, type TestApp } from '../helpers/app.js';
import { type Circle, ClientBrowser, giveReferral, GOOD_ANSWERS, profileForm, referralForm, seedCircle, tradeId, WARUM } from '../helpers/world/index.js';

const CLIENT = { clientName: 'Klara Kundin', clientEmail: 'klara.kundin@example.org', clientPhone: '+49 171 5550199' };
const ERASED_CLIENT = { clientName: 'Erna Erased', clientEmail: 'erna.erased@example.org', clientPhone: '+49 171 5550200' };
const THIRDS_CLIENT = { clientName: 'Fritz Fremd', clientEmail: 'fritz.fremd@example.org', clientPhone: '+49 171 5550300' };
const COMMENT = 'Rita hat sofort angerufen und alles geklärt.';
const RITA_CONTACT = { phone: '+49 30 7654321', website: 'https://rita.example.org' };
const THEO_CONTACT = { phone: '+49 30 9998887', website: 'https://theo.example.org' };
const OWN_NOTE = 'Rita: Theo kennt viele Cafés, nachfassen.';
const OTHER_NOTE = 'Theo privat: Rita wirkte gestresst.';

async function download(browser: Browser) {
  const response = await browser.get('/account/export');
  expect(response.statusCode).toBe(200);
  return { response, data: accountExportSchema.parse(JSON.parse(response.body)) as AccountExport };
}

describe('GET /account/export: a member downloads their own data', () => {
  let t: TestApp;
  let c: Circle;
  let referralId: string;
  let erasedId: string;
  let breakfastId: string;

  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
    c = await seedCircle(t);
    const db = t.app.db;
    const tax = await tradeId(t.database, c.group.id, 'Steuerberatung');
    const saved = await c.browsers.receiver.post('/profile/edit', profileForm({ ...RITA_CONTACT, trades: [tax] }));
    expect(saved.statusCode, saved.body.slice(0, 300)).toBe(303);
    expect((await c.browsers.third.post('/profile/edit', profileForm({ newTrade: 'Fotografie', ...THEO_CONTACT }))).statusCode).toBe(303);
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#2f6fb5' } }).png().toBuffer();
    await savePhoto(db, c.receiver.member.id, { mimetype: 'image/png', bytes: png }, t.clock.now());

    // Paula (the host) gives Rita two referrals; the client answers the first, Paula erases the second's data.
    const given = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, CLIENT));
    referralId = given.id;
    const answered = await new ClientBrowser(t.app).post(new URL(given.link!, ORIGIN).pathname, {
      ...GOOD_ANSWERS,
      comment: COMMENT,
      consent: 'on',
    });
    expect(answered.statusCode).toBe(200);
    erasedId = (await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, ERASED_CLIENT))).id;
    expect((await c.browsers.giver.post(`/referrals/${erasedId}/erase-client`, { confirm: 'on' })).statusCode).toBe(303);
    // A referral Rita has no part in.
    await giveReferral(c.browsers.giver, referralForm(c.third.member.id, { ...THIRDS_CLIENT, topic: 'Fotografie' }));

    // A one-to-one of Rita and Theo, each with a private note; a breakfast Rita said yes to and attended.
    await t.database.query(
      `insert into one_to_ones (group_id, requester_id, partner_id, status, logged_by, met_on, duration_minutes, requester_note, partner_note)
       values ($1, $2, $3, 'confirmed', $2, '2026-11-20', 45, $4, $5)`,
      [c.group.id, c.receiver.member.id, c.third.member.id, OWN_NOTE, OTHER_NOTE],
    );
    const planned = await c.browsers.giver.post('/breakfasts', {
      date: '2026-12-03',
      time: '07:30',
      durationMinutes: '90',
      videoUrl: 'https://meet.jit.si/kreis',
      agenda: 'Runde',
    });
    breakfastId = /\/breakfasts\/([0-9a-f-]{36})/.exec(String(planned.headers.location))![1]!;
    expect((await c.browsers.receiver.post(`/breakfasts/${breakfastId}/rsvp`, { answer: 'yes' })).statusCode).toBe(303);
    await t.database.query(`insert into breakfast_attendance (breakfast_id, attendee_id, kind, present) values ($1, $2, 'member', true)`, [
      breakfastId,
      c.receiver.member.id,
    ]);
  });
  afterAll(() => t.close());

  it('is a JSON attachment named by date, never cached', async () => {
    const { response, data } = await download(c.browsers.receiver);
    expect(response.headers['content-type']).toMatch(/^application\/json/);
    expect(response.headers['content-disposition']).toBe('attachment; filename="kreis-export-2026-11-23.json"');
    expect(response.headers['cache-control']).toBe('no-store');
    expect(data.format).toBe(1);
  });

  it("holds the receiver's account, profile, photo facts, referrals with client and feedback, own note, breakfasts, notifications and trust events", async () => {
    const { data } = await download(c.browsers.receiver);
    expect(data.account).toMatchObject({ name: 'Rita Rechner', email: c.receiver.email });

    expect(data.memberships).toHaveLength(1);
    const [membership] = data.memberships;
    expect(membership!.profile).toMatchObject({ warum: WARUM, ...RITA_CONTACT, isPublic: false });
    expect(membership!.trades.map((trade) => trade.name)).toEqual(['Steuerberatung']);
    expect(membership!.photo).toMatchObject({ contentType: 'image/webp' });
    expect(membership!.photo!.bytes).toBeGreaterThan(100);

    expect(data.referralsGiven).toEqual([]);
    const received = new Map(data.referralsReceived.map((r) => [r.id, r]));
    expect(received.size).toBe(2);
    const answered = received.get(referralId)!;
    expect(answered.client).toEqual({ name: CLIENT.clientName, email: CLIENT.clientEmail, phone: CLIENT.clientPhone });
    expect(answered.otherMember).toEqual({ memberId: c.giver.member.id, name: c.giver.account.name });
    expect(answered.feedback).toMatchObject({ contacted: true, rating: 5, comment: COMMENT });
    const erased = received.get(erasedId)!;
    expect(erased.client).toBeNull();
    expect(erased.clientDataErasedAt).not.toBeNull();

    expect(data.oneToOnes).toHaveLength(1);
    expect(data.oneToOnes[0]).toMatchObject({ role: 'requester', myNote: OWN_NOTE, loggedByMe: true, durationMinutes: 45 });
    expect(data.oneToOnes[0]!.otherMember.name).toBe('Theo Dritter');

    expect(data.breakfastRsvps).toEqual([expect.objectContaining({ breakfastId, answer: 'yes' })]);
    expect(data.breakfastAttendance).toEqual([expect.objectContaining({ breakfastId, present: true })]);
    expect(data.notifications.length).toBeGreaterThanOrEqual(2);
    expect(data.notifications.some((n) => n.referralId === referralId)).toBe(true);

    const kinds = data.trustEvents.map((e) => e.kind);
    expect(kinds).toEqual(expect.arrayContaining(['referral_given', 'feedback']));
    expect(kinds).not.toContain('referrer_feedback');
    const feedbackEvent = data.trustEvents.find((e) => e.kind === 'feedback')!;
    // Answered through the link the giver was shown: shared by hand, half weight.
    expect(feedbackEvent).toMatchObject({ referralId, rating: 5, weights: { r: 0.5, s: 0 } });
    expect(data.trustEvents.find((e) => e.kind === 'referral_given')!.weights).toBeNull();
  });

  it("leaves out the other side's note, other members' contact details and clients of referrals the member is no party to", async () => {
    const { response } = await download(c.browsers.receiver);
    const body = response.body;
    // Her own things are there (so the absences below are about a full export, not an empty one).
    for (const value of [OWN_NOTE, RITA_CONTACT.phone, RITA_CONTACT.website, c.receiver.email, CLIENT.clientName, CLIENT.clientEmail]) expect(body).toContain(value);
    expect(body).not.toContain(OTHER_NOTE);
    for (const value of [...Object.values(THIRDS_CLIENT), ...Object.values(ERASED_CLIENT)]) expect(body).not.toContain(value);
    for (const value of [c.giver.email, c.third.email, THEO_CONTACT.phone, THEO_CONTACT.website]) expect(body).not.toContain(value);
    // The photo is described, never included: no base64 of a WebP.
    expect(body).not.toContain('UklGR');
  });

  it("the giver's export has the referrals they gave, with the clients, and their referrer-accuracy events", async () => {
    const { data, response } = await download(c.browsers.giver);
    expect(data.referralsGiven).toHaveLength(3);
    expect(data.referralsReceived).toEqual([]);
    expect(response.body).toContain(THIRDS_CLIENT.clientEmail);
    expect(response.body).toContain(COMMENT);
    expect(data.trustEvents.map((e) => e.kind)).toEqual(['referrer_feedback']);
    for (const value of [c.receiver.email, RITA_CONTACT.phone, OWN_NOTE, OTHER_NOTE]) expect(response.body).not.toContain(value);
  });

  it("the partner of the one-to-one gets their own note, not Rita's", async () => {
    const { data } = await download(c.browsers.third);
    expect(data.oneToOnes).toHaveLength(1);
    expect(data.oneToOnes[0]).toMatchObject({ role: 'partner', myNote: OTHER_NOTE, loggedByMe: false });
    expect(JSON.stringify(data)).not.toContain(OWN_NOTE);
  });

  it('a member of another group gets only their own data; anonymous visitors are sent to log in', async () => {
    const { response, data } = await download(c.browsers.stranger);
    expect(data.account.email).toBe(c.other.host.email);
    expect(data.referralsGiven).toEqual([]);
    expect(data.referralsReceived).toEqual([]);
    for (const value of [...Object.values(CLIENT), 'Rita Rechner', c.receiver.email]) expect(response.body).not.toContain(value);

    const anonymous = await t.app.inject({ method: 'GET', url: '/account/export' });
    expect(anonymous.statusCode).toBe(303);
    expect(anonymous.headers.location).toBe('/login?next=%2Faccount%2Fexport');
  });
});
