import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createResetLink } from '../../server/auth/password-reset.js';
import { savePhoto } from '../../server/members/photos.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { processOverdueReferrals } from '../../server/referrals/overdue.js';
import { countRows, createTestApp, ORIGIN, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, giveReferral, giveTrade, GOOD_ANSWERS, logIn, freshBrowser, PASSWORD, planBreakfast, profileForm, referralForm, seedCircle, tradeId } from '../helpers/world/index.js';

const RITA = { phone: '+49 30 7654321', website: 'https://rita.example.org', region: 'Ritas Kiez' };
const RITAS_NOTE = 'Ritas Notiz zum Treffen';
const THEOS_NOTE = 'Theos Notiz zum Treffen';
const DELETED = 'Gelöschtes Mitglied';
const confirmForm = (password = PASSWORD, confirmation = 'löschen') => ({ deletePassword: password, confirmation });

describe('POST /account/delete', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp({ trustProxy: true });
  });
  afterAll(() => t.close());

  /** Every table but the sessions, fingerprinted: a refused deletion must leave all of them alone. */
  async function snapshot() {
    const tables = await t.database.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE' and table_name <> 'sessions' order by 1`,
    );
    const sql = tables
      .map((x) => `select '${x.name}' as name, md5(coalesce(string_agg(r::text, '|' order by r::text), '')) as h from "${x.name}" r`)
      .join(' union all ');
    return t.database.query<{ name: string; h: string }>(sql);
  }

  /** A circle where Rita has a full profile, a photo, a trade, referrals (one answered), a one-to-one, an RSVP and notifications. */
  async function ritasCircle() {
    const c = await seedCircle(t);
    const tax = await tradeId(t.database, c.group.id, 'Steuerberatung');
    const saved = await c.browsers.receiver.post('/profile/edit', profileForm({ ...RITA, trades: [tax], isPublic: 'on' }));
    expect(saved.statusCode).toBe(303);
    const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#b5542f' } }).png().toBuffer();
    await savePhoto(t.app.db, c.receiver.member.id, { mimetype: 'image/png', bytes: png }, t.clock.now());
    const [{ slug }] = (await t.database.query<{ slug: string }>('select slug from members where id = $1', [c.receiver.member.id])) as [
      { slug: string },
    ];

    const open = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id));
    const answered = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { clientEmail: 'zweite@example.org' }));
    const submitted = await new ClientBrowser(t.app).post(new URL(answered.link!, ORIGIN).pathname, { ...GOOD_ANSWERS, consent: 'on' });
    expect(submitted.statusCode).toBe(200);

    await t.database.query(
      `insert into one_to_ones (group_id, requester_id, partner_id, status, requester_note, partner_note)
       values ($1, $2, $3, 'requested', $4, $5)`,
      [c.group.id, c.receiver.member.id, c.third.member.id, RITAS_NOTE, THEOS_NOTE],
    );
    const breakfast = await planBreakfast(c.browsers.giver);
    expect((await c.browsers.receiver.post(`/breakfasts/${breakfast.id}/rsvp`, { answer: 'yes' })).statusCode).toBe(303);
    await t.database.query(`insert into breakfast_attendance (breakfast_id, attendee_id, kind, present) values ($1, $2, 'member', true)`, [
      breakfast.id,
      c.receiver.member.id,
    ]);
    await createResetLink(t.app.db, c.receiver.account.id, 60 * 60 * 1000, { publicUrl: t.app.config.publicUrl, now: t.clock.now() });
    return { ...c, slug, open, answered, breakfast };
  }

  it('empties the profile, frees the trade, logs out everywhere and blocks the old log-in; the ledger still verifies', async () => {
    const c = await ritasCircle();
    const rita = c.receiver;
    const secondDevice = await logIn(t.app, rita.email);
    const eventsBefore = await countRows(t.database, 'trust_events', 'group_id = $1', [c.group.id]);
    expect(await countRows(t.database, 'password_resets', 'account_id = $1', [rita.account.id])).toBe(1);

    const response = await c.browsers.receiver.post('/account/delete', confirmForm());
    expect(response.statusCode).toBe(200);
    expect(visibleText(response.body)).toContain('Dein Konto ist gelöscht');
    expect(c.browsers.receiver.cookies.has('kreis_session')).toBe(false);

    const [account] = await t.database.query<Record<string, unknown>>('select name, email, password_hash, deleted_at from accounts where id = $1', [
      rita.account.id,
    ]);
    expect(account).toMatchObject({ name: DELETED, email: `deleted-${rita.account.id}@deleted.invalid`, password_hash: '!deleted' });
    expect(account!.deleted_at).not.toBeNull();
    const [member] = await t.database.query<Record<string, unknown>>('select * from members where id = $1', [rita.member.id]);
    expect(member).toMatchObject({
      active: false,
      role: 'member',
      warum: '',
      offer: '',
      good_referral: '',
      region: '',
      website: '',
      phone: '',
      is_public: false,
      slug: `deleted-${rita.member.id}`,
    });
    expect(member!.deleted_at).not.toBeNull();
    for (const [table, where] of [
      ['photos', 'member_id = $1'],
      ['member_trades', 'member_id = $1'],
      ['notifications', 'member_id = $1'],
      ['breakfast_rsvps', 'member_id = $1'],
    ] as const) {
      expect(await countRows(t.database, table, where, [rita.member.id]), table).toBe(0);
    }
    expect(await countRows(t.database, 'sessions', 'account_id = $1', [rita.account.id])).toBe(0);
    expect(await countRows(t.database, 'password_resets', 'account_id = $1', [rita.account.id])).toBe(0);
    const [meeting] = await t.database.query<{ requester_note: string; partner_note: string }>(
      'select requester_note, partner_note from one_to_ones where requester_id = $1',
      [rita.member.id],
    );
    expect(meeting).toEqual({ requester_note: '', partner_note: THEOS_NOTE });

    // Logged out on every device; the old e-mail and password no longer open anything.
    expect((await secondDevice.get('/roster')).headers.location).toBe('/login?next=%2Froster');
    const login = await freshBrowser(t.app).post('/login', { email: rita.email, password: PASSWORD });
    expect(login.statusCode).toBe(400);
    const placeholderLogin = await freshBrowser(t.app).post('/login', { email: `deleted-${rita.account.id}@deleted.invalid`, password: PASSWORD });
    expect(placeholderLogin.statusCode).toBe(400);

    // Her seat is free: Theo takes Steuerberatung without waiting for a host.
    const tax = await tradeId(t.database, c.group.id, 'Steuerberatung');
    expect((await c.browsers.third.post('/profile/edit', profileForm({ trades: [tax] }))).statusCode).toBe(303);
    const [seat] = await t.database.query<{ status: string }>('select status from member_trades where member_id = $1', [c.third.member.id]);
    expect(seat!.status).toBe('active');

    // The ledger keeps every row and its chain.
    expect(await countRows(t.database, 'trust_events', 'group_id = $1', [c.group.id])).toBe(eventsBefore);
    expect(await countRows(t.database, 'referrals', 'receiver_id = $1', [rita.member.id])).toBe(2);
    expect(await countRows(t.database, 'feedback', 'referral_id = $1', [c.answered.id])).toBe(1);
    const verified = await verifyLedger(t.app.db);
    expect(verified.firstBreak).toBeNull();
    expect(verified.events).toBeGreaterThanOrEqual(eventsBefore);
  });

  it('keeps referrals readable for the other party with "Gelöschtes Mitglied"; no page breaks or shows her again', async () => {
    const c = await ritasCircle();
    expect((await c.browsers.receiver.post('/account/delete', confirmForm())).statusCode).toBe(200);
    const newSlug = `deleted-${c.receiver.member.id}`;
    const pages = [
      `/referrals/${c.open.id}`,
      `/referrals/${c.answered.id}`,
      '/referrals',
      '/notifications',
      `/m/${c.giver.member.slug}/trust`,
      `/breakfasts/${c.breakfast.id}`,
      `/breakfasts/${c.breakfast.id}/attendance`,
      '/breakfasts',
      '/host/members',
      '/host',
      '/roster',
    ];
    for (const url of pages) {
      const response = await c.browsers.giver.get(url);
      expect(response.statusCode, url).toBe(200);
      const text = visibleText(response.body);
      expect(text, url).not.toContain('Rita Rechner');
      for (const value of Object.values(RITA)) expect(response.body, url).not.toContain(value);
    }
    for (const url of [`/referrals/${c.open.id}`, `/referrals/${c.answered.id}`]) {
      expect(visibleText((await c.browsers.giver.get(url)).body), url).toContain(DELETED);
    }
    // She is gone from the roster and from her old address; her photo is gone.
    expect(visibleText((await c.browsers.third.get('/roster')).body)).not.toContain(DELETED);
    expect((await c.browsers.third.get(`/m/${c.slug}`)).statusCode).toBe(404);
    expect((await freshBrowser(t.app).get(`/m/${newSlug}`)).statusCode).toBe(404);
    expect((await c.browsers.third.get(`/m/${newSlug}/photo`)).statusCode).toBe(404);
    // The client's link of the unanswered referral still opens without an error.
    expect((await new ClientBrowser(t.app).get(new URL(c.open.link!, ORIGIN).pathname)).statusCode).toBeLessThan(500);
  });

  it('a deleted member is gone: no host can reactivate or change them, profile and trust page are 404 for everyone', async () => {
    const c = await seedCircle(t);
    const rita = c.receiver.member;
    expect((await c.browsers.receiver.post('/account/delete', confirmForm())).statusCode).toBe(200);
    const host = c.browsers.giver;

    // The host's list says so and offers no buttons for her.
    const list = await host.get('/host/members');
    const start = list.body.indexOf(`id="member-${rita.id}"`);
    const entry = list.body.slice(start, list.body.indexOf('</li>', start));
    expect(start).toBeGreaterThan(-1);
    expect(visibleText(entry)).toContain('Konto gelöscht');
    expect(entry).not.toContain('<form');
    expect(entry).not.toContain('deleted.invalid');

    for (const action of ['reactivate', 'promote', 'demote', 'deactivate']) {
      const refused = await host.post(`/host/members/${rita.id}/${action}`, {});
      expect(refused.statusCode, action).toBe(409);
      expect(visibleText(refused.body), action).toContain('Dieses Mitglied hat sein Konto gelöscht.');
    }
    const link = await host.post(`/host/members/${rita.id}/reset-link`, {});
    expect(link.statusCode).toBe(409);
    const [row] = await t.database.query<{ active: boolean; role: string }>('select active, role from members where id = $1', [rita.id]);
    expect(row).toEqual({ active: false, role: 'member' });
    expect(await countRows(t.database, 'password_resets', 'account_id = $1', [c.receiver.account.id])).toBe(0);

    const newSlug = `deleted-${rita.id}`;
    for (const browser of [host, c.browsers.third, c.browsers.stranger, freshBrowser(t.app)]) {
      expect((await browser.get(`/m/${newSlug}`)).statusCode).toBe(404);
    }
    for (const browser of [host, c.browsers.third]) {
      const trust = await browser.get(`/m/${newSlug}/trust`);
      expect(trust.statusCode).toBe(404);
      expect(trust.body).not.toContain('deleted.invalid');
    }
  });

  it('refuses a wrong password or a missing confirmation with 400 and changes nothing', async () => {
    const c = await ritasCircle();
    const before = await snapshot();
    const wrong = await c.browsers.receiver.post('/account/delete', confirmForm('nicht mein Passwort'));
    expect(wrong.statusCode).toBe(400);
    expect(visibleText(wrong.body)).toContain('Das Passwort stimmt nicht. Es wurde nichts gelöscht.');
    const unconfirmed = await c.browsers.receiver.post('/account/delete', confirmForm(PASSWORD, 'ja'));
    expect(unconfirmed.statusCode).toBe(400);
    expect(visibleText(unconfirmed.body)).toContain('Bitte tippe LÖSCHEN ein, um zu bestätigen.');
    expect(unconfirmed.body).toContain('value="ja"');
    expect((await c.browsers.receiver.post('/account/delete', {})).statusCode).toBe(400);
    expect(await snapshot()).toEqual(before);
    expect((await c.browsers.receiver.get('/account')).statusCode).toBe(200);
  });

  it('refuses the last host until another host exists; their invitations stay valid after they leave', async () => {
    const c = await ritasCircle();
    const host = c.browsers.giver;
    const invited = await host.post('/host/invitations', { email: 'neu@example.org' });
    const invitation = /id="f-link"[^>]*value="([^"]+)"/.exec(invited.body)?.[1];
    expect(invitation).toBeTruthy();

    const before = await snapshot();
    const refused = await host.post('/account/delete', confirmForm(PASSWORD, 'DELETE'));
    expect(refused.statusCode).toBe(409);
    expect(visibleText(refused.body)).toContain(`Nur du hast in ${c.group.name} die Gastgeber-Rolle.`);
    expect(await snapshot()).toEqual(before);

    await t.database.query(`update members set role = 'host' where id = $1`, [c.third.member.id]);
    const deleted = await host.post('/account/delete', confirmForm(PASSWORD, ' Löschen '));
    expect(deleted.statusCode).toBe(200);
    expect(await countRows(t.database, 'members', `group_id = $1 and role = 'host' and active`, [c.group.id])).toBe(1);

    // Rita still sees the referrals she received, now from "Gelöschtes Mitglied", with the client.
    const detail = visibleText((await c.browsers.receiver.get(`/referrals/${c.open.id}`)).body);
    expect(detail).toContain(DELETED);
    expect(detail).toContain('Klara Kundin');
    expect((await freshBrowser(t.app).get(new URL(invitation!, ORIGIN).pathname)).statusCode).toBe(200);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('two hosts deleting at the same moment: one goes, the other is refused, the group keeps a host', async () => {
    const c = await seedCircle(t);
    await t.database.query(`update members set role = 'host' where id = $1`, [c.third.member.id]);
    const answers = await Promise.all([
      c.browsers.giver.post('/account/delete', confirmForm()),
      c.browsers.third.post('/account/delete', confirmForm()),
    ]);
    expect(answers.map((r) => r.statusCode).sort()).toEqual([200, 409]);
    expect(await countRows(t.database, 'members', `group_id = $1 and role = 'host' and active and deleted_at is null`, [c.group.id])).toBe(1);
  });

  it('leaves nothing pointing at her: invitations forget her address, open one-to-ones end, open referrals stop waiting and their giver hears', async () => {
    const c = await seedCircle(t);
    const rita = c.receiver;
    const host = c.browsers.giver;
    const invite = (email: string, usedBy: string | null) =>
      t.database.query(
        `insert into invitations (group_id, token_hash, email, created_by, expires_at, used_at, used_by)
         values ($1, $2, $3, $4, $5, $6, $7)`,
        [c.group.id, `hash-${email}-${Math.random()}`, email, c.giver.member.id, '2099-01-01T00:00:00Z', usedBy ? t.clock.now().toISOString() : null, usedBy],
      );
    // The invitation she came in with (another address of hers), one still open to her account's address (any case), and someone else's.
    await invite('Rita.Privat@Example.org', rita.member.id);
    await invite(rita.email.toUpperCase(), null);
    await invite('neu.im.kreis@example.org', null);
    expect(visibleText((await host.get('/host/invitations')).body)).toContain('Rita.Privat@Example.org');

    const meeting = (requester: string, partner: string, status: string, loggedBy: string | null) =>
      t.database.query<{ id: string }>(
        `insert into one_to_ones (group_id, requester_id, partner_id, status, logged_by, met_on, duration_minutes)
         values ($1, $2, $3, $4, $5, $6, 30) returning id`,
        [c.group.id, requester, partner, status, loggedBy, loggedBy ? '2026-11-01' : null],
      );
    const [asked] = await meeting(rita.member.id, c.third.member.id, 'requested', null);
    const [logged] = await meeting(c.third.member.id, rita.member.id, 'logged', c.third.member.id);
    const [held] = await meeting(c.giver.member.id, rita.member.id, 'confirmed', c.giver.member.id);
    const [others] = await meeting(c.giver.member.id, c.third.member.id, 'requested', null);

    // Three referrals to her (open, contacted, won) and one to Theo, all due in two working days.
    const open = await giveReferral(host, referralForm(rita.member.id));
    const contacted = await giveReferral(host, referralForm(rita.member.id, { clientEmail: 'zwei@example.org' }));
    const won = await giveReferral(host, referralForm(rita.member.id, { clientEmail: 'drei@example.org' }));
    await giveTrade(t.database, c.group.id, c.third.member.id, 'Webdesign');
    const toTheo = await giveReferral(host, referralForm(c.third.member.id, { topic: 'Webdesign', clientEmail: 'vier@example.org' }));
    expect((await c.browsers.receiver.post(`/referrals/${contacted.id}/status`, { to: 'contacted' })).statusCode).toBe(303);
    expect((await c.browsers.receiver.post(`/referrals/${won.id}/status`, { to: 'won', value: '100' })).statusCode).toBe(303);

    expect((await c.browsers.receiver.post('/account/delete', confirmForm())).statusCode).toBe(200);

    // The host's invitation list: "used by Gelöschtes Mitglied", without any address of hers.
    const invitations = (await host.get('/host/invitations')).body;
    expect(invitations).not.toMatch(/rita\.privat@example\.org/i);
    expect(invitations.toLowerCase()).not.toContain(rita.email.toLowerCase());
    expect(visibleText(invitations)).toContain('neu.im.kreis@example.org');
    expect(visibleText(invitations)).toContain(DELETED);

    const status = async (id: string) => (await t.database.query<{ status: string }>('select status from one_to_ones where id = $1', [id]))[0]!.status;
    expect(await status(asked!.id)).toBe('declined');
    expect(await status(logged!.id)).toBe('declined');
    expect(await status(held!.id)).toBe('confirmed');
    expect(await status(others!.id)).toBe('requested');

    // The giver is told about the two unfinished ones, in the app, once each; not about the won one.
    const told = await t.database.query<{ referral_id: string }>(
      `select referral_id from notifications where member_id = $1 and kind = 'referral_receiver_deleted' order by referral_id`,
      [c.giver.member.id],
    );
    expect(told.map((r) => r.referral_id)).toEqual([open.id, contacted.id].sort());
    const notes = visibleText((await host.get('/notifications')).body);
    expect(notes).toContain('Die Person, der du eine Empfehlung gegeben hast (Steuerberatung), hat ihr Konto gelöscht.');
    expect((await host.get('/notifications?lang=en')).statusCode).toBe(200);
    await host.get('/notifications?lang=de');

    // The deadline job passes her by — no penalty, no reminder — while Theo's referral still goes overdue.
    const later = new Date(t.clock.now().getTime() + 30 * 86_400_000);
    await processOverdueReferrals(t.app.db, later, { publicUrl: t.app.config.publicUrl, delivery: 'keep' });
    expect(await countRows(t.database, 'trust_events', `kind = 'response_overdue' and member_id = $1`, [rita.member.id])).toBe(0);
    expect(await countRows(t.database, 'referrals', 'id = $1 and overdue_at is null', [open.id])).toBe(1);
    expect(await countRows(t.database, 'notifications', `kind = 'referral_overdue' and referral_id = $1`, [open.id])).toBe(0);
    expect(await countRows(t.database, 'trust_events', `kind = 'response_overdue' and referral_id = $1`, [toTheo.id])).toBe(1);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('is for members only', async () => {
    const anonymous = await freshBrowser(t.app).post('/account/delete', confirmForm());
    expect(anonymous.statusCode).toBe(401);
  });
});
