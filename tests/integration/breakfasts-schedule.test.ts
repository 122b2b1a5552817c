import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256Hex } from '../../server/shared/tokens.js';
import { Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { breakfastForm, breakfastRow, freshBrowser, PASSWORD, planBreakfast, seedGroup, seedMember } from '../helpers/world/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t.close();
});

/** A group with a logged-in host and member, and a logged-in host of another group. */
async function circle() {
  const db = t.app.db;
  const { group, host } = await seedGroup(db, { name: 'Kreis Nord' });
  const member = await seedMember(db, group.id, 'Anna Berger');
  const other = await seedGroup(db);
  const browsers = { host: freshBrowser(t.app), member: freshBrowser(t.app), stranger: freshBrowser(t.app) };
  await browsers.host.login(host.email, PASSWORD);
  await browsers.member.login(member.email, PASSWORD);
  await browsers.stranger.login(other.host.email, PASSWORD);
  return { group, host, member, browsers };
}

const startsAt = (value: string | Date) => new Date(value).toISOString();

describe('scheduling breakfasts', () => {
  it('a host plans a breakfast in Berlin time; members see it in the list and on its page', async () => {
    const c = await circle();
    const { id, page, guestLink } = await planBreakfast(c.browsers.host);
    const row = await breakfastRow(t.database, id);
    expect(startsAt(row!.starts_at)).toBe('2026-12-03T06:30:00.000Z');
    expect(row!.duration_minutes).toBe(90);
    expect(visibleText(page.body)).toContain('Das Frühstück ist geplant.');
    // The guest link is shown once; only its hash is stored.
    expect(guestLink).toMatch(/^http:\/\/localhost:3000\/g\/[a-z2-9]{32}$/);
    expect(row!.guest_token_hash).toBe(sha256Hex(guestLink!.split('/g/')[1]!));

    const list = visibleText((await c.browsers.member.get('/breakfasts')).body);
    expect(list).toContain('Do., 3. Dez., 07:30');
    expect(list).not.toContain('Frühstück planen');
    const detail = await c.browsers.member.get(`/breakfasts/${id}`);
    expect(detail.statusCode).toBe(200);
    const text = visibleText(detail.body);
    expect(text).toContain('https://meet.jit.si/kreis-fruehstueck');
    expect(text).toContain('Vorstellungsrunde, danach Empfehlungen');
    expect(text).not.toContain('Gästelink');
    expect(detail.body).not.toContain(guestLink!);
  });

  it('refuses bad input with messages and saves nothing', async () => {
    const c = await circle();
    const before = await countRows(t.database, 'breakfasts', 'group_id = $1', [c.group.id]);
    const response = await c.browsers.host.post(
      '/breakfasts',
      breakfastForm({ date: '2026-02-30', durationMinutes: '300', videoUrl: 'http://zoom.example/x', agenda: 'x'.repeat(2001) }),
    );
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte ein gültiges Datum angeben.');
    expect(text).toContain('Die Dauer muss zwischen 15 und 240 Minuten liegen.');
    expect(text).toContain('Bitte einen Link angeben, der mit https:// beginnt.');
    expect(text).toContain('Höchstens 2000 Zeichen');
    expect(response.body).toContain('value="http://zoom.example/x"');
    expect(await countRows(t.database, 'breakfasts', 'group_id = $1', [c.group.id])).toBe(before);
  });

  it('a host edits and cancels; the edit form shows Berlin time', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    const form = await c.browsers.host.get(`/breakfasts/${id}/edit`);
    expect(form.body).toContain('value="07:30"');
    expect(form.body).toContain('value="2026-12-03"');

    const bad = await c.browsers.host.post(`/breakfasts/${id}/edit`, breakfastForm({ time: '7 Uhr' }));
    expect(bad.statusCode).toBe(400);
    expect(visibleText(bad.body)).toContain('Bitte eine Uhrzeit wie 07:30 angeben.');

    const saved = await c.browsers.host.post(`/breakfasts/${id}/edit`, breakfastForm({ date: '2026-12-10', time: '08:00', durationMinutes: '60', videoUrl: '' }));
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/breakfasts/${id}?saved=1`);
    const row = await breakfastRow(t.database, id);
    expect(startsAt(row!.starts_at)).toBe('2026-12-10T07:00:00.000Z');
    expect(row!.duration_minutes).toBe(60);
    expect(row!.video_url).toBe('');

    const cancelled = await c.browsers.host.post(`/breakfasts/${id}/cancel`, {});
    expect(cancelled.statusCode).toBe(303);
    expect((await breakfastRow(t.database, id))!.cancelled_at).not.toBeNull();
    const page = visibleText((await c.browsers.member.get(`/breakfasts/${id}`)).body);
    expect(page).toContain('Dieses Frühstück ist abgesagt.');
    expect((await c.browsers.member.post(`/breakfasts/${id}/rsvp`, { answer: 'yes' })).statusCode).toBe(409);
  });

  it('a member may not plan, edit or cancel (403), and nothing changes', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    const before = await breakfastRow(t.database, id);
    expect((await c.browsers.member.post('/breakfasts', breakfastForm())).statusCode).toBe(403);
    expect((await c.browsers.member.get(`/breakfasts/${id}/edit`)).statusCode).toBe(403);
    expect((await c.browsers.member.post(`/breakfasts/${id}/edit`, breakfastForm({ time: '09:00' }))).statusCode).toBe(403);
    expect((await c.browsers.member.post(`/breakfasts/${id}/cancel`, {})).statusCode).toBe(403);
    expect((await c.browsers.member.post(`/breakfasts/${id}/guest-link`, {})).statusCode).toBe(403);
    expect(await breakfastRow(t.database, id)).toEqual(before);
    expect(await countRows(t.database, 'breakfasts', 'group_id = $1', [c.group.id])).toBe(1);
  });

  it("another group's members get 404 everywhere", async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    for (const url of [`/breakfasts/${id}`, `/breakfasts/${id}/ics`, `/breakfasts/${id}/edit`, `/breakfasts/${id}/attendance`]) {
      expect((await c.browsers.stranger.get(url)).statusCode, url).toBe(404);
    }
    expect((await c.browsers.stranger.post(`/breakfasts/${id}/rsvp`, { answer: 'yes' })).statusCode).toBe(404);
    expect((await c.browsers.stranger.post(`/breakfasts/${id}/cancel`, {})).statusCode).toBe(404);
    expect(visibleText((await c.browsers.stranger.get('/breakfasts')).body)).not.toContain('3. Dez.');
  });

  it('a new guest link replaces the old one', async () => {
    const c = await circle();
    const { id, guestToken } = await planBreakfast(c.browsers.host);
    const renewed = await c.browsers.host.post(`/breakfasts/${id}/guest-link`, {});
    expect(renewed.headers.location).toBe(`/breakfasts/${id}?renewed=1`);
    const page = await c.browsers.host.get(String(renewed.headers.location));
    const link = /id="guest-link"[^>]*value="([^"]+)"/.exec(page.body)?.[1];
    expect(link).toBeDefined();
    expect(link).not.toContain(guestToken!);
    expect((await breakfastRow(t.database, id))!.guest_token_hash).toBe(sha256Hex(link!.split('/g/')[1]!));
    expect((await new Browser(t.app).get(`/g/${guestToken}`)).statusCode).toBe(404);
  });
});

describe('RSVP', () => {
  it('saves one answer per member and replaces it when the member answers again', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    const first = await c.browsers.member.post(`/breakfasts/${id}/rsvp`, { answer: 'maybe' });
    expect(first.statusCode).toBe(303);
    expect(first.headers.location).toBe(`/breakfasts/${id}?answered=1#rsvp`);
    await c.browsers.member.post(`/breakfasts/${id}/rsvp`, { answer: 'yes' });
    const rows = await t.database.query<{ answer: string }>('select answer from breakfast_rsvps where breakfast_id = $1 and member_id = $2', [
      id,
      c.member.member.id,
    ]);
    expect(rows).toEqual([{ answer: 'yes' }]);
    const page = await c.browsers.host.get(`/breakfasts/${id}`);
    expect(visibleText(page.body)).toContain('Kommen (1) Anna Berger');
    const mine = await c.browsers.member.get(`/breakfasts/${id}`);
    expect(mine.body).toMatch(/value="yes" required checked/);
  });

  it('refuses an unknown answer', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    expect((await c.browsers.member.post(`/breakfasts/${id}/rsvp`, { answer: 'sure' })).statusCode).toBe(400);
    expect(await countRows(t.database, 'breakfast_rsvps', 'breakfast_id = $1', [id])).toBe(0);
  });
});

describe('calendar file', () => {
  it('is text/calendar with the event in UTC and the group name', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    const response = await c.browsers.member.get(`/breakfasts/${id}/ics`);
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toBe('text/calendar; charset=utf-8');
    expect(response.headers['content-disposition']).toContain('.ics');
    const body = response.body.replace(/\r\n /g, '');
    expect(body).toContain('\r\nDTSTART:20261203T063000Z\r\n');
    expect(body).toContain('\r\nDTEND:20261203T080000Z\r\n');
    expect(body).toContain('\r\nSUMMARY:Unternehmerfrühstück Kreis Nord\r\n');
    expect(body).toContain(`\r\nUID:${id}@localhost\r\n`);
    expect(body).toContain('\r\nURL:https://meet.jit.si/kreis-fruehstueck\r\n');
    expect(body).toContain('\r\nDESCRIPTION:Vorstellungsrunde\\, danach Empfehlungen\r\n');
  });

  it('sends a visitor without a session to the login page', async () => {
    const c = await circle();
    const { id } = await planBreakfast(c.browsers.host);
    const response = await new Browser(t.app).get(`/breakfasts/${id}/ics`);
    expect(response.statusCode).toBe(303);
    expect(response.headers.location).toBe(`/login?next=${encodeURIComponent(`/breakfasts/${id}/ics`)}`);
  });
});
