import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAIL_AFTER_DAYS, mailDueFeedbackLinks } from '../../server/feedback/mail-job.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, seedReferral } from '../helpers/world/index.js';

const DAY = 24 * 60 * 60 * 1000;

type OutboxRow = { recipient: string; subject: string; body: string; status: string; attempts: number };

describe('mailing the feedback link to the client', () => {
  let t: TestApp;
  // SMTP "configured" at a port nobody listens on: the app is only injected, so the outbox sender
  // never starts; what matters here is the outbox row.
  beforeAll(async () => {
    t = await createTestApp({ smtpUrl: 'smtp://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  const runJob = () => mailDueFeedbackLinks(t.app.db, t.app.config, t.clock.now());
  const mailsOf = (groupId: string) =>
    t.database.query<OutboxRow>('select recipient, subject, body, status, attempts from outbox where group_id = $1 order by created_at', [
      groupId,
    ]);
  const markContacted = (referralId: string) =>
    t.database.query("update referrals set status = 'contacted', contacted_at = $1 where id = $2", [t.clock.now().toISOString(), referralId]);
  const linkIn = (body: string) => {
    const match = body.match(/http:\/\/localhost:3000(\/f\/[a-z0-9]+)/);
    expect(match, body).not.toBeNull();
    return match![1]!;
  };

  it('is not mailed while the referral is open and young; mailed once the receiver got in touch, and only once', async () => {
    const seeded = await seedReferral(t, { clientEmail: 'claudia.kontakt@example.org' });
    await runJob();
    expect(await mailsOf(seeded.group.id)).toEqual([]);

    await markContacted(seeded.referralId);
    await runJob();
    await runJob();
    const mails = await mailsOf(seeded.group.id);
    expect(mails).toHaveLength(1);
    const [mail] = mails;
    expect(mail!.recipient).toBe('claudia.kontakt@example.org');
    expect(mail!.subject).toBe('Wie lief es mit Aylin Demir? Eine Minute für Ihre Rückmeldung');
    expect(mail!.body).toContain('Guten Tag Claudia Kundin,');
    expect(mail!.body).toContain('Thomas Berger aus der Gruppe');
    expect(mail!.body).toContain('an Aylin Demir (Webdesign) empfohlen');
    // Queued for the sender, not sent here: no network in tests.
    expect(mail!.status).toBe('pending');
    expect(mail!.attempts).toBe(0);

    const [request] = await t.database.query<{ mailed_at: Date | null; mail_token_hash: string | null; token_hash: string }>(
      'select mailed_at, mail_token_hash, token_hash from feedback_requests where referral_id = $1',
      [seeded.referralId],
    );
    expect(request!.mailed_at).not.toBeNull();
    expect(request!.mail_token_hash).not.toBeNull();
    expect(request!.mail_token_hash).not.toBe(request!.token_hash);
    // Only hashes are stored: the mailed token itself is nowhere in the request row.
    const mailedPath = linkIn(mail!.body);
    expect(JSON.stringify(request)).not.toContain(mailedPath.slice(3));
  });

  it(`is mailed after ${MAIL_AFTER_DAYS} days at the latest, in the group's language`, async () => {
    const seeded = await seedReferral(t, { locale: 'en', clientEmail: 'late@example.org' });
    t.clock.advance((MAIL_AFTER_DAYS - 1) * DAY);
    await runJob();
    expect(await mailsOf(seeded.group.id)).toEqual([]);
    t.clock.advance(DAY);
    expect(await runJob()).toBeGreaterThanOrEqual(1);
    const [mail] = await mailsOf(seeded.group.id);
    expect(mail!.subject).toBe('How did it go with Aylin Demir? One minute for your feedback');
    expect(mail!.body).toContain('Thomas Berger from the group');
    expect(mail!.body).toContain('referred you to Aylin Demir (Webdesign)');
  });

  it('the mailed link is a different link that works, and answering by it closes the giver’s link', async () => {
    const seeded = await seedReferral(t, { clientEmail: 'mailed@example.org' });
    await markContacted(seeded.referralId);
    await runJob();
    const mailedPath = linkIn((await mailsOf(seeded.group.id))[0]!.body);
    expect(mailedPath).not.toBe(seeded.path);

    const client = new ClientBrowser(t.app);
    const page = await client.get(mailedPath);
    expect(page.statusCode).toBe(200);
    expect(visibleText(page.body)).toContain('Thomas Berger hat Sie an Aylin Demir (Webdesign) empfohlen.');
    expect((await client.post(mailedPath, GOOD_ANSWERS)).statusCode).toBe(200);

    const giversLink = await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS);
    expect(giversLink.statusCode).toBe(409);
    expect(visibleText(giversLink.body)).toContain('bereits angekommen');
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(2);
  });

  it('answering by the giver’s link closes the mailed link', async () => {
    const seeded = await seedReferral(t, { clientEmail: 'both@example.org' });
    await markContacted(seeded.referralId);
    await runJob();
    const mailedPath = linkIn((await mailsOf(seeded.group.id))[0]!.body);
    expect((await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);
    const mailed = await new ClientBrowser(t.app).get(mailedPath);
    expect(mailed.statusCode).toBe(200);
    expect(visibleText(mailed.body)).toContain('Ihre Rückmeldung ist bereits angekommen – danke!');
    expect((await new ClientBrowser(t.app).post(mailedPath, GOOD_ANSWERS)).statusCode).toBe(409);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(1);
  });

  it('is not mailed when already answered, without an e-mail address, or after the client data was erased', async () => {
    const answered = await seedReferral(t, { clientEmail: 'answered@example.org' });
    expect((await new ClientBrowser(t.app).post(answered.path, GOOD_ANSWERS)).statusCode).toBe(200);
    const phoneOnly = await seedReferral(t, { clientEmail: null });
    const erased = await seedReferral(t, { clientEmail: 'erased@example.org' });
    await t.database.query(
      'update referrals set client_name = null, client_email = null, client_phone = null, client_data_erased_at = $1 where id = $2',
      [t.clock.now().toISOString(), erased.referralId],
    );
    for (const seeded of [answered, phoneOnly, erased]) await markContacted(seeded.referralId);
    await runJob();
    for (const seeded of [answered, phoneOnly, erased]) expect(await mailsOf(seeded.group.id)).toEqual([]);
  });

  it('without SMTP nothing is mailed: the giver shares the link by hand', async () => {
    const seeded = await seedReferral(t, { clientEmail: 'nosmtp@example.org' });
    await markContacted(seeded.referralId);
    expect(await mailDueFeedbackLinks(t.app.db, { ...t.app.config, smtpUrl: undefined }, t.clock.now())).toBe(0);
    expect(await mailsOf(seeded.group.id)).toEqual([]);
    expect(await countRows(t.database, 'feedback_requests', 'referral_id = $1 and mailed_at is null', [seeded.referralId])).toBe(1);
  });

  it('concurrent runs (several instances) mail each client exactly once', async () => {
    // Seeded one after another: members with the same name get their slugs one at a time.
    const seeded = [];
    for (const n of [1, 2, 3]) seeded.push(await seedReferral(t, { clientEmail: `parallel-${n}@example.org` }));
    for (const s of seeded) await markContacted(s.referralId);
    const before = await countRows(t.database, 'outbox');
    const mailed = await Promise.all([runJob(), runJob(), runJob(), runJob()]);
    expect(mailed.reduce((a, b) => a + b, 0)).toBe((await countRows(t.database, 'outbox')) - before);
    for (const s of seeded) expect(await mailsOf(s.group.id)).toHaveLength(1);
  });
});
