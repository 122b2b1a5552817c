import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mailDueFeedbackLinks } from '../../server/feedback/mail-job.js';
import { chainHash, GENESIS_HASH } from '../../server/ledger/chain.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, logIn, seedReferral, sessionBrowser } from '../helpers/world/index.js';

/** Visible text with no-break spaces as plain ones. */
const text = (html: string) => visibleText(html).replace(/[\u00a0\u202f]/g, ' ');

/** What a client typed before pressing send: rating 4 and a comment. */
const TYPED = { contacted: 'yes', speed: 'within_days', rating: '4', recommend: 'yes', comment: 'Freundlich und schnell, gerne wieder.' };

describe('how a feedback was verified, and who may not answer it', () => {
  let t: TestApp;
  // SMTP "configured" at a port nobody listens on: only the outbox row matters here.
  beforeAll(async () => {
    t = await createTestApp({ smtpUrl: 'smtp://127.0.0.1:1' });
  });
  afterAll(() => t.close());

  async function mailedLink(seeded: Awaited<ReturnType<typeof seedReferral>>): Promise<string> {
    await t.database.query("update referrals set status = 'contacted', contacted_at = $1 where id = $2", [t.clock.now().toISOString(), seeded.referralId]);
    await mailDueFeedbackLinks(t.app.db, t.app.config, t.clock.now());
    const [mail] = await t.database.query<{ body: string }>('select body from outbox where group_id = $1', [seeded.group.id]);
    const path = /http:\/\/localhost:3000(\/f\/[a-z0-9]+)/.exec(mail!.body)?.[1];
    expect(path).toBeDefined();
    return path!;
  }

  /** The receiver's overall score as another member of the group reads it on the trust page. */
  async function scoreShown(seeded: Awaited<ReturnType<typeof seedReferral>>, viewerEmail: string) {
    const viewer = await logIn(t.app, viewerEmail);
    const page = await viewer.get(`/m/${seeded.receiver.member.slug}/trust`);
    expect(page.statusCode).toBe(200);
    return { page, shown: text(page.body) };
  }

  const verificationOf = async (referralId: string) =>
    (await t.database.query<{ verification: string }>('select verification from feedback where referral_id = $1', [referralId]))[0]?.verification;

  for (const party of ['giver', 'receiver'] as const) {
    it(`the ${party}'s browser may look at the client's link but not answer it: 403, answers kept, nothing stored`, async () => {
      const seeded = await seedReferral(t);
      const browser = await sessionBrowser(t.app, seeded[party].account.id);

      const opened = await browser.get(seeded.path);
      expect(opened.statusCode).toBe(200);
      expect(text(opened.body)).toContain('Diese Rückmeldung kann nur die Kundin oder der Kunde selbst geben.');

      const answered = await browser.post(seeded.path, TYPED);
      expect(answered.statusCode).toBe(403);
      expect(text(answered.body)).toContain('Diese Rückmeldung kann nur die Kundin oder der Kunde selbst geben.');
      // What was typed is still in the form.
      expect(answered.body).toMatch(/name="rating" value="4" checked/);
      expect(answered.body).toContain('Freundlich und schnell, gerne wieder.</textarea>');

      expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
      expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(0);
      expect(await countRows(t.database, 'feedback_requests', 'referral_id = $1 and used_at is null', [seeded.referralId])).toBe(1);
      const { shown } = await scoreShown(seeded, (await otherMember(seeded)).email);
      expect(shown).toContain('Vertrauenswert noch keine Bestätigungen');
    });
  }

  it('is refused in English in an English group', async () => {
    const seeded = await seedReferral(t, { locale: 'en' });
    const browser = await sessionBrowser(t.app, seeded.giver.account.id);
    const answered = await browser.post(seeded.path, GOOD_ANSWERS);
    expect(answered.statusCode).toBe(403);
    expect(text(answered.body)).toContain('Only the client can give this feedback.');
  });

  it("the client's mailed link stores 'mailbox', counts in full, and the trust page says so", async () => {
    const seeded = await seedReferral(t, { clientEmail: 'postfach@example.org' });
    const path = await mailedLink(seeded);
    expect((await new ClientBrowser(t.app).post(path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await verificationOf(seeded.referralId)).toBe('mailbox');

    const { page, shown } = await scoreShown(seeded, (await otherMember(seeded)).email);
    expect(page.body).toContain('data-verification="mailbox"');
    expect(shown).toContain('über das Postfach der Kundschaft bestätigt');
    // One fresh 5 at full weight: R = N = 1.
    expect(shown).toContain(`Vertrauenswert ${Math.round(100 * wilsonLowerBound(1, 1))} von 100`);
    const english = text((await (await logIn(t.app, (await otherMember(seeded)).email)).get(`/m/${seeded.receiver.member.slug}/trust?lang=en`)).body);
    expect(english).toContain("confirmed by the client's mailbox");
  });

  it("the link shown to the giver, answered from another browser, stores 'shared' and counts half", async () => {
    const seeded = await seedReferral(t);
    expect((await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await verificationOf(seeded.referralId)).toBe('shared');
    const [event] = await t.database.query<{ verification: string; rule_version: number }>(
      "select verification, rule_version from trust_events where referral_id = $1 and kind = 'feedback'",
      [seeded.referralId],
    );
    expect(event).toEqual({ verification: 'shared', rule_version: 2 });

    const { page, shown } = await scoreShown(seeded, (await otherMember(seeded)).email);
    expect(page.body).toContain('data-verification="shared"');
    expect(shown).toContain('von Hand weitergegeben');
    // One fresh 5 at half weight: R = N = ½ — lower than the mailbox's score for the same answer.
    const half = Math.round(100 * wilsonLowerBound(0.5, 0.5));
    expect(half).toBeLessThan(Math.round(100 * wilsonLowerBound(1, 1)));
    expect(shown).toContain(`Vertrauenswert ${half} von 100`);
  });

  it('a ledger with rows from before the verification still verifies after new rows join it', async () => {
    const seeded = await seedReferral(t);
    // A row as rule version 1 wrote it: no verification, hashed without one.
    const old = {
      groupId: seeded.group.id,
      seq: 1,
      kind: 'feedback',
      memberId: seeded.receiver.member.id,
      topic: 'webdesign',
      referralId: randomUUID(),
      clientId: seeded.clientId,
      giverId: seeded.giver.member.id,
      rating: 5,
      neverContacted: null,
      valueCents: null,
      reversesId: null,
      ruleVersion: 1,
      occurredAt: new Date(t.clock.now().getTime() - 90 * 86_400_000),
    };
    const hash = chainHash(GENESIS_HASH, old);
    await t.database.query(
      `insert into trust_events (group_id, seq, kind, member_id, topic, referral_id, client_id, giver_id, rating, rule_version, occurred_at, prev_hash, hash)
       values ($1, 1, 'feedback', $2, $3, $4, $5, $6, 5, 1, $7, $8, $9)`,
      [old.groupId, old.memberId, old.topic, old.referralId, old.clientId, old.giverId, old.occurredAt.toISOString(), GENESIS_HASH, hash],
    );
    expect((await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await countRows(t.database, 'trust_events', 'group_id = $1', [seeded.group.id])).toBe(3);
    const report = await verifyLedger(t.app.db);
    expect(report.firstBreak).toBeNull();

    // The old row is read as 'shared' on the trust page.
    const { page } = await scoreShown(seeded, (await otherMember(seeded)).email);
    expect(page.body.match(/data-verification="shared"/g)).toHaveLength(2);
  });

  /** A third member of the referral's group (the host), who is neither giver nor receiver. */
  async function otherMember(seeded: Awaited<ReturnType<typeof seedReferral>>) {
    const [host] = await t.database.query<{ email: string }>(
      `select a.email from members m join accounts a on a.id = m.account_id where m.group_id = $1 and m.role = 'host'`,
      [seeded.group.id],
    );
    return { email: host!.email };
  }
});
