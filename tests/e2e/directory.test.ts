import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { refreshMemberSearch } from '../../server/directory/projection.js';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { browserSuite, logInPage } from '../helpers/browser.js';
import { giveTrade, seedGroup, seedMember } from '../helpers/world/index.js';

describe('the directory in a browser: search → profile → give a referral', () => {
  const suite = browserSuite();

  it('a member finds the tax adviser with the strongest record, opens the profile and refers a client', async () => {
    const { group, host } = await seedGroup(suite.server.app.db);
    const proven = await seedMember(suite.server.app.db, group.id, 'Sabine Steuer');
    const lucky = await seedMember(suite.server.app.db, group.id, 'Lukas Neuling');
    await giveTrade(suite.server.database, group.id, proven.member.id, 'Steuerberatung');
    await giveTrade(suite.server.database, group.id, lucky.member.id, 'Steuerberatung');
    await suite.server.database.query(`update members set offer = 'Steuerberatung für Onlinehändler und Gründerinnen.' where id in ($1, $2)`, [
      proven.member.id,
      lucky.member.id,
    ]);
    await refreshMemberSearch(suite.server.app.db, [proven.member.id, lucky.member.id]);
    const now = Date.now();
    const feedback = (memberId: string, i: number, rating: number): TrustEventInput => ({
      kind: 'feedback',
      memberId,
      // Each outcome from its own giver: one giver's evidence is capped (docs/trust-model.md).
      giverId: randomUUID(),
      topic: 'Steuerberatung',
      clientId: randomUUID(),
      rating,
      occurredAt: new Date(now - (i + 1) * 5 * 86_400_000),
    });
    await suite.server.app.db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        ...Array.from({ length: 12 }, (_, i) => feedback(proven.member.id, i, 5)),
        feedback(proven.member.id, 12, 1),
        feedback(lucky.member.id, 0, 5),
      ]),
    );

    // From the roster's search box, with a typo.
    const page = await logInPage(suite, host.email);
    await page.goto(`${suite.server.baseUrl}/roster`);
    await page.fill('#directory-q', 'Steuerbertung für Onlinehändler');
    await Promise.all([page.waitForURL(/\/directory\?q=/), page.click('form.directory-search button[type=submit]')]);
    const names = await page.locator('.directory-card__name').allInnerTexts();
    expect(names).toEqual(['Sabine Steuer', 'Lukas Neuling']);
    expect(await page.locator('.directory-card').nth(1).innerText()).toContain('noch wenig bestätigt');

    // The explanation link and the profile.
    const first = page.locator('.directory-card').first();
    expect(await first.getByRole('link', { name: /So kommt der Wert von Sabine Steuer zustande/ }).getAttribute('href')).toBe(
      `/m/${proven.member.slug}/trust`,
    );
    await Promise.all([page.waitForURL(`**/m/${proven.member.slug}`), first.getByRole('link', { name: 'Sabine Steuer', exact: true }).click()]);

    // Give Sabine a referral from her profile.
    await Promise.all([page.waitForURL(/\/referrals\/new\?to=/), page.getByRole('link', { name: 'Empfehlung geben' }).click()]);
    expect(await page.locator('#f-receiver').inputValue()).toBe(proven.member.id);
    await page.fill('#f-topic', 'Steuerberatung');
    await page.fill('#f-clientName', 'Olga Onlineshop');
    await page.fill('#f-clientEmail', 'olga@example.org');
    await page.fill('#f-need', 'Betreibt einen Onlineshop und sucht Hilfe bei der Umsatzsteuer im EU-Versand.');
    await page.locator('input[name=warmth][value="4"]').check();
    await page.locator('#f-consent').check();
    await Promise.all([page.waitForURL(/\/referrals\/[0-9a-f-]{36}\/link$/), page.click('form.referral-form button[type=submit]')]);
    const [row] = await suite.server.database.query<{ n: number }>('select count(*)::int as n from referrals where receiver_id = $1', [proven.member.id]);
    expect(row!.n).toBe(1);
  });

  it('fits a 360 px screen', async () => {
    const { host } = await seedGroup(suite.server.app.db);
    const page = await logInPage(suite, host.email, { viewport: { width: 360, height: 740 } });
    await page.goto(`${suite.server.baseUrl}/directory?q=Webdesign`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    expect(await page.locator('.directory-empty').innerText()).toContain('Niemand gefunden.');
  });
});
