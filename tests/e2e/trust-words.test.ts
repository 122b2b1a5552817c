import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { appendTrustEvents, type TrustEventInput } from '../../server/ledger/append.js';
import { browserSuite, logInPage } from '../helpers/browser.js';
import { giveTrade, PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

describe('the trust page in plain words, in a browser', () => {
  const suite = browserSuite();

  /** Rita, a tax adviser with three clients who confirmed good work and one missed deadline. */
  async function seed() {
    const { db } = suite.server.app;
    const { group, host } = await seedGroup(db);
    const rita = await seedMember(db, group.id, 'Rita Rechner');
    await giveTrade(suite.server.database, group.id, rita.member.id, 'Steuerberatung');
    const now = Date.now();
    const event = (fields: Partial<TrustEventInput>): TrustEventInput => ({
      kind: 'feedback',
      verification: 'mailbox',
      memberId: rita.member.id,
      giverId: host.member.id,
      clientId: randomUUID(),
      referralId: randomUUID(),
      topic: 'Steuerberatung',
      rating: 5,
      occurredAt: new Date(now - 10 * 86_400_000),
      ...fields,
    });
    await db.transaction((tx) =>
      appendTrustEvents(tx, group.id, [
        event({}),
        event({ rating: 4 }),
        event({ verification: 'shared' }),
        event({ kind: 'response_overdue', rating: null, verification: undefined, occurredAt: new Date(now - 86_400_000) }),
      ]),
    );
    return { host, rita };
  }

  it('shows the sentences at 360 px and opens "So wird es berechnet" to the formula', async () => {
    const { host, rita } = await seed();
    const page = await logInPage(suite, host.email, { viewport: { width: 360, height: 740 } });
    await page.goto(`${suite.server.baseUrl}/m/${rita.member.slug}/trust`);

    const words = page.locator('.trust-words');
    const good = words.getByText('3 Kundinnen und Kunden haben im letzten Jahr gute Arbeit in Steuerberatung bestätigt.');
    await expect.poll(() => good.isVisible()).toBe(true);
    expect(await words.getByText('1 Kundin oder Kunde wurde nicht rechtzeitig kontaktiert.').isVisible()).toBe(true);
    expect(await words.locator('[data-verification-count="mailbox"]').innerText()).toBe('2 über das Postfach der Kundschaft bestätigt');
    expect(await words.locator('[data-verification-count="shared"]').innerText()).toBe('1 von Hand weitergegeben');
    // The words fit the screen: nothing scrolls sideways.
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(0);

    // The formula waits behind the disclosure …
    const formula = page.getByText('Der Wert ist 100 × die untere Grenze des Wilson-Intervalls', { exact: false });
    expect(await formula.isVisible()).toBe(false);
    expect(await page.locator('details.trust-how').getAttribute('open')).toBeNull();
    // … and opens with a tap on its summary.
    await page.getByText('So wird es berechnet', { exact: true }).click();
    await expect.poll(() => formula.isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Vertrauensbuch' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Was den Wert bewegen würde' }).isVisible()).toBe(true);

    // A host's correction lands on "#h-ledger": the browser opens the disclosure for it.
    const landing = await page.context().newPage();
    await landing.goto(`${suite.server.baseUrl}/m/${rita.member.slug}/trust#h-ledger`);
    await expect.poll(() => landing.getByRole('heading', { name: 'Vertrauensbuch' }).isVisible()).toBe(true);
  });

  it('opens the disclosure without JavaScript too', async () => {
    const { host, rita } = await seed();
    const context = await suite.newContext({ locale: 'de-DE', viewport: { width: 360, height: 740 }, javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(`${suite.server.baseUrl}/login`);
    await page.fill('#f-email', host.email);
    await page.fill('#f-password', PASSWORD);
    await Promise.all([page.waitForURL((url) => !url.pathname.startsWith('/login')), page.click('main button[type=submit]')]);
    await page.goto(`${suite.server.baseUrl}/m/${rita.member.slug}/trust`);

    expect(await page.getByText('1 Kundin oder Kunde wurde nicht rechtzeitig kontaktiert.').isVisible()).toBe(true);
    const formula = page.getByText('Der Wert ist 100 × die untere Grenze des Wilson-Intervalls', { exact: false });
    expect(await formula.isVisible()).toBe(false);
    await page.getByText('So wird es berechnet', { exact: true }).click();
    await expect.poll(() => formula.isVisible()).toBe(true);
  });
});
