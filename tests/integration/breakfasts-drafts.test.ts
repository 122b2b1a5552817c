import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDraftsFromPledges } from '../../server/referrals/drafts.js';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { ClientBrowser, giveTrade, freshBrowser, PASSWORD, planBreakfast, referralForm, seedGroup, seedMember } from '../helpers/world/index.js';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp({ trustProxy: true });
});
afterAll(async () => {
  await t.close();
});

/**
 * A breakfast after its round: Paula pledged a referral to Anna (with a note) and to Bernd, a
 * guest pledged to Anna, and Paula pledged to the guest. Drafts are made as the live room makes them.
 */
async function afterTheRound() {
  const { group, host } = await seedGroup(t.app.db);
  const paula = await seedMember(t.app.db, group.id, 'Paula Geber');
  const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
  const bernd = await seedMember(t.app.db, group.id, 'Bernd Bauer');
  await giveTrade(t.database, group.id, anna.member.id, 'Steuerberatung');
  const browsers = { host: freshBrowser(t.app), paula: freshBrowser(t.app), anna: freshBrowser(t.app) };
  await Promise.all([browsers.host.login(host.email, PASSWORD), browsers.paula.login(paula.email, PASSWORD), browsers.anna.login(anna.email, PASSWORD)]);
  const { id: breakfastId, guestToken } = await planBreakfast(browsers.host);
  await new ClientBrowser(t.app).post(`/g/${guestToken}`, { name: 'Gustav Gast', trade: 'Fotografie', email: '', warum: '' });
  const [guest] = await t.database.query<{ id: string }>('select id from breakfast_guests where breakfast_id = $1', [breakfastId]);

  const pledges = [
    { giverMemberId: paula.member.id, receiverMemberId: anna.member.id, note: 'Bäckerei Krume sucht eine Steuerberaterin' },
    { giverMemberId: paula.member.id, receiverMemberId: bernd.member.id, note: null },
    { giverMemberId: guest!.id, receiverMemberId: anna.member.id, note: 'vom Gast' },
    { giverMemberId: paula.member.id, receiverMemberId: guest!.id, note: 'an den Gast' },
  ];
  const created = await t.app.db.transaction((tx) => createDraftsFromPledges(tx, { groupId: group.id, breakfastId, pledges }, t.clock.now()));
  return { group, breakfastId, paula, anna, bernd, browsers, pledges, created };
}

describe('referral drafts from the round', () => {
  it('become drafts for members only, once per giver and receiver', async () => {
    const r = await afterTheRound();
    expect(r.created).toHaveLength(2);
    expect(await countRows(t.database, 'referral_drafts', 'breakfast_id = $1', [r.breakfastId])).toBe(2);
    // Called again (e.g. the round end handled twice): nothing new.
    const again = await t.app.db.transaction((tx) =>
      createDraftsFromPledges(tx, { groupId: r.group.id, breakfastId: r.breakfastId, pledges: r.pledges }, t.clock.now()),
    );
    expect(again).toEqual([]);
    expect(await countRows(t.database, 'referral_drafts', 'breakfast_id = $1', [r.breakfastId])).toBe(2);
  });

  it("stand at the top of the giver's referrals page, and the receiver sees the pledges on the breakfast page", async () => {
    const r = await afterTheRound();
    const list = await r.browsers.paula.get('/referrals');
    const text = visibleText(list.body);
    expect(text).toContain('Aus dem Frühstück');
    expect(text).toContain('Empfehlung für Anna Berger – vervollständigen Bäckerei Krume sucht eine Steuerberaterin');
    expect(text).toContain('Empfehlung für Bernd Bauer – vervollständigen');
    expect(text.indexOf('Aus dem Frühstück')).toBeLessThan(text.indexOf('Gegeben'));
    expect(visibleText((await r.browsers.anna.get('/referrals')).body)).not.toContain('Aus dem Frühstück');

    const page = visibleText((await r.browsers.anna.get(`/breakfasts/${r.breakfastId}`)).body);
    expect(page).toContain('Zugesagte Empfehlungen für dich');
    expect(page).toContain('von Paula Geber Bäckerei Krume sucht eine Steuerberaterin');
    expect(page).not.toContain('vom Gast');
  });

  it('completing the referral through the prefilled form marks the draft done', async () => {
    const r = await afterTheRound();
    const [draft] = await t.database.query<{ id: string }>('select id from referral_drafts where breakfast_id = $1 and receiver_id = $2', [
      r.breakfastId,
      r.anna.member.id,
    ]);
    const list = await r.browsers.paula.get('/referrals');
    const href = `/referrals/new?to=${r.anna.member.slug}&amp;draft=${draft!.id}`;
    expect(list.body).toContain(`href="${href}"`);

    const form = await r.browsers.paula.get(href.replace('&amp;', '&'));
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('Bäckerei Krume sucht eine Steuerberaterin</textarea>');
    expect(form.body).toMatch(new RegExp(`<option value="${r.anna.member.id}"[^>]*selected`));
    expect(form.body).toContain(`name="draft" value="${draft!.id}"`);

    // A failed first try keeps the draft in the form.
    const bad = await r.browsers.paula.post('/referrals/new', referralForm(r.anna.member.id, { draft: draft!.id, clientName: '' }));
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain(`name="draft" value="${draft!.id}"`);

    const saved = await r.browsers.paula.post(
      '/referrals/new',
      referralForm(r.anna.member.id, { draft: draft!.id, need: 'Bäckerei Krume sucht eine Steuerberaterin für den Jahresabschluss.' }),
    );
    expect(saved.statusCode).toBe(303);
    const referralId = /^\/referrals\/([0-9a-f-]{36})\/link$/.exec(String(saved.headers.location))?.[1];
    const [row] = await t.database.query<{ referral_id: string | null }>('select referral_id from referral_drafts where id = $1', [draft!.id]);
    expect(row!.referral_id).toBe(referralId);
    expect(visibleText((await r.browsers.paula.get('/referrals')).body)).not.toContain('Empfehlung für Anna Berger');
  });

  it("a referral naming someone else's draft leaves that draft alone", async () => {
    const r = await afterTheRound();
    const [draft] = await t.database.query<{ id: string }>('select id from referral_drafts where breakfast_id = $1 and receiver_id = $2', [
      r.breakfastId,
      r.anna.member.id,
    ]);
    // Anna is not the giver: her referral to Bernd is saved, Paula's draft stays open.
    const saved = await r.browsers.anna.post('/referrals/new', referralForm(r.bernd.member.id, { draft: draft!.id }));
    expect(saved.statusCode).toBe(303);
    expect(await countRows(t.database, 'referral_drafts', 'id = $1 and referral_id is null', [draft!.id])).toBe(1);
    // Nor does the form prefill from it.
    const form = await r.browsers.anna.get(`/referrals/new?draft=${draft!.id}`);
    expect(form.body).not.toContain('Bäckerei Krume');
  });

  it('the giver dismisses a draft; nobody else can', async () => {
    const r = await afterTheRound();
    const [draft] = await t.database.query<{ id: string }>('select id from referral_drafts where breakfast_id = $1 and receiver_id = $2', [
      r.breakfastId,
      r.bernd.member.id,
    ]);
    expect((await r.browsers.anna.post(`/referrals/drafts/${draft!.id}/dismiss`, {})).statusCode).toBe(404);
    expect(await countRows(t.database, 'referral_drafts', 'id = $1 and dismissed_at is null', [draft!.id])).toBe(1);

    const dismissed = await r.browsers.paula.post(`/referrals/drafts/${draft!.id}/dismiss`, {});
    expect(dismissed.statusCode).toBe(303);
    expect(dismissed.headers.location).toBe('/referrals?dismissed=1');
    expect(await countRows(t.database, 'referral_drafts', 'id = $1 and dismissed_at is not null', [draft!.id])).toBe(1);
    const text = visibleText((await r.browsers.paula.get('/referrals?dismissed=1')).body);
    expect(text).toContain('Die Zusage ist verworfen.');
    expect(text).not.toContain('Empfehlung für Bernd Bauer');
    // Twice is "not found": it is no longer open.
    expect((await r.browsers.paula.post(`/referrals/drafts/${draft!.id}/dismiss`, {})).statusCode).toBe(404);
  });
});
