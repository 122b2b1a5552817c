import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite } from '../helpers/browser.js';

/** What has the keyboard focus, in a few words: "a.skip-link", "input#f-email", "button[submit]". */
function focused(page: Page): Promise<string> {
  return page.evaluate(() => {
    const el = document.activeElement;
    if (!el || el === document.body) return 'body';
    const tag = el.tagName.toLowerCase();
    if (el.id) return `${tag}#${el.id}`;
    if (tag === 'button') return `button[${(el as HTMLButtonElement).type}]`;
    return el.classList.length ? `${tag}.${el.classList[0]}` : tag;
  });
}

describe('the login page with the keyboard only', () => {
  const suite = browserSuite();

  it('the skip link comes first; Tab then reaches e-mail, password and the submit button in order', async () => {
    const page = await suite.browser.newPage({ locale: 'de-DE' });
    await page.goto(`${suite.server.baseUrl}/login`);

    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('a.skip-link');
    // Hidden until focused, then on screen and readable.
    const box = await page.locator('.skip-link').boundingBox();
    expect(box!.x).toBeGreaterThanOrEqual(0);
    expect(await page.locator('.skip-link').innerText()).toBe('Zum Inhalt springen');

    const order: string[] = [];
    for (let i = 0; i < 12 && order.at(-1) !== 'button[submit]'; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    const email = order.indexOf('input#f-email');
    expect(email).toBeGreaterThan(-1);
    // E-mail, password, submit, one Tab apart: nothing (like the hidden "next" field) sits between them.
    expect(order.slice(email)).toEqual(['input#f-email', 'input#f-password', 'button[submit]']);

    // The skip link skips the header: Enter on it, then Tab, lands in the e-mail field.
    await page.reload();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    expect(await focused(page)).toBe('input#f-email');
    await page.close();
  });
});
