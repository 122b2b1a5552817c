import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../server/events/bus.js';
import { PROTOCOL_VERSION } from '../../server/live-round/protocol.js';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { LiveClient, memberCookie, wsUrl } from '../helpers/live.js';
import { insertBreakfast, insertGuest, seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * One-to-ones end to end, as members use them: asked from a profile, logged, confirmed or disputed,
 * "kennen sich" on both profiles, private notes, and requests from a breakfast's intro round.
 * The test clock stands at Monday 23 November 2026, 10:00 in Berlin.
 */

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
  // The intro-round test talks to the live room over a real WebSocket.
  await t.app.listen({ port: 0, host: '127.0.0.1' });
});
afterAll(async () => {
  await t?.close();
});

type Person = Awaited<ReturnType<typeof seedMember>>;

/** A signed-in browser (a session made directly: many log-ins would meet the rate limit). */
async function as(person: Person): Promise<Browser> {
  return new Browser(t.app, { cookie: await memberCookie(t.app, person.account.id) });
}

/** Group A with a host and three members, group B with a host and a member; everyone signed in. */
async function circle() {
  const a = await seedGroup(t.app.db, { name: 'Frühstück Nord' });
  const anna = await seedMember(t.app.db, a.group.id, 'Anna Arndt');
  const bert = await seedMember(t.app.db, a.group.id, 'Bert Brandt');
  const carla = await seedMember(t.app.db, a.group.id, 'Carla Conrad');
  const b = await seedGroup(t.app.db, { name: 'Frühstück Süd' });
  const olga = await seedMember(t.app.db, b.group.id, 'Olga Ostermann');
  const people = { host: a.host, anna, bert, carla, olga, otherHost: b.host };
  const browsers = {
    host: await as(a.host),
    anna: await as(anna),
    bert: await as(bert),
    carla: await as(carla),
    olga: await as(olga),
  };
  return { groupA: a.group, groupB: b.group, ...people, browsers };
}

async function oneToOne(id: string) {
  const [row] = await t.database.query<{
    status: string;
    logged_by: string | null;
    met_on: string | null;
    duration_minutes: number | null;
    requester_note: string;
    partner_note: string;
    confirmed_at: Date | null;
    breakfast_id: string | null;
  }>(
    `select status, logged_by, to_char(met_on, 'YYYY-MM-DD') as met_on, duration_minutes, requester_note, partner_note, confirmed_at, breakfast_id
     from one_to_ones where id = $1`,
    [id],
  );
  return row!;
}

async function latestBetween(a: Person, b: Person) {
  const [row] = await t.database.query<{ id: string }>(
    `select id from one_to_ones where (requester_id = $1 and partner_id = $2) or (requester_id = $2 and partner_id = $1)
     order by created_at desc, id desc limit 1`,
    [a.member.id, b.member.id],
  );
  return row?.id;
}

function text(response: { body: string }) {
  return visibleText(response.body);
}

/** The "Kennen sich" section of a profile page, as text. */
function knownSection(html: string): string {
  const match = /<section class="card one-to-ones-known"[\s\S]*?<\/section>/.exec(html);
  return match ? visibleText(match[0]) : '';
}

const meeting = (overrides: Record<string, string> = {}) => ({ metOn: '2026-11-20', durationMinutes: '75', note: '', ...overrides });

describe('asked from a profile, logged by the partner, confirmed by the requester', () => {
  it('ends with "kennen sich" on both profiles and counts as time invested for both', async () => {
    const c = await circle();
    const { anna, bert } = c.browsers;

    // Anna on Bert's profile: a button to ask for a one-to-one, and a link to her own.
    const bertProfile = await anna.get(`/m/${c.bert.member.slug}`);
    expect(knownSection(bertProfile.body)).toBe('Kennen sich Noch keine bestätigten Eins-zu-eins. Eins-zu-eins anfragen Deine Eins-zu-eins');
    expect(bertProfile.body).toContain(`<input type="hidden" name="partner" value="${c.bert.member.id}">`);

    const asked = await anna.post('/one-to-ones/request', { partner: c.bert.member.id });
    expect(asked.statusCode).toBe(303);
    expect(asked.headers.location).toBe('/one-to-ones?done=asked');
    expect(text(await anna.get('/one-to-ones?done=asked'))).toContain('Deine Anfrage ist verschickt.');
    // Asking twice makes no second request.
    const again = await anna.post('/one-to-ones/request', { partner: c.bert.member.id });
    expect(again.headers.location).toBe('/one-to-ones?done=already');
    expect(await countRows(t.database, 'one_to_ones', 'requester_id = $1', [c.anna.member.id])).toBe(1);
    const id = (await latestBetween(c.anna, c.bert))!;
    expect((await oneToOne(id)).status).toBe('requested');
    expect(knownSection((await anna.get(`/m/${c.bert.member.slug}`)).body)).toContain('Zwischen euch ist ein Eins-zu-eins offen.');
    expect(knownSection((await anna.get(`/m/${c.bert.member.slug}`)).body)).not.toContain('anfragen');

    // Bert is told in the app and finds the request waiting for him.
    const notifications = await bert.get('/notifications');
    expect(text(notifications)).toContain('Jemand aus deiner Gruppe möchte ein Eins-zu-eins mit dir');
    expect(notifications.body).toContain('<a href="/one-to-ones">Jemand aus deiner Gruppe');
    expect((await bert.get('/roster')).body).toContain('1 ungelesen');
    const bertPage = await bert.get('/one-to-ones');
    // Opening the page reads the notification, and the header says so on this very page.
    expect(bertPage.body).not.toContain('ungelesen');
    const bertList = text(bertPage);
    expect(bertList).toContain(
      'Wartet auf dich Eins-zu-eins mit Anna Arndt angefragt Anna Arndt möchte ein Eins-zu-eins mit dir. Trag das Treffen ein, wenn ihr euch getroffen habt – oder lehne ab. Treffen eintragen – Anna Arndt Ablehnen – Anna Arndt',
    );
    expect(await countRows(t.database, 'notifications', 'member_id = $1 and read_at is null', [c.bert.member.id])).toBe(0);
    // Anna waits for Bert; she may not answer her own request.
    expect(text(await anna.get('/one-to-ones'))).toContain('Wartet auf die anderen Eins-zu-eins mit Bert Brandt angefragt Du hast Bert Brandt um ein Eins-zu-eins gebeten.');
    expect((await anna.post(`/one-to-ones/${id}/log`, meeting())).statusCode).toBe(403);
    expect((await anna.post(`/one-to-ones/${id}/decline`)).statusCode).toBe(403);
    expect((await oneToOne(id)).status).toBe('requested');

    // Bert logs the meeting on the request's page.
    const page = await bert.get(`/one-to-ones/${id}`);
    expect(page.body).toContain(`action="/one-to-ones/${id}/log"`);
    expect(page.body).toContain('max="2026-11-23"');
    const logged = await bert.post(`/one-to-ones/${id}/log`, meeting({ durationMinutes: '75' }));
    expect(logged.headers.location).toBe('/one-to-ones?done=accepted');
    expect(await oneToOne(id)).toMatchObject({ status: 'logged', logged_by: c.bert.member.id, met_on: '2026-11-20', duration_minutes: 75 });
    expect(text(await bert.get('/one-to-ones'))).toContain('Du hast das Treffen eingetragen. Anna Arndt bestätigt es noch.');
    // Nobody confirms their own log.
    expect((await bert.post(`/one-to-ones/${id}/confirm`)).statusCode).toBe(403);

    // Anna confirms.
    expect(text(await anna.get('/notifications'))).toContain('Ein Eins-zu-eins wurde eingetragen – bitte bestätige es');
    expect(text(await anna.get('/one-to-ones'))).toContain('Bert Brandt hat ein Treffen mit dir eingetragen. Stimmt das so? Bestätigen – Bert Brandt Hat nicht stattgefunden – Bert Brandt');
    const confirmed = await anna.post(`/one-to-ones/${id}/confirm`);
    expect(confirmed.headers.location).toBe('/one-to-ones?done=confirmed');
    const row = await oneToOne(id);
    expect(row.status).toBe('confirmed');
    expect(row.confirmed_at).not.toBeNull();
    expect((await anna.post(`/one-to-ones/${id}/dispute`)).statusCode).toBe(409);
    expect(text(await anna.get('/one-to-ones'))).toContain('Verlauf Eins-zu-eins mit Bert Brandt bestätigt 20. November 2026 75 Min.');

    // Both profiles: "kennen sich", and each viewer is told they know each other.
    expect(knownSection((await anna.get(`/m/${c.bert.member.slug}`)).body)).toBe(
      'Kennen sich Ihr kennt euch – Eins-zu-eins am 20. November Anna Arndt Eins-zu-eins anfragen Deine Eins-zu-eins',
    );
    const annaProfile = await bert.get(`/m/${c.anna.member.slug}`);
    expect(knownSection(annaProfile.body)).toContain('Ihr kennt euch – Eins-zu-eins am 20. November Bert Brandt');
    expect(annaProfile.body).toContain(`<a href="/m/${c.bert.member.slug}">Bert Brandt</a>`);
    // Carla sees whom Anna knows, without "Ihr kennt euch"; Anna on her own profile gets no button.
    expect(knownSection((await c.browsers.carla.get(`/m/${c.anna.member.slug}`)).body)).toBe(
      'Kennen sich Bert Brandt Eins-zu-eins anfragen Deine Eins-zu-eins',
    );
    expect(knownSection((await anna.get(`/m/${c.anna.member.slug}`)).body)).toBe('Kennen sich Bert Brandt Deine Eins-zu-eins');
    // A public profile shows nothing of it to visitors from outside the group.
    await t.database.query('update members set is_public = true where id = $1', [c.anna.member.id]);
    const outside = await new Browser(t.app).get(`/m/${c.anna.member.slug}`);
    expect(outside.statusCode).toBe(200);
    expect(outside.body).not.toContain('one-to-ones-known');
    expect(text(outside)).not.toContain('Bert Brandt');

  });

  it('the partner may decline; then a new request can be made', async () => {
    const c = await circle();
    await c.browsers.anna.post('/one-to-ones/request', { partner: c.carla.member.id });
    const id = (await latestBetween(c.anna, c.carla))!;
    const declined = await c.browsers.carla.post(`/one-to-ones/${id}/decline`);
    expect(declined.headers.location).toBe('/one-to-ones?done=declined');
    expect((await oneToOne(id)).status).toBe('declined');
    expect(text(await c.browsers.anna.get('/notifications'))).toContain('Deine Anfrage für ein Eins-zu-eins wurde abgelehnt');
    expect(text(await c.browsers.anna.get('/one-to-ones'))).toContain('Verlauf Eins-zu-eins mit Carla Conrad abgelehnt');
    expect((await c.browsers.carla.post(`/one-to-ones/${id}/log`, meeting())).statusCode).toBe(409);
    expect((await c.browsers.anna.post('/one-to-ones/request', { partner: c.carla.member.id })).headers.location).toBe('/one-to-ones?done=asked');
  });
});

describe('a meeting logged directly', () => {
  it('is confirmed by the partner, or marked as not having taken place', async () => {
    const c = await circle();
    const { carla, bert } = c.browsers;
    const form = await carla.get('/one-to-ones');
    // The select offers the group's other active members, not Carla herself nor group B.
    expect(form.body).toContain(`<option value="${c.bert.member.id}" >Bert Brandt</option>`);
    expect(form.body).not.toContain(`value="${c.carla.member.id}"`);
    expect(form.body).not.toContain(`value="${c.olga.member.id}"`);

    const logged = await carla.post('/one-to-ones', { partner: c.bert.member.id, ...meeting({ metOn: '2026-10-02', durationMinutes: '45', note: 'Carla: Bert kennt den Bauamtsleiter' }) });
    expect(logged.headers.location).toBe('/one-to-ones?done=logged');
    const first = (await latestBetween(c.carla, c.bert))!;
    expect(await oneToOne(first)).toMatchObject({
      status: 'logged',
      logged_by: c.carla.member.id,
      met_on: '2026-10-02',
      duration_minutes: 45,
      requester_note: 'Carla: Bert kennt den Bauamtsleiter',
      partner_note: '',
    });
    expect(text(await bert.get('/one-to-ones'))).toContain('Carla Conrad hat ein Treffen mit dir eingetragen. Stimmt das so?');

    expect((await bert.post(`/one-to-ones/${first}/dispute`)).headers.location).toBe('/one-to-ones?done=disputed');
    expect((await oneToOne(first)).status).toBe('disputed');
    expect(text(await carla.get('/notifications'))).toContain('hat laut der anderen Seite nicht stattgefunden');
    expect(text(await carla.get(`/one-to-ones/${first}`))).toContain('Laut der anderen Seite hat dieses Treffen nicht stattgefunden.');
    expect(knownSection((await carla.get(`/m/${c.bert.member.slug}`)).body)).toContain('Noch keine bestätigten Eins-zu-eins.');

    t.clock.advance(60_000); // so "the latest" between the two is this one
    await carla.post('/one-to-ones', { partner: c.bert.member.id, ...meeting({ metOn: '2026-11-23', durationMinutes: '480' }) });
    const second = (await latestBetween(c.carla, c.bert))!;
    expect(second).not.toBe(first);
    expect((await bert.post(`/one-to-ones/${second}/confirm`)).statusCode).toBe(303);
  });

  it('fills the open request between the two instead of making a second one-to-one', async () => {
    const c = await circle();
    await c.browsers.bert.post('/one-to-ones/request', { partner: c.carla.member.id });
    const request = (await latestBetween(c.bert, c.carla))!;
    // Bert, who asked, logs the meeting with the form after they met.
    const logged = await c.browsers.bert.post('/one-to-ones', { partner: c.carla.member.id, ...meeting({ durationMinutes: '30' }) });
    expect(logged.headers.location).toBe('/one-to-ones?done=logged');
    expect(await countRows(t.database, 'one_to_ones', 'requester_id = $1 or partner_id = $1', [c.bert.member.id])).toBe(1);
    expect(await oneToOne(request)).toMatchObject({ status: 'logged', logged_by: c.bert.member.id, duration_minutes: 30 });
    expect((await c.browsers.carla.post(`/one-to-ones/${request}/confirm`)).statusCode).toBe(303);
  });
});

describe('notes', () => {
  it('are seen by the side that wrote them and by nobody else', async () => {
    const c = await circle();
    const ANNA_NOTE = 'Anna-intern: Bert sucht eine Nachfolgerin für seine Kanzlei';
    const BERT_NOTE = 'Bert-intern: Anna braucht Hilfe mit der Umsatzsteuer';
    await c.browsers.anna.post('/one-to-ones/request', { partner: c.bert.member.id });
    const id = (await latestBetween(c.anna, c.bert))!;
    await c.browsers.bert.post(`/one-to-ones/${id}/log`, meeting());
    await c.browsers.bert.post(`/one-to-ones/${id}/note`, { note: BERT_NOTE });
    const noted = await c.browsers.anna.post(`/one-to-ones/${id}/note`, { note: ANNA_NOTE });
    expect(noted.headers.location).toBe(`/one-to-ones/${id}?done=noted`);
    await c.browsers.anna.post(`/one-to-ones/${id}/confirm`);
    expect(await oneToOne(id)).toMatchObject({ requester_note: ANNA_NOTE, partner_note: BERT_NOTE });

    const pages = [
      '/one-to-ones',
      `/one-to-ones/${id}`,
      '/notifications',
      `/m/${c.anna.member.slug}`,
      `/m/${c.bert.member.slug}`,
      `/m/${c.anna.member.slug}/trust`,
    ];
    const shown = async (browser: Browser) => (await Promise.all(pages.map((page) => browser.get(page)))).map((r) => r.body).join('\n');
    const annaSees = await shown(c.browsers.anna);
    const bertSees = await shown(c.browsers.bert);
    expect(annaSees).toContain(ANNA_NOTE);
    expect(annaSees).not.toContain(BERT_NOTE);
    expect(bertSees).toContain(BERT_NOTE);
    expect(bertSees).not.toContain(ANNA_NOTE);
    for (const other of [c.browsers.carla, c.browsers.host, c.browsers.olga, new Browser(t.app)]) {
      const seen = await shown(other);
      expect(seen).not.toContain(ANNA_NOTE);
      expect(seen).not.toContain(BERT_NOTE);
    }
    // The note form shows the own note only.
    const bertPage = await c.browsers.bert.get(`/one-to-ones/${id}`);
    expect(bertPage.body).toMatch(new RegExp(`<textarea id="f-own-note"[^>]*>${BERT_NOTE}</textarea>`));
    expect(text(bertPage)).toContain('Nur du siehst diese Notiz – Anna Arndt nicht, und auch sonst niemand.');

    // Editing one's own note never touches the other side's.
    await c.browsers.bert.post(`/one-to-ones/${id}/note`, { note: 'Bert, neu' });
    expect(await oneToOne(id)).toMatchObject({ requester_note: ANNA_NOTE, partner_note: 'Bert, neu' });
    // Someone else cannot write a note: 404, nothing changes.
    expect((await c.browsers.carla.post(`/one-to-ones/${id}/note`, { note: 'Carla war hier' })).statusCode).toBe(404);
    expect(await oneToOne(id)).toMatchObject({ requester_note: ANNA_NOTE, partner_note: 'Bert, neu' });
  });
});

describe('bad input', () => {
  it('gets 400 with a message per field, keeps the values and saves nothing', async () => {
    const c = await circle();
    const before = await countRows(t.database, 'one_to_ones');
    const response = await c.browsers.anna.post('/one-to-ones', {
      partner: '',
      metOn: '2026-11-24',
      durationMinutes: '10',
      note: 'x'.repeat(2001),
    });
    expect(response.statusCode).toBe(400);
    const page = text(response);
    expect(page).toContain('Bitte prüfe die markierten Felder.');
    expect(page).toContain('Bitte wähle, mit wem.');
    expect(page).toContain('Das Datum darf nicht in der Zukunft liegen.');
    expect(page).toContain('Bitte eine Dauer von 15 bis 480 Minuten.');
    expect(page).toContain('Bitte höchstens 2000 Zeichen.');
    expect(response.body).toContain('value="2026-11-24"');

    const tooOld = await c.browsers.anna.post('/one-to-ones', { partner: c.bert.member.id, ...meeting({ metOn: '2025-11-22', durationMinutes: '481' }) });
    expect(tooOld.statusCode).toBe(400);
    expect(text(tooOld)).toContain('Das Treffen darf höchstens ein Jahr zurückliegen.');
    expect(text(tooOld)).toContain('Bitte eine Dauer von 15 bis 480 Minuten.');
    expect(tooOld.body).toContain(`<option value="${c.bert.member.id}" selected>Bert Brandt</option>`);

    const self = await c.browsers.anna.post('/one-to-ones', { partner: c.anna.member.id, ...meeting() });
    expect(self.statusCode).toBe(400);
    expect(text(self)).toContain('Mit dir selbst brauchst du kein Eins-zu-eins.');
    const otherGroup = await c.browsers.anna.post('/one-to-ones', { partner: c.olga.member.id, ...meeting() });
    expect(otherGroup.statusCode).toBe(400);
    expect(text(otherGroup)).toContain('Mit diesem Mitglied ist kein Eins-zu-eins möglich.');
    await t.database.query('update members set active = false where id = $1', [c.carla.member.id]);
    const inactive = await c.browsers.anna.post('/one-to-ones', { partner: c.carla.member.id, ...meeting() });
    expect(inactive.statusCode).toBe(400);
    expect(text(inactive)).toContain('Mit diesem Mitglied ist kein Eins-zu-eins möglich.');

    for (const partner of [c.anna.member.id, c.olga.member.id, c.carla.member.id, 'nicht-eine-id', '']) {
      const ask = await c.browsers.anna.post('/one-to-ones/request', { partner });
      expect(ask.statusCode, partner).toBe(400);
      expect(ask.body).toContain('alert--error');
    }
    // An inactive member's profile offers no request.
    expect(knownSection((await c.browsers.anna.get(`/m/${c.carla.member.slug}`)).body)).not.toContain('anfragen');
    expect(await countRows(t.database, 'one_to_ones')).toBe(before);
    expect(await countRows(t.database, 'notifications', "kind like 'one_to_one_%' and member_id = any($1)", [[c.bert.member.id, c.carla.member.id, c.olga.member.id]])).toBe(0);
  });

  it('on a request page and in a note: 400, the request stays as it was', async () => {
    const c = await circle();
    await c.browsers.anna.post('/one-to-ones/request', { partner: c.bert.member.id });
    const id = (await latestBetween(c.anna, c.bert))!;
    const response = await c.browsers.bert.post(`/one-to-ones/${id}/log`, { metOn: '2026-02-30', durationMinutes: 'eine Stunde' });
    expect(response.statusCode).toBe(400);
    expect(text(response)).toContain('Bitte gib ein gültiges Datum an.');
    expect(text(response)).toContain('Bitte eine Dauer von 15 bis 480 Minuten.');
    const note = await c.browsers.bert.post(`/one-to-ones/${id}/note`, { note: 'y'.repeat(2001) });
    expect(note.statusCode).toBe(400);
    expect(text(note)).toContain('Bitte höchstens 2000 Zeichen.');
    expect(await oneToOne(id)).toMatchObject({ status: 'requested', met_on: null, duration_minutes: null, partner_note: '' });
  });

  it('unknown and malformed ids are "not found"', async () => {
    const c = await circle();
    const unknown = '00000000-0000-4000-8000-000000000000';
    expect((await c.browsers.anna.get(`/one-to-ones/${unknown}`)).statusCode).toBe(404);
    expect((await c.browsers.anna.get('/one-to-ones/abc')).statusCode).toBe(404);
    for (const action of ['confirm', 'dispute', 'decline', 'note', 'log']) {
      expect((await c.browsers.anna.post(`/one-to-ones/${unknown}/${action}`, meeting())).statusCode, action).toBe(404);
    }
    const page = await c.browsers.anna.get(`/one-to-ones/${unknown}`);
    expect(text(page)).toContain('Dieses Eins-zu-eins gibt es nicht.');
  });
});

describe('someone else’s one-to-one', () => {
  it('is "not found" for members of the group who are no party and for another group, and nothing changes', async () => {
    const c = await circle();
    await c.browsers.anna.post('/one-to-ones/request', { partner: c.bert.member.id });
    const id = (await latestBetween(c.anna, c.bert))!;
    for (const [who, browser] of [
      ['Carla', c.browsers.carla],
      ['the host', c.browsers.host],
      ['Olga from group B', c.browsers.olga],
    ] as const) {
      const page = await browser.get(`/one-to-ones/${id}`);
      expect(page.statusCode, who).toBe(404);
      expect(page.body).not.toContain('Anna Arndt');
      for (const action of ['log', 'decline', 'confirm', 'dispute', 'note']) {
        expect((await browser.post(`/one-to-ones/${id}/${action}`, meeting({ note: 'fremd' }))).statusCode, `${who} ${action}`).toBe(404);
      }
      expect(text(await browser.get('/one-to-ones'))).not.toContain('Eins-zu-eins mit Anna Arndt');
    }
    expect(await oneToOne(id)).toMatchObject({ status: 'requested', requester_note: '', partner_note: '' });
    // Anonymous visitors are sent to log in, or refused.
    const anonymous = new Browser(t.app);
    expect((await anonymous.get('/one-to-ones')).statusCode).toBe(303);
    expect((await anonymous.get(`/one-to-ones/${id}`)).statusCode).toBe(303);
    expect((await anonymous.post(`/one-to-ones/${id}/decline`)).statusCode).toBe(401);
  });
});

describe('requests from a breakfast intro round', () => {
  it('member↔member asks become requests with the breakfast; guests, self and duplicates are skipped', async () => {
    const c = await circle();
    const breakfastId = await insertBreakfast(t.database, c.groupA.id, c.host.member.id);
    const guest = await insertGuest(t.database, breakfastId, 'Gustav Gast');
    // Carla and Anna have an open request already.
    await c.browsers.carla.post('/one-to-ones/request', { partner: c.anna.member.id });
    const oneToOneRequests = [
      { requesterMemberId: c.anna.member.id, partnerMemberId: c.bert.member.id },
      { requesterMemberId: c.bert.member.id, partnerMemberId: c.anna.member.id },
      { requesterMemberId: c.anna.member.id, partnerMemberId: guest.id },
      { requesterMemberId: guest.id, partnerMemberId: c.bert.member.id },
      { requesterMemberId: c.bert.member.id, partnerMemberId: c.bert.member.id },
      { requesterMemberId: c.anna.member.id, partnerMemberId: c.carla.member.id },
      { requesterMemberId: c.anna.member.id, partnerMemberId: c.olga.member.id },
    ];
    const end = () =>
      t.app.db.transaction((tx) =>
        dispatch(tx, { type: 'IntroRoundEnded', at: t.clock.now(), groupId: c.groupA.id, breakfastId, pledges: [], oneToOneRequests }),
      );
    await end();
    const rows = await t.database.query<{ requester_id: string; partner_id: string; status: string }>(
      'select requester_id, partner_id, status from one_to_ones where breakfast_id = $1',
      [breakfastId],
    );
    expect(rows).toEqual([{ requester_id: c.anna.member.id, partner_id: c.bert.member.id, status: 'requested' }]);
    // The round's end handled twice creates nothing new.
    await end();
    expect(await countRows(t.database, 'one_to_ones', 'breakfast_id = $1', [breakfastId])).toBe(1);
    expect(text(await c.browsers.bert.get('/one-to-ones'))).toContain('Anna Arndt möchte ein Eins-zu-eins mit dir. Trag das Treffen ein');
    expect(text(await c.browsers.bert.get('/one-to-ones'))).toContain('aus dem Frühstück');
  });

  it('the live room makes them when the host ends the round', async () => {
    const c = await circle();
    const breakfastId = await insertBreakfast(t.database, c.groupA.id, c.host.member.id);
    const guest = await insertGuest(t.database, breakfastId, 'Gisela Gast');
    const url = wsUrl(t.app, breakfastId);
    const enter = async (cookie: string) => {
      const client = await LiveClient.connect(url, cookie);
      await client.waitForState(() => true);
      return client;
    };
    const host = await enter(await memberCookie(t.app, c.host.account.id));
    const anna = await enter(await memberCookie(t.app, c.anna.account.id));
    const bert = await enter(await memberCookie(t.app, c.bert.account.id));
    const gisela = await enter(guest.cookie);
    host.command({ type: 'start', mode: 'guests_last', secondsEach: 60 });
    await bert.waitForState((m) => m.view.status === 'running');
    bert.send({ v: PROTOCOL_VERSION, type: 'one_to_one', withAttendeeId: c.anna.member.id });
    gisela.send({ v: PROTOCOL_VERSION, type: 'one_to_one', withAttendeeId: c.anna.member.id });
    await bert.waitForState((m) => m.view.version >= 2);
    await gisela.waitForState((m) => m.view.version >= 3);
    host.command({ type: 'end' });
    await anna.waitForState((m) => m.view.status === 'ended');
    const rows = await t.database.query<{ requester_id: string; partner_id: string }>(
      'select requester_id, partner_id from one_to_ones where breakfast_id = $1',
      [breakfastId],
    );
    expect(rows).toEqual([{ requester_id: c.bert.member.id, partner_id: c.anna.member.id }]);
    expect(await countRows(t.database, 'notifications', "member_id = $1 and kind = 'one_to_one_requested'", [c.anna.member.id])).toBe(1);
    await Promise.all([host.close(), anna.close(), bert.close(), gisela.close()]);
  });
});
