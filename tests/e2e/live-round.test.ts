import { describe, expect, it } from 'vitest';
import { browserSuite, logInPage } from '../helpers/browser.js';
import { LiveClient } from '../helpers/live.js';
import { insertBreakfast, insertGuest, seedGroup, seedMember } from '../helpers/world/index.js';

describe('the live intro round in two browsers', () => {
  const suite = browserSuite();
  const errors: string[] = [];

  it('the host starts and advances the round; the attendee follows on a phone and pledges a referral', async () => {
    const { group, host } = await seedGroup(suite.server.app.db);
    const anna = await seedMember(suite.server.app.db, group.id, 'Anna Arndt');
    await suite.server.database.query("update members set warum = $2, good_referral = $3 where id = $1", [
      host.member.id,
      'Weil gute Gastgeber Menschen zusammenbringen.',
      'eine Familie, die ein Fest plant',
    ]);
    const breakfastId = await insertBreakfast(suite.server.database, group.id, host.member.id);
    const liveUrl = `${suite.server.baseUrl}/breakfasts/${breakfastId}/live`;

    const hostPage = await logInPage(suite, host.email, { errors });
    await hostPage.goto(liveUrl);
    const annaPage = await logInPage(suite, anna.email, { viewport: { width: 360, height: 740 }, errors });
    await annaPage.goto(liveUrl);

    // Both connect; the host sees both present.
    await annaPage.locator('#live-connection', { hasText: 'Live' }).waitFor();
    await hostPage.locator('#live-present-count', { hasText: '2' }).waitFor();
    await hostPage.locator('#live-controls').waitFor({ state: 'visible' });
    expect(await annaPage.locator('#live-controls').count()).toBe(0);

    // A guest registers after the pages were loaded and joins: the host's page learns her card.
    const guest = await insertGuest(suite.server.database, breakfastId, 'Gisela Gast');
    const gisela = await LiveClient.connect(`${suite.server.baseUrl.replace('http', 'ws')}/breakfasts/${breakfastId}/socket`, guest.cookie, suite.server.baseUrl);
    await hostPage.locator('#live-present', { hasText: 'Gisela Gast' }).waitFor();
    await hostPage.locator('#live-present-count', { hasText: '3' }).waitFor();

    // Start with guests last: Anna speaks first, then the host, then Gisela.
    await hostPage.getByLabel('Gäste zuletzt').check();
    await hostPage.fill('#live-seconds', '30');
    await hostPage.getByRole('button', { name: 'Runde starten' }).click();
    await annaPage.locator('#live-speaker .live-card__name', { hasText: 'Anna Arndt' }).waitFor();
    await annaPage.locator('#live-next', { hasText: 'Als Nächstes: Hanna Host' }).waitFor();
    const countdown = annaPage.locator('#live-countdown time');
    await expect.poll(() => countdown.textContent()).toMatch(/^0:(2\d|30)$/);

    // The host moves on: the attendee sees the next card, and a screen reader hears who speaks.
    await hostPage.getByRole('button', { name: 'Weiter' }).click();
    await annaPage.locator('#live-speaker .live-card__name', { hasText: 'Hanna Host' }).waitFor();
    expect(await annaPage.locator('#live-speaker').innerText()).toContain('eine Familie, die ein Fest plant');
    await expect.poll(() => annaPage.locator('#live-announce[aria-live="polite"]').textContent()).toContain('Jetzt spricht Hanna Host');

    // Anna pledges a referral to the host; after the round it waits in her referrals.
    await annaPage.fill('#live-pledge-note', 'Meine Schwester heiratet im Mai');
    await annaPage.getByRole('button', { name: 'Ich habe eine Empfehlung für dich' }).click();
    await annaPage.locator('#live-feedback', { hasText: 'Notiert' }).waitFor();
    await expect.poll(() => suite.server.database.query("select 1 from round_events where breakfast_id = $1 and event->>'type' = 'pledge_made'", [breakfastId])).toHaveLength(1);
    // Ending the round asks first, in a dialog.
    await hostPage.getByRole('button', { name: 'Runde beenden', exact: true }).click();
    await hostPage.getByRole('dialog', { name: 'Runde wirklich beenden?' }).waitFor();
    await hostPage.getByRole('button', { name: 'Ja, Runde beenden' }).click();
    await annaPage.locator('#live-status', { hasText: 'beendet' }).waitFor();

    await annaPage.getByRole('link', { name: 'Zur Zusammenfassung' }).click();
    expect(await annaPage.locator('main').innerText()).toContain(`${host.account.name} – Meine Schwester heiratet im Mai`);
    await annaPage.goto(`${suite.server.baseUrl}/referrals`);
    const drafts = annaPage.locator('.draft-list');
    expect(await drafts.innerText()).toContain(`Empfehlung für ${host.account.name}`);
    expect(await drafts.innerText()).toContain('Meine Schwester heiratet im Mai');
    expect(errors).toEqual([]);
    await gisela.close();
  });
});
