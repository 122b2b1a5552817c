import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processOverdueReferrals } from '../../server/referrals/overdue.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveReferral, referralForm, seedCircle } from '../helpers/world/index.js';

// Europe/Berlin is UTC+1 in late November and early December.
const FRIDAY_10_00 = new Date('2026-11-27T09:00:00Z');
const MONDAY_10_00 = new Date('2026-11-30T09:00:00Z');
const TUESDAY_09_59 = new Date('2026-12-01T08:59:00Z');
const TUESDAY_10_00 = new Date('2026-12-01T09:00:00Z');
const WEDNESDAY_10_01 = new Date('2026-12-02T09:01:00Z');

describe('overdue referrals', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  const run = () => processOverdueReferrals(t.app.db, t.clock.now(), { publicUrl: t.app.config.publicUrl, delivery: 'keep' });

  async function givenOnFriday() {
    t.clock.set(FRIDAY_10_00);
    const c = await seedCircle(t);
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    return { ...c, id };
  }

  const overdueEvents = (groupId: string) => countRows(t.database, 'trust_events', `group_id = $1 and kind = 'response_overdue'`, [groupId]);
  const reminders = (memberId: string) => countRows(t.database, 'notifications', `member_id = $1 and kind = 'referral_overdue'`, [memberId]);
  const reminderMails = (groupId: string, to: string) =>
    countRows(t.database, 'outbox', `group_id = $1 and recipient = $2 and subject like 'Erinnerung:%'`, [groupId, to]);

  it('counts two working days from Friday 10:00: not overdue on Monday, overdue on Wednesday 10:01', async () => {
    const c = await givenOnFriday();
    const [row] = await t.database.query<{ due_at: Date }>(`select due_at from referrals where id = $1`, [c.id]);
    expect(new Date(row!.due_at).toISOString()).toBe(TUESDAY_10_00.toISOString());

    for (const moment of [MONDAY_10_00, TUESDAY_09_59]) {
      t.clock.set(moment);
      await run();
      expect(await overdueEvents(c.group.id)).toBe(0);
      expect(await countRows(t.database, 'referrals', 'id = $1 and overdue_at is null', [c.id])).toBe(1);
    }

    t.clock.set(WEDNESDAY_10_01);
    await run();
    const events = await t.database.query<Record<string, unknown>>(
      `select member_id, giver_id, referral_id, topic from trust_events where group_id = $1 and kind = 'response_overdue'`,
      [c.group.id],
    );
    expect(events).toEqual([{ member_id: c.receiver.member.id, giver_id: c.giver.member.id, referral_id: c.id, topic: 'steuerberatung' }]);
    expect(await countRows(t.database, 'referrals', 'id = $1 and overdue_at is not null', [c.id])).toBe(1);
    expect(await reminders(c.receiver.member.id)).toBe(1);
    expect(await reminderMails(c.group.id, c.receiver.email)).toBe(1);

    // A second run changes nothing.
    t.clock.advance(60 * 60 * 1000);
    await run();
    expect(await overdueEvents(c.group.id)).toBe(1);
    expect(await reminders(c.receiver.member.id)).toBe(1);
    expect(await reminderMails(c.group.id, c.receiver.email)).toBe(1);

    const page = visibleText((await c.browsers.receiver.get(`/referrals/${c.id}`)).body);
    expect(page).toContain('überfällig');
    expect(page).toContain('Antwortfrist verstrichen');
  });

  it('marks each referral exactly once when several runs race', async () => {
    const c = await givenOnFriday();
    for (let i = 0; i < 3; i++) await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { clientEmail: `k${i}@example.org` }));
    t.clock.set(WEDNESDAY_10_01);
    await Promise.all([run(), run(), run()]);
    expect(await overdueEvents(c.group.id)).toBe(4);
    expect(
      await countRows(t.database, 'trust_events', `group_id = $1 and kind = 'response_overdue' group by referral_id having count(*) > 1`, [c.group.id]),
    ).toBe(0);
    expect(await reminders(c.receiver.member.id)).toBe(4);
  });

  it('leaves referrals alone that were marked contacted in time', async () => {
    const c = await givenOnFriday();
    t.clock.set(MONDAY_10_00);
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'contacted' });
    t.clock.set(WEDNESDAY_10_01);
    await run();
    expect(await overdueEvents(c.group.id)).toBe(0);
    expect(await reminders(c.receiver.member.id)).toBe(0);
  });

  it('records the penalty once when the receiver answers late, before the check ran', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    expect((await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'contacted' })).statusCode).toBe(303);
    expect(await overdueEvents(c.group.id)).toBe(1);
    await run();
    expect(await overdueEvents(c.group.id)).toBe(1);
    // They are answering now, so there is nothing to remind them of.
    expect(await reminders(c.receiver.member.id)).toBe(0);
  });

  it("uses the group's deadline setting", async () => {
    t.clock.set(FRIDAY_10_00);
    const c = await seedCircle(t);
    await t.database.query(`update groups set response_deadline_days = 4 where id = $1`, [c.group.id]);
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    t.clock.set(WEDNESDAY_10_01);
    await run();
    expect(await countRows(t.database, 'referrals', 'id = $1 and overdue_at is null', [id])).toBe(1);
    t.clock.set(new Date('2026-12-03T09:00:00Z'));
    await run();
    expect(await countRows(t.database, 'referrals', 'id = $1 and overdue_at is not null', [id])).toBe(1);
  });

  it('puts overdue referrals first in the lists, marked', async () => {
    const c = await givenOnFriday();
    t.clock.set(TUESDAY_09_59);
    const newer = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { topic: 'Lohnbuchhaltung', clientEmail: 'neu@example.org' }));
    t.clock.set(WEDNESDAY_10_01);
    for (const browser of [c.browsers.receiver, c.browsers.giver]) {
      const body = (await browser.get('/referrals')).body;
      const overdueAt = body.indexOf(`/referrals/${c.id}"`);
      const newerAt = body.indexOf(`/referrals/${newer.id}"`);
      expect(overdueAt).toBeGreaterThan(-1);
      expect(overdueAt).toBeLessThan(newerAt);
      expect(body).toContain('referral-item--overdue');
      expect(visibleText(body)).toMatch(/Steuerberatung (von|an) [^]*?überfällig offen vor 5 Tagen/);
    }
  });
});
