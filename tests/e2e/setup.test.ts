import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

describe('first start in a browser', () => {
  const suite = browserSuite();

  it('a host sets up the group and sees the member list', async () => {
    const page = await suite.browser.newPage({ locale: 'de-DE' });
    await page.goto(`${suite.server.baseUrl}/`);
    expect(await page.locator('h1').textContent()).toBe('Kreis einrichten');
    await page.fill('#f-groupName', 'Frühstücksrunde Musterstadt');
    await page.fill('#f-city', 'Musterstadt');
    await page.fill('#f-hostName', 'Hanna Gastgeber');
    await page.fill('#f-email', 'hanna@example.org');
    await page.fill('#f-password', 'kurz');
    await page.fill('#f-passwordConfirm', 'kurz');
    await page.click('button[type=submit]');
    expect(await page.locator('#f-password-error').textContent()).toContain('mindestens 10 Zeichen');
    expect(await page.inputValue('#f-groupName')).toBe('Frühstücksrunde Musterstadt');
    await page.fill('#f-password', 'ein langes Passwort');
    await page.fill('#f-passwordConfirm', 'ein langes Passwort');
    await page.click('button[type=submit]');
    await page.goto(`${suite.server.baseUrl}/roster`);
    expect(await page.locator('.roster__name').first().textContent()).toContain('Hanna Gastgeber');
  });
});
