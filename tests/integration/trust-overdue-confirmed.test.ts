import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLedger } from '../../server/ledger/verify.js';
import { processOverdueReferrals } from '../../server/referrals/overdue.js';
import { type Browser, countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, giveReferral, GOOD_ANSWERS, logIn, referralForm, seedCircle, tokenFrom } from '../helpers/world/index.js';

/**
 * What a member sees on their trust page when a referral went past its response deadline and the
 * client then says how it went: the client's "yes, I was contacted" outweighs the missed deadline,
 * and the clients behind the score are the clients with an outcome. All through the real flow:
 * the referral form, the overdue job, the client's link, the trust page.
 */

// Europe/Berlin is UTC+1 in late November and early December. Due: Tuesday 10:00.
const FRIDAY_10_00 = new Date('2026-11-27T09:00:00Z');
const MONDAY_10_00 = new Date('2026-11-30T09:00:00Z');
const WEDNESDAY_10_01 = new Date('2026-12-02T09:01:00Z');
const THURSDAY_10_00 = new Date('2026-12-03T09:00:00Z');
const DAY = 86_400_000;

/** Visible text with no-break spaces as plain ones. */
const text = (html: string) => visibleText(html).replace(/[\u00a0\u202f]/g, ' ');

const SUPERSEDED = 'zählt nicht mehr: die Kundin oder der Kunde hat den Kontakt bestätigt';

describe('a client who confirms the contact outweighs the missed deadline', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  const runOverdueJob = () => processOverdueReferrals(t.app.db, t.clock.now(), { publicUrl: t.app.config.publicUrl, delivery: 'keep' });

  /** A circle in which the host gives Rita a referral on Friday 10:00 (due Tuesday 10:00). */
  async function givenOnFriday(clientEmails: string[] = ['klara@example.org']) {
    t.clock.set(FRIDAY_10_00);
    const c = await seedCircle(t);
    const referrals = [];
    for (const clientEmail of clientEmails) {
      const given = await giveReferral(c.browsers.giver, referralForm(c.receiver.member.id, { clientEmail }));
      referrals.push({ id: given.id, token: tokenFrom(given.link, '/f') });
    }
    return { ...c, referrals };
  }
  type Given = Awaited<ReturnType<typeof givenOnFriday>>;

  const answer = (token: string, answers: Record<string, string> = GOOD_ANSWERS) => new ClientBrowser(t.app).post(`/f/${token}`, answers);
  const trustPage = async (c: Given, browser: Browser = c.browsers.receiver) => text((await browser.get(`/m/${c.receiver.member.slug}/trust`)).body);
  const stats = async (c: Given) => {
    const [row] = await t.database.query<{ negative_scaled: number; distinct_clients: number }>(
      `select negative_scaled, distinct_clients from member_topic_stats where member_id = $1 and topic = ''`,
      [c.receiver.member.id],
    );
    return row;
  };

  it('after the overdue job: the client says "yes, 5 stars" and the page scores the 5 stars without the penalty', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    expect(await runOverdueJob()).toBe(1);

    // The deadline alone: a score of 0, and no client stands behind it yet.
    const overdue = await trustPage(c);
    expect(overdue).toContain('Vertrauenswert 0 von 100');
    expect(overdue).toContain('verschiedene Kundinnen und Kunden 0 verschiedene Empfehlende 1');

    t.clock.set(THURSDAY_10_00);
    expect((await answer(c.referrals[0]!.token)).statusCode).toBe(200);

    // One fresh 5-star outcome and nothing against: 100 / (1 + 1.645²) ≈ 27. With the penalty it was 17.
    const page = await trustPage(c);
    // The client answered through the link the giver shared by hand: it counts half (rule version 2).
    expect(page).toContain('Vertrauenswert 16 von 100');
    expect(page).toContain('verschiedene Kundinnen und Kunden 1 verschiedene Empfehlende 1');
    expect(page).toMatch(new RegExp(`Antwortfrist verpasst, Empfehlung von [^,]+, Thema Steuerberatung, [^:]+: ${SUPERSEDED}`));
    expect(page).toContain('Gute Belege R = 0,5, schlechte S = 0, zusammen N = 0,5.');

    // The directory's aggregates say the same; the ledger gained no correction and still verifies.
    expect(await stats(c)).toEqual({ negative_scaled: 0, distinct_clients: 1 });
    expect(await countRows(t.database, 'trust_events', `group_id = $1 and kind = 'reversal'`, [c.group.id])).toBe(0);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('the receiver moved the referral on after the deadline (the penalty booked then): the client’s confirmation counts', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    expect((await c.browsers.receiver.post(`/referrals/${c.referrals[0]!.id}/status`, { to: 'contacted' })).statusCode).toBe(303);
    expect(await countRows(t.database, 'trust_events', `group_id = $1 and kind = 'response_overdue'`, [c.group.id])).toBe(1);
    await runOverdueJob();

    t.clock.set(THURSDAY_10_00);
    expect((await answer(c.referrals[0]!.token)).statusCode).toBe(200);
    const page = await trustPage(c);
    expect(page).toContain('Vertrauenswert 16 von 100');
    expect(page).toContain(SUPERSEDED);
  });

  it('a client who answered before the deadline job ran still outweighs it; a client whose referral only went overdue is no client behind the score', async () => {
    const c = await givenOnFriday(['klara@example.org', 'otto@example.org']);
    // Klara answers on Monday while her referral is still "offen"; Otto never answers.
    t.clock.set(MONDAY_10_00);
    expect((await answer(c.referrals[0]!.token)).statusCode).toBe(200);
    t.clock.set(WEDNESDAY_10_01);
    expect(await runOverdueJob()).toBe(2);

    // Klara's 5 stars (R = 1) against Otto's missed deadline only (S = ½): Wilson(1, 1.5) ≈ 17.
    const page = await trustPage(c);
    expect(page).toContain('Vertrauenswert 7 von 100');
    expect(page).toContain('verschiedene Kundinnen und Kunden 1 verschiedene Empfehlende 1');
    expect(page).toContain(SUPERSEDED);
    expect(page).toMatch(/Antwortfrist verpasst, Empfehlung von [^,]+, Thema Steuerberatung, [^:]+: −0,50/);
    expect(await stats(c)).toMatchObject({ distinct_clients: 1 });
  });

  it('"never contacted" confirms nothing: the penalty stays beside it', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    await runOverdueJob();
    t.clock.set(THURSDAY_10_00);
    expect((await answer(c.referrals[0]!.token, { contacted: 'no', recommend: 'no' })).statusCode).toBe(200);
    const page = await trustPage(c);
    expect(page).toContain('Vertrauenswert 0 von 100');
    expect(page).toMatch(/Antwortfrist verpasst, Empfehlung von [^,]+, Thema Steuerberatung, [^:]+: −0,50/);
    expect(page).not.toContain(SUPERSEDED);
  });

  it('a host reverses the confirming feedback as not genuine: the penalty counts again, and the ledger verifies', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    await runOverdueJob();
    t.clock.set(THURSDAY_10_00);
    await answer(c.referrals[0]!.token);
    const [feedback] = await t.database.query<{ id: string }>(`select id from trust_events where referral_id = $1 and kind = 'feedback'`, [c.referrals[0]!.id]);

    // The host of the group is the giver, and may correct Rita's ledger.
    const done = await c.browsers.giver.post(`/m/${c.receiver.member.slug}/trust/correct/${feedback!.id}`, { reason: 'not_genuine' });
    expect(done.statusCode).toBe(303);
    const page = await trustPage(c);
    expect(page).toContain('Vertrauenswert 0 von 100');
    expect(page).toContain('verschiedene Kundinnen und Kunden 0');
    expect(page).not.toContain(SUPERSEDED);
    expect(await stats(c)).toMatchObject({ distinct_clients: 0 });
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });

  it('a reversal a year later cancels the penalty with the penalty’s own age: exactly nothing is left', async () => {
    const c = await givenOnFriday();
    t.clock.set(WEDNESDAY_10_01);
    await runOverdueJob();
    const [overdue] = await t.database.query<{ id: string }>(`select id from trust_events where referral_id = $1 and kind = 'response_overdue'`, [c.referrals[0]!.id]);

    t.clock.set(new Date(WEDNESDAY_10_01.getTime() + 365 * DAY));
    // A year on (signed in afresh), the penalty weighs ½ · ½ = 0.25; the correction takes back exactly that.
    const [rita, host] = [await logIn(t.app, c.receiver.email), await logIn(t.app, c.giver.email)];
    const penaltyLine = /Antwortfrist verpasst, Empfehlung von [^,]+, Thema Steuerberatung, [^:]+: −0,25/;
    expect(await trustPage(c, rita)).toMatch(penaltyLine);
    const done = await host.post(`/m/${c.receiver.member.slug}/trust/correct/${overdue!.id}`, { reason: 'unfair_penalty' });
    expect(done.statusCode).toBe(303);
    const page = await trustPage(c, rita);
    expect(page).toContain('Vertrauenswert noch keine Bestätigungen');
    expect(page).toContain('Gute Belege R = 0, schlechte S = 0, zusammen N = 0.');
    expect(page).toMatch(penaltyLine);
    expect(page).toMatch(/Korrektur durch [^(]+\([^)]+\): hebt Eintrag vom [^:]+: \+0,25/);
    expect((await verifyLedger(t.app.db)).firstBreak).toBeNull();
  });
});
