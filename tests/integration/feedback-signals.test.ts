import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../server/ledger/verify.js';
import { expireSignals } from '../../server/signals/service.js';
import { wilsonLowerBound } from '../../server/trust/wilson.js';
import { type Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { anotherReferral, ClientBrowser, GOOD_ANSWERS, logIn, seedMember, seedReferral } from '../helpers/world/index.js';

/** Visible text with no-break spaces as plain ones. */
const text = (html: string) => visibleText(html).replace(/[\u00a0\u202f]/g, ' ');

type Seeded = Awaited<ReturnType<typeof seedReferral>>;

/** The overall score a trust page shows ("Vertrauenswert 27 von 100"). */
const scoreOn = (html: string) => Number(/Vertrauenswert (\d+) von 100/.exec(text(html))?.[1] ?? NaN);

/** What a client typed before pressing send. */
const TYPED = { contacted: 'yes', speed: 'within_days', rating: '5', recommend: 'yes', comment: 'Sehr zuverlässig, gerne wieder.' };

describe('signals of a bought answer: flagged, weighed 0, reviewed by a host', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const flagOf = async (referralId: string) =>
    (
      await t.database.query<{ verification: string; answered_via: string; reasons: string[] | null; link_kind: string | null }>(
        `select f.verification, f.answered_via, ff.reasons, ff.link_kind
           from feedback f left join feedback_flags ff on ff.feedback_id = f.id where f.referral_id = $1`,
        [referralId],
      )
    )[0];

  /** The receiver's trust page as the group's host reads it. */
  async function trustPage(seeded: Seeded, host: Browser) {
    const page = await host.get(`/m/${seeded.receiver.member.slug}/trust`);
    expect(page.statusCode).toBe(200);
    return { body: page.body, shown: text(page.body) };
  }

  /** The giver, signed in on his own browser, looks at a page; then signs out and opens the client's link there. */
  async function giverAnswersFromOwnDevice(seeded: Seeded, answers: Record<string, string> = TYPED) {
    const browser = await logIn(t.app, seeded.giver.email);
    expect((await browser.get('/roster')).statusCode).toBe(200);
    expect(browser.cookies.get('kreis_device')).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect((await browser.post('/logout', {})).statusCode).toBe(303);
    expect(browser.cookies.has('kreis_session')).toBe(false);
    return browser.post(seeded.path, answers);
  }

  it("the giver answering his own client's link from his device: a normal thank-you, flagged, weight 0, the host is mailed", async () => {
    const seeded = await seedReferral(t);
    const answered = await giverAnswersFromOwnDevice(seeded);
    expect(answered.statusCode).toBe(200);
    // The attacker is not told.
    expect(text(answered.body)).toContain('Vielen Dank');
    expect(text(answered.body)).not.toMatch(/Prüfung|markiert/);

    const flag = await flagOf(seeded.referralId);
    expect(flag).toMatchObject({ verification: 'flagged', answered_via: 'shared', link_kind: 'shared' });
    expect(flag!.reasons).toContain('same_device');
    // Nothing the client typed is lost.
    const [stored] = await t.database.query<{ rating: number; comment: string }>('select rating, comment from feedback where referral_id = $1', [
      seeded.referralId,
    ]);
    expect(stored).toEqual({ rating: 5, comment: 'Sehr zuverlässig, gerne wieder.' });

    const host = await logIn(t.app, seeded.host.email);
    const { body, shown } = await trustPage(seeded, host);
    expect(shown).toContain('Vertrauenswert noch keine Bestätigungen');
    expect(body).toContain('data-verification="flagged"');
    expect(shown).toContain('zur Prüfung markiert');

    const [mail] = await t.database.query<{ recipient: string; subject: string; body: string }>(
      'select recipient, subject, body from outbox where group_id = $1',
      [seeded.group.id],
    );
    expect(mail).toMatchObject({ recipient: seeded.host.email });
    expect(mail!.subject).toContain('Eine Rückmeldung wartet auf Prüfung');
    expect(mail!.body).toContain('http://localhost:3000/host/review');

    // The host's overview counts it; the review page says why, in plain words.
    expect(text((await host.get('/host')).body)).toContain('Markierte Rückmeldungen, die auf deine Prüfung warten: 1.');
    const review = await host.get('/host/review');
    expect(review.statusCode).toBe(200);
    const reviewText = text(review.body);
    expect(reviewText).toContain('Thomas Berger → Aylin Demir, Webdesign');
    expect(reviewText).toContain('vom selben Gerät wie eine Sitzung der empfehlenden oder der empfohlenen Person');
    expect(reviewText).toContain('kontaktiert, 5 von 5 Sternen');
  });

  it('a host marks it genuine: it counts as shared by hand, the badge says so; a second verdict is refused', async () => {
    const seeded = await seedReferral(t);
    await giverAnswersFromOwnDevice(seeded);
    const [{ id: feedbackId }] = (await t.database.query<{ id: string }>('select id from feedback where referral_id = $1', [seeded.referralId])) as [
      { id: string },
    ];
    const host = await logIn(t.app, seeded.host.email);

    const genuine = await host.post(`/host/review/${feedbackId}`, { verdict: 'genuine' });
    expect(genuine.statusCode).toBe(303);
    expect(text((await host.get(genuine.headers.location as string)).body)).toContain('Als echt bestätigt: Die Rückmeldung zählt jetzt.');

    // The weight it would have had without the flag: shared by hand, ½.
    const half = Math.round(100 * wilsonLowerBound(0.5, 0.5));
    const { body, shown } = await trustPage(seeded, host);
    expect(shown).toContain(`Vertrauenswert ${half} von 100`);
    expect(body).toContain('data-verification="genuine"');
    expect(shown).toContain('geprüft: echt');

    // The verdict is in the ledger (appended, two events: receiver and giver), and the ledger still verifies.
    const verdicts = await t.database.query<{ verification: string }>(
      "select verification from trust_events where kind = 'feedback_reviewed' and referral_id = $1",
      [seeded.referralId],
    );
    expect(verdicts.map((v) => v.verification)).toEqual(['shared', 'shared']);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();

    const again = await host.post(`/host/review/${feedbackId}`, { verdict: 'not_genuine' });
    expect(again.statusCode).toBe(409);
    expect(text(again.body)).toContain('Diese Rückmeldung wurde schon geprüft (echt). Die erste Prüfung gilt; es hat sich nichts geändert.');
    expect(await countRows(t.database, 'trust_events', "kind = 'feedback_reviewed' and referral_id = $1", [seeded.referralId])).toBe(2);
    expect((await trustPage(seeded, host)).shown).toContain(`Vertrauenswert ${half} von 100`);
  });

  it('a host marks it not genuine: it stays at 0', async () => {
    const seeded = await seedReferral(t);
    await giverAnswersFromOwnDevice(seeded);
    const [row] = await t.database.query<{ id: string }>('select id from feedback where referral_id = $1', [seeded.referralId]);
    const host = await logIn(t.app, seeded.host.email);
    expect((await host.post(`/host/review/${row!.id}`, { verdict: 'not_genuine' })).statusCode).toBe(303);
    const { body, shown } = await trustPage(seeded, host);
    expect(shown).toContain('Vertrauenswert noch keine Bestätigungen');
    expect(body).toContain('data-verification="not_genuine"');
    expect(text((await host.get('/host')).body)).toContain('Markierte Rückmeldungen, die auf deine Prüfung warten: 0.');
  });

  it('a bad verdict or a foreign answer changes nothing and says so', async () => {
    const seeded = await seedReferral(t);
    await giverAnswersFromOwnDevice(seeded);
    const [row] = await t.database.query<{ id: string }>('select id from feedback where referral_id = $1', [seeded.referralId]);
    const host = await logIn(t.app, seeded.host.email);
    const bad = await host.post(`/host/review/${row!.id}`, { verdict: 'maybe' });
    expect(bad.statusCode).toBe(400);
    expect(text(bad.body)).toContain('Diese Prüfung ließ sich nicht zuordnen.');
    const notId = await host.post('/host/review/not-a-uuid', { verdict: 'genuine' });
    expect(notId.statusCode).toBe(400);

    // The host of another group cannot review it.
    const other = await seedReferral(t);
    const otherHost = await logIn(t.app, other.host.email);
    expect((await otherHost.post(`/host/review/${row!.id}`, { verdict: 'genuine' })).statusCode).toBe(404);
    // A member who is not a host cannot either.
    const member = await logIn(t.app, seeded.receiver.email);
    expect((await member.post(`/host/review/${row!.id}`, { verdict: 'genuine' })).statusCode).toBe(403);
    expect(await countRows(t.database, 'feedback_flags', 'feedback_id = $1 and verdict is null', [row!.id])).toBe(1);
  });

  it('an answer within a minute of the link being made is flagged (answered_quickly); a later one is not', async () => {
    const seeded = await seedReferral(t);
    await t.database.query("update feedback_requests set created_at = $1::timestamptz - interval '10 seconds' where referral_id = $2", [
      t.clock.now().toISOString(),
      seeded.referralId,
    ]);
    expect((await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect((await flagOf(seeded.referralId))!.reasons).toEqual(['answered_quickly']);

    const later = await seedReferral(t);
    expect((await new ClientBrowser(t.app).post(later.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await flagOf(later.referralId)).toMatchObject({ verification: 'shared', reasons: null });
  });

  it("the client's address on the giver's own company domain is flagged; a common provider is not", async () => {
    const own = await seedReferral(t, { clientEmail: 'kundin@berger-steuer.de' });
    await t.database.query("update accounts set email = 'thomas@berger-steuer.de' where id = $1", [own.giver.account.id]);
    await new ClientBrowser(t.app).post(own.path, GOOD_ANSWERS);
    expect((await flagOf(own.referralId))!.reasons).toEqual(['same_email_domain']);

    const common = await seedReferral(t, { clientEmail: 'kundin@gmail.com' });
    await t.database.query("update accounts set email = 'thomas.b@gmail.com' where id = $1", [common.giver.account.id]);
    await new ClientBrowser(t.app).post(common.path, GOOD_ANSWERS);
    expect((await flagOf(common.referralId))!.verification).toBe('shared');
  });

  it('a ring: the same client referred by one giver to two other receivers within a year is flagged', async () => {
    const seeded = await seedReferral(t);
    for (const name of ['Ringo Zwei', 'Rita Drei']) {
      const other = await seedMember(t.app.db, seeded.group.id, name);
      await t.database.query(
        `insert into referrals (group_id, giver_id, receiver_id, client_id, topic, need, warmth, client_name, client_email, due_at, created_at)
         values ($1, $2, $3, $4, 'Webdesign', 'Website', 4, 'Claudia Kundin', 'claudia@example.org', $5, $5)`,
        [seeded.group.id, seeded.giver.member.id, other.member.id, seeded.clientId, t.clock.now().toISOString()],
      );
    }
    await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS);
    expect((await flagOf(seeded.referralId))!.reasons).toEqual(['client_for_several_receivers']);
  });

  it('sock-puppet clients: the second address of one giver on one company domain holds back both answers until a host finds them genuine', async () => {
    const first = await seedReferral(t, { clientEmail: 'Eins@Puppen-Werk.de' });
    const host = await logIn(t.app, first.host.email);
    // An address on a mail provider is nobody's company: it makes no pattern.
    const onProvider = await anotherReferral(t, first, { clientEmail: 'jemand@gmail.com' });
    expect((await new ClientBrowser(t.app).post(onProvider.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect((await new ClientBrowser(t.app).post(first.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await flagOf(first.referralId)).toMatchObject({ verification: 'shared', reasons: null });
    const withOne = await trustPage(first, host);

    const second = await anotherReferral(t, first, { clientEmail: 'zwei@puppen-werk.de' });
    expect((await new ClientBrowser(t.app).post(second.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await flagOf(second.referralId)).toMatchObject({ verification: 'flagged', reasons: ['clients_share_domain'] });
    // The first answer is held back after the fact, and nothing else.
    expect(await flagOf(first.referralId)).toMatchObject({ verification: 'flagged', reasons: ['clients_share_domain'], link_kind: 'shared' });
    expect(await flagOf(onProvider.referralId)).toMatchObject({ verification: 'shared', reasons: null });
    const held = await trustPage(first, host);
    // Only the answer on the provider's address counts (shared by hand, ½).
    expect(scoreOn(held.body)).toBe(Math.round(100 * wilsonLowerBound(0.5, 0.5)));
    expect(scoreOn(held.body)).toBeLessThan(scoreOn(withOne.body));
    // Both answers carry the badge in the ledger, the one held after the fact too.
    expect(held.body.match(/data-verification="flagged"/g)).toHaveLength(2);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();

    const review = await host.get('/host/review');
    expect(text(review.body)).toContain('dieselbe Firmen-Domain');
    for (const referralId of [first.referralId, second.referralId]) {
      const [row] = await t.database.query<{ id: string }>('select id from feedback where referral_id = $1', [referralId]);
      expect((await host.post(`/host/review/${row!.id}`, { verdict: 'genuine' })).statusCode).toBe(303);
    }
    const reviewed = await trustPage(first, host);
    expect(scoreOn(reviewed.body)).toBeGreaterThan(scoreOn(withOne.body));
  });

  it("an answer from the giver's network is flagged, unless five members of the group use that network (an office)", async () => {
    const seeded = await seedReferral(t);
    const giver = await logIn(t.app, seeded.giver.email);
    await giver.get('/roster');
    const network = (giver as unknown as { ip: string }).ip.split('.').slice(0, 3).join('.');
    const client = new ClientBrowser(t.app);
    Object.assign(client, { ip: `${network}.77` });
    await client.post(seeded.path, GOOD_ANSWERS);
    expect((await flagOf(seeded.referralId))!.reasons).toEqual(['same_network']);

    // Five members of the group seen on one network: a coworking space, not a hint.
    const office = await seedReferral(t);
    const officeMembers = [office.giver, office.receiver, office.host];
    for (const name of ['Olga Office', 'Otto Office']) officeMembers.push(await seedMember(t.app.db, office.group.id, name));
    let officeNet = '';
    for (const m of officeMembers) {
      const b = await logIn(t.app, m.email);
      if (!officeNet) officeNet = (b as unknown as { ip: string }).ip.split('.').slice(0, 3).join('.');
      Object.assign(b, { ip: `${officeNet}.${10 + officeMembers.indexOf(m)}` });
      await b.get('/roster');
    }
    const colleague = new ClientBrowser(t.app);
    Object.assign(colleague, { ip: `${officeNet}.99` });
    await colleague.post(office.path, GOOD_ANSWERS);
    expect((await flagOf(office.referralId))!.verification).toBe('shared');
  });

  it('English: the hosts get the mail and the review page in English', async () => {
    const seeded = await seedReferral(t, { locale: 'en' });
    const answered = await giverAnswersFromOwnDevice(seeded, GOOD_ANSWERS);
    expect(answered.statusCode).toBe(200);
    const [mail] = await t.database.query<{ subject: string }>('select subject from outbox where group_id = $1', [seeded.group.id]);
    expect(mail!.subject).toContain('A client answer is waiting for review');
    const host = await logIn(t.app, seeded.host.email);
    const reviewText = text((await host.get('/host/review')).body);
    expect(reviewText).toContain('Review client answers');
    expect(reviewText).toContain('from the same device as a session of the giver or the receiver');
    expect(reviewText).toContain('Genuine');
  });

  it('a client that sends no cookies back is seen once an hour from its network, not once per request', async () => {
    const seeded = await seedReferral(t);
    const token = (await logIn(t.app, seeded.giver.email)).cookies.get('kreis_session')!;
    const before = await countRows(t.database, 'device_sightings', 'member_id = $1', [seeded.giver.member.id]);
    for (let i = 0; i < 5; i++) {
      // Only the session cookie, as a script or a strict privacy setting sends: a new device id each time.
      const page = await t.app.inject({ method: 'GET', url: '/roster', cookies: { kreis_session: token } });
      expect(page.statusCode).toBe(200);
      expect(page.cookies.find((c) => c.name === 'kreis_device')?.value).toMatch(/^[A-Za-z0-9_-]{22}$/);
    }
    expect(await countRows(t.database, 'device_sightings', 'member_id = $1', [seeded.giver.member.id])).toBeLessThanOrEqual(before + 1);
  });

  // Last: it moves the clock a year on.
  it("the member's export shows when they were seen (no hashes) and how feedback was verified; retention deletes sightings and reasons", async () => {
    const seeded = await seedReferral(t);
    await giverAnswersFromOwnDevice(seeded);
    const giver = await logIn(t.app, seeded.giver.email);
    const download = await giver.get('/account/export');
    expect(download.statusCode).toBe(200);
    const exported = JSON.parse(download.body) as {
      deviceSightings: { count: number; seenAt: string[]; deletedAfterDays: number };
      referralsGiven: { id: string; feedback: { verification: string } | null }[];
    };
    expect(exported.deviceSightings.count).toBeGreaterThanOrEqual(1);
    expect(exported.deviceSightings.seenAt).toHaveLength(exported.deviceSightings.count);
    expect(exported.deviceSightings.deletedAfterDays).toBe(90);
    const [sighting] = await t.database.query<{ device_hash: string; network_hash: string }>(
      'select device_hash, network_hash from device_sightings where member_id = $1 limit 1',
      [seeded.giver.member.id],
    );
    expect(download.body).not.toContain(sighting!.device_hash);
    expect(download.body).not.toContain(sighting!.network_hash);
    expect(exported.referralsGiven.find((r) => r.id === seeded.referralId)?.feedback?.verification).toBe('flagged');

    const [row] = await t.database.query<{ id: string }>('select id from feedback where referral_id = $1', [seeded.referralId]);
    const host = await logIn(t.app, seeded.host.email);
    expect((await host.post(`/host/review/${row!.id}`, { verdict: 'genuine' })).statusCode).toBe(303);

    t.clock.advance(91 * 24 * 3600 * 1000);
    expect((await expireSignals(t.app.db, t.clock.now())).sightings).toBeGreaterThanOrEqual(1);
    expect(await countRows(t.database, 'device_sightings', 'member_id = $1', [seeded.giver.member.id])).toBe(0);
    expect(await countRows(t.database, 'feedback_flags', 'feedback_id = $1 and cardinality(reasons) > 0', [row!.id])).toBe(1);

    t.clock.advance(275 * 24 * 3600 * 1000);
    await expireSignals(t.app.db, t.clock.now());
    expect(await countRows(t.database, 'feedback_flags', "feedback_id = $1 and cardinality(reasons) = 0 and verdict = 'genuine'", [row!.id])).toBe(1);
    // The verdict stays in the ledger, and still counts.
    expect(await countRows(t.database, 'trust_events', "kind = 'feedback_reviewed' and referral_id = $1", [seeded.referralId])).toBe(2);
  });
});
