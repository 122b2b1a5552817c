import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../server/ledger/verify.js';
import { eraseExpiredClientData } from '../../server/privacy/service.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, logIn, seedReferral } from '../helpers/world/index.js';

const T0 = new Date('2026-11-23T09:00:00Z');

type ReferralState = {
  need: string;
  lost_reason: string | null;
  client_name: string | null;
  client_email: string | null;
  client_phone: string | null;
  client_data_erased_at: Date | string | null;
  comment: string | null;
  comment_public: boolean | null;
  rating: number | null;
};

describe('retention of clients’ personal data (CLIENT_DATA_RETENTION_MONTHS, default 12)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true }, T0);
  });
  afterAll(() => t.close());

  const run = () => eraseExpiredClientData(t.app.db, t.clock.now(), t.app.config.clientDataRetentionMonths);

  async function state(referralId: string): Promise<ReferralState> {
    const [row] = await t.database.query<ReferralState>(
      `select r.need, r.lost_reason, r.client_name, r.client_email, r.client_phone, r.client_data_erased_at, f.comment, f.comment_public, f.rating
       from referrals r left join feedback f on f.referral_id = r.id where r.id = $1`,
      [referralId],
    );
    return row!;
  }
  const erased = async (referralId: string) => (await state(referralId)).client_data_erased_at !== null;

  async function answered(clientName: string, comment: string) {
    const seeded = await seedReferral(t, { clientName, clientEmail: `${clientName.split(' ')[0]!.toLowerCase()}@example.org` });
    const response = await new ClientBrowser(t.app).post(seeded.path, { ...GOOD_ANSWERS, rating: '4', comment, consent: 'on' });
    expect(response.statusCode).toBe(200);
    return seeded;
  }

  it('erases exactly the due referrals at the right times, once, and the ledger still verifies', async () => {
    expect(t.app.config.clientDataRetentionMonths).toBe(12);
    // At T0: answered (A), never answered (B), never answered with a link renewed to last 13 months (C),
    // answered and already erased by the giver (E).
    const a = await answered('Anna Antwort', 'Annas eigene Worte.');
    const b = await seedReferral(t, { clientName: 'Bernd Ohne', clientEmail: 'bernd@example.org' });
    // B was lost, and the receiver wrote why: free text about the client, too.
    await t.database.query(`update referrals set status = 'lost', lost_at = $2, lost_reason = 'Bernd zieht nach Hamburg' where id = $1`, [
      b.referralId,
      T0.toISOString(),
    ]);
    const c = await seedReferral(t, { clientName: 'Carla Verlaengert', clientEmail: 'carla@example.org' });
    await t.database.query(`update feedback_requests set expires_at = '2027-12-23T09:00:00Z' where referral_id = $1`, [c.referralId]);
    const e = await answered('Emil Erased', 'Emils eigene Worte.');
    const giverOfE = await logIn(t.app, e.giver.email);
    expect((await giverOfE.post(`/referrals/${e.referralId}/erase-client`, { confirm: 'on' })).statusCode).toBe(303);
    const eErasedAt = (await state(e.referralId)).client_data_erased_at;

    // The feedback mail Anna got, and a mail to a member of the same group, as hosts see them in the outbox.
    await t.database.query(
      `insert into outbox (group_id, recipient, subject, body, status) values
         ($1, 'Anna@Example.org', 'Wie war es?', 'Hallo Anna Antwort', 'sent'),
         ($1, 'mitglied@example.org', 'Neue Empfehlung', 'Hallo', 'sent')`,
      [a.group.id],
    );

    // Six months later: D is answered.
    t.clock.set(new Date('2027-05-23T09:00:00Z'));
    const d = await answered('Dora Spaeter', 'Doras eigene Worte.');
    expect(await run()).toEqual({ referrals: 0, comments: 0 });

    const ledgerBefore = await t.database.query('select id, hash from trust_events order by group_id, seq');

    // One second before twelve months: nothing yet.
    t.clock.set(new Date('2027-11-23T08:59:59Z'));
    expect(await run()).toEqual({ referrals: 0, comments: 0 });
    expect(await erased(a.referralId)).toBe(false);
    expect(await erased(b.referralId)).toBe(false);

    // Twelve months after A's feedback and B's referral: A and B, and E's comment.
    t.clock.set(new Date('2027-11-23T09:00:00Z'));
    expect(await run()).toEqual({ referrals: 2, comments: 2 });
    expect(await state(a.referralId)).toMatchObject({
      need: '',
      lost_reason: null,
      client_name: null,
      client_email: null,
      client_phone: null,
      comment: null,
      comment_public: false,
      rating: 4,
    });
    expect(new Date((await state(a.referralId)).client_data_erased_at!).toISOString()).toBe('2027-11-23T09:00:00.000Z');
    expect(await state(b.referralId)).toMatchObject({ need: '', lost_reason: null, client_name: null, client_email: null, client_phone: null });
    expect(await erased(b.referralId)).toBe(true);
    expect(await state(c.referralId)).toMatchObject({ client_name: 'Carla Verlaengert', client_email: 'carla@example.org' });
    expect(await state(d.referralId)).toMatchObject({ need: 'Eine neue Website für die Bäckerei', client_name: 'Dora Spaeter', comment: 'Doras eigene Worte.' });
    const eNow = await state(e.referralId);
    expect(eNow.comment).toBeNull();
    expect(eNow.client_data_erased_at).toEqual(eErasedAt);
    expect(await countRows(t.database, 'outbox', `lower(recipient) = 'anna@example.org'`)).toBe(0);
    expect(await countRows(t.database, 'outbox', `recipient = 'mitglied@example.org'`)).toBe(1);

    // What giver and receiver see now: the referral and its rating, no client.
    for (const email of [a.giver.email, a.receiver.email]) {
      const page = await (await logIn(t.app, email)).get(`/referrals/${a.referralId}`);
      expect(page.statusCode).toBe(200);
      const text = visibleText(page.body);
      expect(text).not.toContain('Anna Antwort');
      expect(text).not.toContain('anna@example.org');
      expect(text).not.toContain('Annas eigene Worte.');
      expect(text).not.toContain('Eine neue Website für die Bäckerei');
      expect(text).toContain('Was gebraucht wird (gelöscht)');
    }
    const lost = visibleText((await (await logIn(t.app, b.receiver.email)).get(`/referrals/${b.referralId}`)).body);
    expect(lost).not.toContain('Bernd zieht nach Hamburg');
    expect(lost).toContain('(gelöscht)');

    // Running again (or on a second instance) changes nothing.
    const snapshot = await t.database.query('select id, client_data_erased_at from referrals order by id');
    expect(await run()).toEqual({ referrals: 0, comments: 0 });
    expect(await Promise.all([run(), run()])).toEqual([
      { referrals: 0, comments: 0 },
      { referrals: 0, comments: 0 },
    ]);
    expect(await t.database.query('select id, client_data_erased_at from referrals order by id')).toEqual(snapshot);

    // The ledger has every row it had, unchanged, and its chains verify.
    expect(await t.database.query('select id, hash from trust_events order by group_id, seq')).toEqual(ledgerBefore);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();

    // C once its renewed link has expired; D twelve months after its feedback.
    t.clock.set(new Date('2027-12-23T08:59:59Z'));
    expect(await run()).toEqual({ referrals: 0, comments: 0 });
    t.clock.set(new Date('2027-12-23T09:00:00Z'));
    expect(await run()).toEqual({ referrals: 1, comments: 0 });
    expect(await erased(c.referralId)).toBe(true);
    expect(await erased(d.referralId)).toBe(false);
    t.clock.set(new Date('2028-05-23T09:00:00Z'));
    expect(await run()).toEqual({ referrals: 1, comments: 1 });
    expect(await state(d.referralId)).toMatchObject({ client_name: null, comment: null, rating: 4 });
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('deletes mail still waiting to go to the client once no link of theirs can be answered, and not before', async () => {
    t.clock.set(new Date('2028-05-24T10:00:00Z'));
    const h = await answered('Hanna Hold', 'Hannas Worte.');
    // A second referral of the same client in the same group whose link is still open until 30 June:
    // a mail waiting for that address may carry that link.
    const [second] = await t.database.query<{ id: string }>(
      `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth, client_name, client_email, due_at, created_at)
       select group_id, giver_id, receiver_id, client_id, topic, need, warmth, client_name, client_email, due_at, created_at
       from referrals where id = $1 returning id`,
      [h.referralId],
    );
    await t.database.query(`insert into feedback_requests (referral_id, token_hash, expires_at) values ($1, 'retention-test-live-link', $2)`, [
      second!.id,
      '2028-06-30T10:00:00Z',
    ]);
    await t.database.query(
      `insert into outbox (group_id, recipient, subject, body, status) values
         ($1, 'Hanna@Example.org', 'Wie war es?', 'Hallo Hanna Hold (versendet)', 'sent'),
         ($1, 'hanna@example.org', 'Wie war es?', 'Hallo Hanna Hold (wartet)', 'pending')`,
      [h.group.id],
    );
    const mail = (status: string) => countRows(t.database, 'outbox', `lower(recipient) = 'hanna@example.org' and status = $1`, [status]);

    // A month after Hanna's feedback: her first referral is erased with the sent mail; the waiting one stays.
    t.clock.set(new Date('2028-06-24T10:00:00Z'));
    expect(await eraseExpiredClientData(t.app.db, t.clock.now(), 1)).toEqual({ referrals: 1, comments: 1 });
    expect(await erased(h.referralId)).toBe(true);
    expect(await mail('sent')).toBe(0);
    expect(await mail('pending')).toBe(1);

    // The second link expires: that referral is erased, and no mail to her is left.
    t.clock.set(new Date('2028-06-30T10:00:00Z'));
    expect(await eraseExpiredClientData(t.app.db, t.clock.now(), 1)).toEqual({ referrals: 1, comments: 0 });
    expect(await erased(second!.id)).toBe(true);
    expect(await mail('pending')).toBe(0);
  });

  it('follows a shorter configured period', async () => {
    t.clock.set(new Date('2028-06-01T10:00:00Z'));
    const f = await answered('Fiona Kurz', 'Fionas Worte.');
    t.clock.set(new Date('2028-07-01T09:59:59Z'));
    expect(await eraseExpiredClientData(t.app.db, t.clock.now(), 1)).toEqual({ referrals: 0, comments: 0 });
    t.clock.set(new Date('2028-07-01T10:00:00Z'));
    expect(await eraseExpiredClientData(t.app.db, t.clock.now(), 1)).toEqual({ referrals: 1, comments: 1 });
    expect(await erased(f.referralId)).toBe(true);
  });

  // Last: once the app listens it cannot be driven by hand any more.
  it('runs on its own once the server listens', async () => {
    t.clock.set(new Date('2028-08-01T10:00:00Z'));
    const g = await answered('Gustav Geplant', 'Gustavs Worte.');
    t.clock.set(new Date('2029-08-01T10:00:00Z'));
    await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (let i = 0; i < 50 && !(await erased(g.referralId)); i++) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await state(g.referralId)).toMatchObject({ client_name: null, comment: null });
  });
});
