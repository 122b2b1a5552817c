import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, freshBrowser, PASSWORD, planBreakfast, seedGroup, seedMember } from '../helpers/world/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t.close();
});

/** A breakfast with two members and a guest; the live room recorded Anna as present. */
async function breakfastWithAttendees() {
  const { group, host } = await seedGroup(t.app.db);
  const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
  const bernd = await seedMember(t.app.db, group.id, 'Bernd Bauer');
  const browsers = { host: freshBrowser(t.app), anna: freshBrowser(t.app) };
  await browsers.host.login(host.email, PASSWORD);
  await browsers.anna.login(anna.email, PASSWORD);
  const { id, guestToken } = await planBreakfast(browsers.host);
  await new ClientBrowser(t.app).post(`/g/${guestToken}`, { name: 'Gustav Gast', trade: 'Fotografie', email: '', warum: '' });
  const [guest] = await t.database.query<{ id: string }>('select id from breakfast_guests where breakfast_id = $1', [id]);
  await t.database.query(`insert into breakfast_attendance (breakfast_id, attendee_id, kind, present) values ($1, $2, 'member', true)`, [
    id,
    anna.member.id,
  ]);
  return { id, host, anna, bernd, guestId: guest!.id, browsers };
}

async function presence(id: string) {
  const rows = await t.database.query<{ attendee_id: string; kind: string; present: boolean; corrected_by: string | null }>(
    'select attendee_id, kind, present, corrected_by from breakfast_attendance where breakfast_id = $1',
    [id],
  );
  return new Map(rows.map((row) => [row.attendee_id, row]));
}

describe('attendance correction', () => {
  it('lists members and guests, ticked as the live room recorded them', async () => {
    const b = await breakfastWithAttendees();
    const page = await b.browsers.host.get(`/breakfasts/${b.id}/attendance`);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Anna Berger');
    expect(text).toContain('Bernd Bauer');
    expect(text).toContain('Gustav Gast Fotografie');
    expect(page.body).toMatch(new RegExp(`value="${b.anna.member.id}" checked`));
    expect(page.body).not.toMatch(new RegExp(`value="${b.bernd.member.id}" checked`));
  });

  it('saves the corrections for everyone on the list, marked as corrected by the host', async () => {
    const b = await breakfastWithAttendees();
    const saved = await b.browsers.host.post(`/breakfasts/${b.id}/attendance`, { present: [b.bernd.member.id, b.guestId] });
    expect(saved.statusCode).toBe(303);
    expect(saved.headers.location).toBe(`/breakfasts/${b.id}/attendance?saved=1`);
    const rows = await presence(b.id);
    expect(rows.get(b.anna.member.id)).toMatchObject({ present: false, corrected_by: b.host.member.id });
    expect(rows.get(b.bernd.member.id)).toMatchObject({ present: true, kind: 'member' });
    expect(rows.get(b.guestId)).toMatchObject({ present: true, kind: 'guest' });
    const page = await b.browsers.host.get(String(saved.headers.location));
    expect(visibleText(page.body)).toContain('Die Anwesenheit ist gespeichert.');

    // Nobody ticked: everyone absent.
    await b.browsers.host.post(`/breakfasts/${b.id}/attendance`, {});
    expect([...(await presence(b.id)).values()].every((row) => !row.present)).toBe(true);
  });

  it('refuses ids that are not on the list and saves nothing', async () => {
    const b = await breakfastWithAttendees();
    const outsider = await seedMember(t.app.db, (await seedGroup(t.app.db)).group.id, 'Olga Außen');
    const response = await b.browsers.host.post(`/breakfasts/${b.id}/attendance`, { present: [b.bernd.member.id, outsider.member.id] });
    expect(response.statusCode).toBe(400);
    expect((await b.browsers.host.post(`/breakfasts/${b.id}/attendance`, { present: 'kein-id' })).statusCode).toBe(400);
    expect(await countRows(t.database, 'breakfast_attendance', 'breakfast_id = $1', [b.id])).toBe(1);
  });

  it('is for hosts only', async () => {
    const b = await breakfastWithAttendees();
    expect((await b.browsers.anna.get(`/breakfasts/${b.id}/attendance`)).statusCode).toBe(403);
    expect((await b.browsers.anna.post(`/breakfasts/${b.id}/attendance`, { present: b.anna.member.id })).statusCode).toBe(403);
    expect(await countRows(t.database, 'breakfast_attendance', 'breakfast_id = $1 and corrected_by is not null', [b.id])).toBe(0);
  });
});
