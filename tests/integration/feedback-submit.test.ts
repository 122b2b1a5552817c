import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, GOOD_ANSWERS, seedReferral } from '../helpers/world/index.js';

const DAY = 24 * 60 * 60 * 1000;

type EventRow = {
  kind: string;
  member_id: string;
  giver_id: string | null;
  client_id: string | null;
  referral_id: string | null;
  topic: string | null;
  rating: number | null;
  never_contacted: boolean | null;
};

describe('client feedback by personal link', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const eventsOf = (referralId: string) =>
    t.database.query<EventRow>(
      'select kind, member_id, giver_id, client_id, referral_id, topic, rating, never_contacted from trust_events where referral_id = $1 order by seq',
      [referralId],
    );

  it('the page names who referred the client to whom and why, in the group language, without contact data', async () => {
    const seeded = await seedReferral(t, { receiverPublic: true });
    const client = new ClientBrowser(t.app, { 'accept-language': 'en-GB' });
    const response = await client.get(seeded.path);
    expect(response.statusCode).toBe(200);
    expect(response.headers['cache-control']).toBe('no-store');
    const text = visibleText(response.body);
    expect(text).toContain('Thomas Berger hat Sie an Aylin Demir (Webdesign) empfohlen.');
    expect(text).toContain('Guten Tag, Claudia Kundin!');
    expect(text).toContain('Ich baue Websites, die kleinen Betrieben echte Kundschaft bringen');
    expect(text).toContain('Hat sich Aylin Demir bei Ihnen gemeldet?');
    expect(response.body).toContain(`href="/m/${seeded.receiver.member.slug}"`);
    // Privacy: no contact data, no member navigation.
    expect(response.body).not.toContain('claudia@example.org');
    expect(response.body).not.toContain('1234567');
    expect(response.body).not.toContain('/roster');
    expect(response.body).not.toContain('/css/app.css');
    // Accessible radio groups.
    expect(response.body.match(/<fieldset/g)?.length).toBe(4);
    expect(response.body.match(/<legend>/g)?.length).toBe(4);
    // CSP: no inline scripts or styles.
    expect(response.body).not.toMatch(/<script|style=|<style/);
  });

  it('a private profile is not linked', async () => {
    const seeded = await seedReferral(t, { receiverPublic: false });
    const response = await new ClientBrowser(t.app).get(seeded.path);
    expect(response.statusCode).toBe(200);
    expect(response.body).not.toContain(`/m/${seeded.receiver.member.slug}`);
  });

  it('the page of an English group is in English', async () => {
    const seeded = await seedReferral(t, { locale: 'en' });
    const response = await new ClientBrowser(t.app, { 'accept-language': 'de-DE' }).get(seeded.path);
    expect(visibleText(response.body)).toContain('Thomas Berger referred you to Aylin Demir (Webdesign).');
  });

  it('HTML and CSS of the page weigh under 50 KB together', async () => {
    const seeded = await seedReferral(t);
    const client = new ClientBrowser(t.app);
    const page = await client.get(seeded.path);
    const assets = [...page.body.matchAll(/(?:href|src)="(\/(?:public|assets)\/[^"]+)"/g)].map((m) => m[1]!);
    expect(assets.some((url) => url.endsWith('/css/client.css'))).toBe(true);
    let bytes = Buffer.byteLength(page.body);
    for (const asset of assets) {
      const response = await client.get(asset);
      expect(response.statusCode, asset).toBe(200);
      bytes += response.rawPayload.byteLength;
    }
    expect(bytes).toBeLessThan(50 * 1024);
  });

  it('a submission stores the answers, appends exactly two trust events, uses the link and notifies both members', async () => {
    const seeded = await seedReferral(t);
    const client = new ClientBrowser(t.app);
    const response = await client.post(seeded.path, {
      ...GOOD_ANSWERS,
      rating: '4',
      speed: 'within_days',
      comment: '  Schnell, freundlich und die Seite ist super geworden.  ',
      consent: 'on',
    });
    expect(response.statusCode).toBe(200);
    expect(visibleText(response.body)).toContain('Vielen Dank!');

    const [stored] = await t.database.query<Record<string, unknown>>('select * from feedback where referral_id = $1', [seeded.referralId]);
    expect(stored).toMatchObject({
      contacted: true,
      contact_speed: 'within_days',
      rating: 4,
      would_recommend: true,
      comment: 'Schnell, freundlich und die Seite ist super geworden.',
      comment_public: true,
    });

    const events = await eventsOf(seeded.referralId);
    expect(events).toEqual([
      {
        kind: 'feedback',
        member_id: seeded.receiver.member.id,
        giver_id: seeded.giver.member.id,
        client_id: seeded.clientId,
        referral_id: seeded.referralId,
        topic: 'webdesign',
        rating: 4,
        never_contacted: null,
      },
      {
        kind: 'referrer_feedback',
        member_id: seeded.giver.member.id,
        giver_id: null,
        client_id: seeded.clientId,
        referral_id: seeded.referralId,
        topic: 'webdesign',
        rating: 4,
        never_contacted: null,
      },
    ]);

    const [request] = await t.database.query<{ used_at: Date | null }>('select used_at from feedback_requests where referral_id = $1', [
      seeded.referralId,
    ]);
    expect(new Date(request!.used_at!).getTime()).toBe(t.clock.now().getTime());

    const notified = await t.database.query<{ member_id: string }>(
      "select member_id from notifications where referral_id = $1 and kind = 'feedback_received'",
      [seeded.referralId],
    );
    expect(notified.map((n) => n.member_id).sort()).toEqual([seeded.giver.member.id, seeded.receiver.member.id].sort());
  });

  it('"never contacted" records neverContacted events and no rating, even if a rating was sent', async () => {
    const seeded = await seedReferral(t);
    const response = await new ClientBrowser(t.app).post(seeded.path, { contacted: 'no', rating: '5', speed: 'same_day', recommend: 'no' });
    expect(response.statusCode).toBe(200);
    const [stored] = await t.database.query<Record<string, unknown>>('select contacted, contact_speed, rating, comment_public from feedback where referral_id = $1', [
      seeded.referralId,
    ]);
    expect(stored).toEqual({ contacted: false, contact_speed: null, rating: null, comment_public: false });
    const events = await eventsOf(seeded.referralId);
    expect(events.map((e) => [e.kind, e.member_id, e.rating, e.never_contacted])).toEqual([
      ['feedback', seeded.receiver.member.id, null, true],
      ['referrer_feedback', seeded.giver.member.id, null, true],
    ]);
  });

  it('missing answers re-render the form in German with the answers kept, storing nothing', async () => {
    const seeded = await seedReferral(t);
    const response = await new ClientBrowser(t.app).post(seeded.path, { contacted: 'yes', comment: 'Sehr nett' });
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Bitte beantworten Sie die markierten Fragen.');
    expect(text).toContain('Bitte wählen Sie, wie schnell die Rückmeldung kam.');
    expect(text).toContain('Bitte wählen Sie eine Zahl von 1 bis 5.');
    expect(text).toContain('Bitte wählen Sie Ja oder Nein.');
    expect(response.body).toMatch(/value="yes" required\s+checked/);
    expect(response.body).toContain('>Sehr nett</textarea>');
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(0);
    expect(await countRows(t.database, 'notifications', 'referral_id = $1', [seeded.referralId])).toBe(0);
    expect(await countRows(t.database, 'feedback_requests', 'referral_id = $1 and used_at is not null', [seeded.referralId])).toBe(0);
  });

  it('validation messages are in English for an English group; bad values are refused too', async () => {
    const seeded = await seedReferral(t, { locale: 'en' });
    const response = await new ClientBrowser(t.app).post(seeded.path, {
      contacted: 'maybe',
      rating: '9',
      recommend: 'yes',
      comment: 'x'.repeat(1001),
    });
    expect(response.statusCode).toBe(400);
    const text = visibleText(response.body);
    expect(text).toContain('Please answer the marked questions.');
    expect(text).toContain('Please choose yes or no.');
    expect(text).toContain('Please choose a number from 1 to 5.');
    expect(text).toContain('Please keep it shorter: at most 1,000 characters.');
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(0);
  });

  it('a second visit or submission gets the friendly "already received" page and changes nothing', async () => {
    const seeded = await seedReferral(t);
    const client = new ClientBrowser(t.app);
    expect((await client.post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);

    const again = await client.get(seeded.path);
    expect(again.statusCode).toBe(200);
    expect(visibleText(again.body)).toContain('Ihre Rückmeldung ist bereits angekommen – danke!');
    expect(again.body).not.toContain('<form');

    const resubmit = await new ClientBrowser(t.app).post(seeded.path, { ...GOOD_ANSWERS, rating: '1' });
    expect(resubmit.statusCode).toBe(409);
    expect(visibleText(resubmit.body)).toContain('Ihre Rückmeldung ist bereits angekommen – danke!');
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(2);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1 and rating = 5', [seeded.referralId])).toBe(1);
  });

  it('of five concurrent submissions of one link exactly one is stored', async () => {
    const seeded = await seedReferral(t);
    const responses = await Promise.all(
      [1, 2, 3, 4, 5].map((rating) => new ClientBrowser(t.app).post(seeded.path, { ...GOOD_ANSWERS, rating: String(rating) })),
    );
    const statuses = responses.map((r) => r.statusCode).sort();
    expect(statuses).toEqual([200, 409, 409, 409, 409]);
    for (const loser of responses.filter((r) => r.statusCode === 409)) {
      expect(visibleText(loser.body)).toContain('bereits angekommen');
    }
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(1);
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(2);
    expect(await countRows(t.database, 'notifications', 'referral_id = $1', [seeded.referralId])).toBe(2);
    // The stored rating and the ledger agree: both come from the one winner.
    const [stored] = await t.database.query<{ rating: number }>('select rating from feedback where referral_id = $1', [seeded.referralId]);
    const events = await eventsOf(seeded.referralId);
    expect(events.map((e) => e.rating)).toEqual([stored!.rating, stored!.rating]);
  });

  it('an expired link gives a clear 410 page in the group language, for visits and submissions', async () => {
    const seeded = await seedReferral(t, { locale: 'en' });
    t.clock.advance(91 * DAY);
    const client = new ClientBrowser(t.app, { 'accept-language': 'de-DE' });
    const page = await client.get(seeded.path);
    expect(page.statusCode).toBe(410);
    expect(visibleText(page.body)).toContain('This link has expired');
    const submit = await client.post(seeded.path, GOOD_ANSWERS);
    expect(submit.statusCode).toBe(410);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(0);
  });

  it('unknown and malformed links get the same 404 page, never a stack trace', async () => {
    const client = new ClientBrowser(t.app, { 'accept-language': 'de-DE' });
    const unknown = await client.get('/f/abcdefghijkmnpqrstuvwxyz23456789');
    const paths = ['/f/short', `/f/${'A'.repeat(32)}`, `/f/${'a'.repeat(33)}`, "/f/'%20or%201=1--", `/f/${'l'.repeat(32)}`, `/f/${'x'.repeat(190)}`, '/f/a/b', '/f/'];
    for (const response of [unknown, ...(await Promise.all(paths.map((p) => client.get(p))))]) {
      expect(response.statusCode).toBe(404);
      expect(visibleText(response.body)).toContain('Diesen Link kennen wir nicht');
      expect(response.body).not.toMatch(/Error|at .*\.ts/);
    }
    const post = await client.post('/f/short', GOOD_ANSWERS);
    expect(post.statusCode).toBe(404);
    expect(visibleText(post.body)).toContain('Diesen Link kennen wir nicht');
  });

  it('after the client data was erased the link still works but does not show the name', async () => {
    const seeded = await seedReferral(t);
    await t.database.query(
      'update referrals set client_name = null, client_email = null, client_phone = null, client_data_erased_at = $1 where id = $2',
      [t.clock.now().toISOString(), seeded.referralId],
    );
    const client = new ClientBrowser(t.app);
    const page = await client.get(seeded.path);
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Guten Tag!');
    expect(text).not.toContain('Claudia');
    expect(text).toContain('Thomas Berger hat Sie an Aylin Demir (Webdesign) empfohlen.');
    expect((await client.post(seeded.path, GOOD_ANSWERS)).statusCode).toBe(200);
    expect(await countRows(t.database, 'trust_events', 'referral_id = $1', [seeded.referralId])).toBe(2);
  });

  it('a submission from another site is refused', async () => {
    const seeded = await seedReferral(t);
    const response = await new ClientBrowser(t.app).post(seeded.path, GOOD_ANSWERS, { origin: 'https://evil.example' });
    expect(response.statusCode).toBe(403);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [seeded.referralId])).toBe(0);
  });
});
