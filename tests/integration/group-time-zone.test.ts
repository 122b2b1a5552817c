import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { breakfastRow, logIn, planBreakfast, seedGroup, seedMember } from '../helpers/world/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t.close();
});

/** Groups start on the default zone; these tests move one to New York the way a database admin would. */
async function groupIn(timeZone: string | null) {
  const { group, host } = await seedGroup(t.app.db, { name: `Kreis ${timeZone ?? 'Standard'}` });
  const member = await seedMember(t.app.db, group.id, 'Anna Berger');
  if (timeZone) await t.database.query('update groups set time_zone = $1 where id = $2', [timeZone, group.id]);
  const browsers = { host: await logIn(t.app, host.email), member: await logIn(t.app, member.email) };
  return { group, browsers };
}

describe("a group's time zone", () => {
  it('is Europe/Berlin for a new group', async () => {
    const { group } = await groupIn(null);
    const [row] = await t.database.query<{ time_zone: string }>('select time_zone from groups where id = $1', [group.id]);
    expect(row!.time_zone).toBe('Europe/Berlin');
  });

  it('reads a breakfast planned for 07:30 on the clock of a New York group and shows it the same way', async () => {
    const c = await groupIn('America/New_York');
    const { id } = await planBreakfast(c.browsers.host, { date: '2026-12-03', time: '07:30' });
    const row = await breakfastRow(t.database, id);
    expect(new Date(row!.starts_at).toISOString()).toBe('2026-12-03T12:30:00.000Z');
    const list = visibleText((await c.browsers.member.get('/breakfasts')).body);
    expect(list).toContain('Do., 3. Dez., 07:30');
    const edit = await c.browsers.host.get(`/breakfasts/${id}/edit`);
    expect(edit.body).toMatch(/name="time"[^>]*value="07:30"|value="07:30"[^>]*name="time"/);
  });
});
