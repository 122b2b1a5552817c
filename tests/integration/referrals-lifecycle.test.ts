import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { giveReferral, referralForm, seedCircle } from '../helpers/world/index.js';

const HOUR = 3600 * 1000;

describe('the receiver moves a referral along', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  async function given() {
    const c = await seedCircle(t);
    const { id } = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    return { ...c, id };
  }

  async function referralRow(id: string) {
    const [row] = await t.database.query<Record<string, unknown>>(`select * from referrals where id = $1`, [id]);
    return row!;
  }

  it('goes open → contacted → meeting → proposal → won with a value, recording business_closed', async () => {
    const c = await given();
    const detail = await c.browsers.receiver.get(`/referrals/${c.id}`);
    expect(visibleText(detail.body)).toContain('Kontakt aufgenommen');

    for (const to of ['contacted', 'meeting', 'proposal']) {
      t.clock.advance(HOUR);
      const moved = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to });
      expect(moved.statusCode).toBe(303);
      expect((await referralRow(c.id)).status).toBe(to);
    }
    t.clock.advance(HOUR);
    const won = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'won', value: '1250,50' });
    expect(won.statusCode).toBe(303);
    const row = await referralRow(c.id);
    expect(row).toMatchObject({ status: 'won', value_cents: 125050 });
    for (const column of ['contacted_at', 'meeting_at', 'proposal_at', 'won_at']) expect(row[column]).not.toBeNull();

    const events = await t.database.query<Record<string, unknown>>(
      `select kind, member_id, value_cents, topic from trust_events where referral_id = $1 order by seq`,
      [c.id],
    );
    expect(events.map((e) => e.kind)).toEqual(['referral_given', 'business_closed']);
    expect(events[1]).toMatchObject({ member_id: c.receiver.member.id, value_cents: 125050, topic: 'steuerberatung' });

    // The giver sees every step, each with its time, and was told about each one.
    const giverView = visibleText((await c.browsers.giver.get(`/referrals/${c.id}`)).body);
    for (const step of ['Empfehlung gegeben', 'kontaktiert', 'Termin', 'Angebot', 'gewonnen', 'Auftragswert 1.250,50 €']) {
      expect(giverView).toContain(step);
    }
    expect(
      await countRows(t.database, 'notifications', `member_id = $1 and referral_id = $2 and kind like 'referral\\_%'`, [c.giver.member.id, c.id]),
    ).toBe(4);
  });

  it('allows skipping forward and fills in the skipped steps', async () => {
    const c = await given();
    expect((await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'meeting' })).statusCode).toBe(303);
    const row = await referralRow(c.id);
    expect(row.status).toBe('meeting');
    expect(row.contacted_at).toEqual(row.meeting_at);
    expect(row.proposal_at).toBeNull();
  });

  it('never goes backwards, and won and lost are final', async () => {
    const c = await given();
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'proposal' });
    const back = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'contacted' });
    expect(back.statusCode).toBe(409);
    expect(visibleText(back.body)).toContain('Dieser Schritt ist nicht mehr möglich');
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'lost', reason: 'Kundin hat intern gelöst.' });
    const after = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'won' });
    expect(after.statusCode).toBe(409);
    expect(await referralRow(c.id)).toMatchObject({ status: 'lost', lost_reason: 'Kundin hat intern gelöst.' });
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [c.id])).toBe(1);
  });

  it('needs a reason for "nicht zustande gekommen" and a plain amount for "gewonnen"', async () => {
    const c = await given();
    const noReason = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'lost', reason: '  ' });
    expect(noReason.statusCode).toBe(400);
    expect(visibleText(noReason.body)).toContain('Bitte schreib kurz, woran es gescheitert ist.');

    const badValue = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'won', value: '1.250' });
    expect(badValue.statusCode).toBe(400);
    expect(visibleText(badValue.body)).toContain('Bitte gib den Betrag als Zahl an');
    expect(badValue.body).toContain('value="1.250"');

    const unknown = await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'archived' });
    expect(unknown.statusCode).toBe(400);
    expect(visibleText(unknown.body)).toContain('Diesen Schritt gibt es nicht.');

    expect((await referralRow(c.id)).status).toBe('open');
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [c.id])).toBe(1);
  });

  it('records won without a value as won, without a business_closed event', async () => {
    const c = await given();
    expect((await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'won', value: '' })).statusCode).toBe(303);
    expect(await referralRow(c.id)).toMatchObject({ status: 'won', value_cents: null });
    expect(await countRows(t.database, 'trust_events', `referral_id = $1 and kind = 'business_closed'`, [c.id])).toBe(0);
  });

  it('lets only the receiver move it: the giver gets 403, everyone else 404', async () => {
    const c = await given();
    const byGiver = await c.browsers.giver.post(`/referrals/${c.id}/status`, { to: 'contacted' });
    expect(byGiver.statusCode).toBe(403);
    expect(visibleText(byGiver.body)).toContain('Den Stand einer Empfehlung ändert nur das Mitglied, das sie erhalten hat.');
    expect((await c.browsers.giver.post(`/referrals/${c.id}/status`, { to: 'lost' })).statusCode).toBe(403);
    expect((await c.browsers.third.post(`/referrals/${c.id}/status`, { to: 'contacted' })).statusCode).toBe(404);
    expect((await c.browsers.stranger.post(`/referrals/${c.id}/status`, { to: 'contacted' })).statusCode).toBe(404);
    expect((await c.browsers.receiver.post(`/referrals/not-an-id/status`, { to: 'contacted' })).statusCode).toBe(404);
    expect((await referralRow(c.id)).status).toBe('open');
  });

  it('shows the giver a notification for each step and lets them mark all as read', async () => {
    const c = await given();
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'contacted' });
    t.clock.advance(HOUR);
    await c.browsers.receiver.post(`/referrals/${c.id}/status`, { to: 'lost', reason: 'Zu teuer.' });

    const page = await c.browsers.giver.get('/notifications');
    const text = visibleText(page.body);
    expect(text).toContain('Rita Rechner hat Kontakt aufgenommen (Steuerberatung)');
    expect(text).toContain('Deine Empfehlung an Rita Rechner ist nicht zustande gekommen (Steuerberatung)');
    // Newest first.
    expect(text.indexOf('nicht zustande gekommen')).toBeLessThan(text.indexOf('hat Kontakt aufgenommen'));
    expect(page.body.match(/notification--unread/g)).toHaveLength(2);

    expect((await c.browsers.giver.post('/notifications/read')).statusCode).toBe(303);
    const after = await c.browsers.giver.get('/notifications');
    expect(after.body).not.toContain('notification--unread');
    expect(await countRows(t.database, 'notifications', 'member_id = $1 and read_at is null', [c.giver.member.id])).toBe(0);
  });

  it('reads the notifications about a referral when its page is opened', async () => {
    const c = await given();
    expect(await countRows(t.database, 'notifications', 'member_id = $1 and read_at is null', [c.receiver.member.id])).toBe(1);
    await c.browsers.receiver.get(`/referrals/${c.id}`);
    expect(await countRows(t.database, 'notifications', 'member_id = $1 and read_at is null', [c.receiver.member.id])).toBe(0);
  });
});
