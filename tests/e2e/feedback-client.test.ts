import { mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';
import { seedReferral } from '../helpers/world/index.js';

describe('the client answers on a phone', () => {
  const suite = browserSuite();

  it('opens the link at 360 px, answers with taps, submits and sees the thank-you', async () => {
    const seeded = await seedReferral(suite.server, { receiverPublic: true });
    const context = await suite.browser.newContext({ viewport: { width: 360, height: 740 }, hasTouch: true, isMobile: true, locale: 'de-DE' });
    const page = await context.newPage();
    // The CSP forbids inline scripts and styles: any violation would show up here.
    const cspViolations: string[] = [];
    page.on('console', (message) => {
      if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
    });

    await page.goto(`${suite.server.baseUrl}${seeded.path}`);
    expect(await page.locator('h1').textContent()).toBe('Wie lief es mit Aylin Demir?');
    await expect.poll(() => page.locator('.intro').textContent()).toBe('Thomas Berger hat Sie an Aylin Demir (Webdesign) empfohlen.');
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    // Submitting with an answer missing keeps the answers and says what is missing.
    await page.getByRole('group', { name: 'Hat sich Aylin Demir bei Ihnen gemeldet?' }).getByLabel('Ja').tap();
    await page.getByRole('button', { name: 'Rückmeldung senden' }).tap();
    expect(await page.locator('.alert').textContent()).toContain('Bitte beantworten Sie die markierten Fragen.');
    expect(await page.getByRole('group', { name: 'Hat sich Aylin Demir bei Ihnen gemeldet?' }).getByLabel('Ja').isChecked()).toBe(true);

    // A fresh visit: the failed attempt stored nothing, the form is clean again.
    await page.goto(`${suite.server.baseUrl}${seeded.path}`);
    await page.getByRole('group', { name: 'Hat sich Aylin Demir bei Ihnen gemeldet?' }).getByLabel('Ja').tap();
    await page.getByLabel('Innerhalb weniger Tage').tap();
    await page.getByRole('group', { name: 'Wenn ja: Wie zufrieden sind Sie?' }).getByLabel('4').tap();
    await page.getByRole('group', { name: 'Würden Sie Aylin Demir weiterempfehlen?' }).getByLabel('Ja').tap();
    await page.getByLabel('Möchten Sie noch etwas sagen? (freiwillig)').fill('Hat sich schnell gemeldet, sehr angenehm.');
    await page.getByLabel(/Mein Kommentar darf der Gruppe/).tap();
    // Every choice is a comfortable touch target.
    const smallest = await page.locator('.choice').evaluateAll((els) => Math.min(...els.map((el) => el.getBoundingClientRect().height)));
    expect(smallest).toBeGreaterThanOrEqual(44);

    mkdirSync('screenshots', { recursive: true });
    await page.screenshot({ path: 'screenshots/feedback-360.png', fullPage: true });

    await page.getByRole('button', { name: 'Rückmeldung senden' }).tap();
    // A tap does not wait for the page it loads: wait for the thank-you heading itself.
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    expect(await page.locator('h1').textContent()).toBe('Vielen Dank!');
    await page.screenshot({ path: 'screenshots/feedback-360-thanks.png', fullPage: true });
    expect(cspViolations).toEqual([]);

    const [stored] = await suite.server.database.query<{ rating: number; comment_public: boolean }>(
      'select rating, comment_public from feedback where referral_id = $1',
      [seeded.referralId],
    );
    expect(stored).toEqual({ rating: 4, comment_public: true });
    await context.close();
  });
});
