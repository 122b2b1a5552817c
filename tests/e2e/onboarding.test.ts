import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

const WARUM =
  'Weil ein Handwerksbetrieb, der seine Zahlen versteht, ruhiger schläft – und ich jeden Monat sehe, wie viel Mut daraus wächst.';
const OFFER = 'Jahresabschlüsse, Lohnbuchhaltung und eine ehrliche Gründungsberatung ohne Fachchinesisch.';
const GOOD_REFERRAL = 'eine Gründerin im ersten Jahr, die ihre Zahlen verstehen und nicht nur abgeben will.';

/** Where each part of the profile starts on the page, top to bottom. */
async function sectionTops(page: Page) {
  const top = async (selector: string) => (await page.locator(selector).boundingBox())?.y ?? Number.NaN;
  return {
    warum: await top('.profile-hero .warum'),
    trades: await top('.trades'),
    offer: await top('#h-offer'),
    goodReferral: await top('#h-referral'),
    contact: await top('#h-contact'),
  };
}

describe('onboarding in a browser: set-up → invitation → the invitee writes the Warum', () => {
  const suite = browserSuite();

  it('the invitee’s profile page leads with the Warum, at 360 px and at 1280 px', async () => {
    // The host sets up the group.
    const hostContext = await suite.browser.newContext({ locale: 'de-DE' });
    const host = await hostContext.newPage();
    await host.goto(`${suite.server.baseUrl}/`);
    await host.fill('#f-groupName', 'Frühstücksrunde Musterstadt');
    await host.fill('#f-city', 'Musterstadt');
    await host.fill('#f-hostName', 'Hanna Gastgeber');
    await host.fill('#f-email', 'hanna@example.org');
    await host.fill('#f-password', 'ein langes Passwort');
    await host.fill('#f-passwordConfirm', 'ein langes Passwort');
    await Promise.all([host.waitForURL('**/profile/edit'), host.click('main button[type=submit]')]);

    // … and creates an invitation; the link is shown once, to copy.
    await host.goto(`${suite.server.baseUrl}/host/invitations`);
    await host.fill('#f-email', 'anna@example.org');
    await Promise.all([host.waitForURL('**/host/invitations'), host.click('.invitation-form button[type=submit]')]);
    const shown = await host.inputValue('#f-link');
    // The link names the configured public address (the test server's PUBLIC_URL).
    expect(shown.startsWith(`${suite.server.baseUrl}/invite/`)).toBe(true);
    expect(new URL(shown).pathname).toMatch(/^\/invite\/[A-Za-z0-9_-]{20,}$/);
    const link = `${suite.server.baseUrl}${new URL(shown).pathname}`;

    // The invitee, in a browser of their own, opens the link and creates the account.
    const inviteeContext = await suite.browser.newContext({ locale: 'de-DE' });
    const anna = await inviteeContext.newPage();
    await anna.goto(link);
    expect(await anna.locator('h1').textContent()).toBe('Willkommen bei Frühstücksrunde Musterstadt');
    expect(await anna.inputValue('#f-email')).toBe('anna@example.org');
    await anna.fill('#f-name', 'Anna Berger');
    await anna.fill('#f-password', 'mein eigenes langes Passwort');
    await anna.fill('#f-passwordConfirm', 'mein eigenes langes Passwort');
    await Promise.all([anna.waitForURL('**/profile/edit'), anna.click('main button[type=submit]')]);
    expect(await anna.locator('h1').textContent()).toBe('Profil bearbeiten');

    // The profile editor: the Warum first, then what she offers, who is a good referral, a new trade.
    await anna.fill('#f-warum', WARUM);
    await anna.fill('#f-offer', OFFER);
    await anna.fill('#f-goodReferral', GOOD_REFERRAL);
    await anna.fill('#f-newTrade', 'Steuerberatung');
    await anna.fill('#f-region', 'Musterstadt und Umland');
    await anna.fill('#f-phone', '+49 30 1234567');
    await Promise.all([anna.waitForURL(/\/m\/[^/?]+\?saved=1$/), anna.click('form[action="/profile/edit"] button[type=submit]')]);
    const profileUrl = anna.url().replace(/\?saved=1$/, '');

    await anna.goto(profileUrl);
    expect(await anna.locator('h1').innerText()).toBe('Anna Berger');
    // The Warum is the headline: its text exactly, right under the name, before every other section.
    expect(await anna.locator('.profile-hero .warum').textContent()).toBe(WARUM);
    expect(await anna.locator('.warum-label').textContent()).toBe('Warum');
    const order = await anna.evaluate(() => {
      const warum = document.querySelector('.profile-hero .warum')!;
      const others = ['.trades', '#h-offer', '#h-referral', '#h-contact'].map((s) => document.querySelector(s));
      return others.map((other) => other !== null && (warum.compareDocumentPosition(other) & Node.DOCUMENT_POSITION_FOLLOWING) !== 0);
    });
    expect(order).toEqual([true, true, true, true]);
    expect(await anna.locator('.trades').textContent()).toContain('Steuerberatung');
    expect(await anna.locator('#h-offer + .prose').textContent()).toBe(OFFER);
    expect(await anna.locator('#h-referral + .prose').textContent()).toBe(GOOD_REFERRAL);

    mkdirSync('screenshots', { recursive: true });
    for (const width of [360, 1280]) {
      await anna.setViewportSize({ width, height: 800 });
      await anna.goto(profileUrl);
      // On screen too, the Warum is above everything else, and nothing is wider than the window.
      const tops = await sectionTops(anna);
      for (const other of [tops.trades, tops.offer, tops.goodReferral, tops.contact]) expect(tops.warum).toBeLessThan(other);
      expect(await anna.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
      await anna.screenshot({ path: `screenshots/profile-${width}.png`, fullPage: true });
    }

    await hostContext.close();
    await inviteeContext.close();
  });
});
