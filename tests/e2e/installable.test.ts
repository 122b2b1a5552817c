import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { type E2eServer, launchChromium, startServer } from '../helpers/browser.js';
import { seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * Installable (plugins/web-delivery.ts, public/sw.js, public/js/install.js): every page registers
 * the service worker; once it controls the page, a page that cannot be loaded because the server
 * is down shows the offline page in the visitor's language, with its styles, instead of the
 * browser's error. Pages themselves are never kept by the worker. Members get an "add to home
 * screen" hint when the browser offers installing, until they dismiss it.
 */
describe('installable: service worker and offline page', () => {
  let server: E2eServer | undefined;
  let browser: Browser;
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('offers members "add to home screen" when the browser does, until they say not now', async () => {
    const { group } = await seedGroup(server!.app.db);
    const maria = await seedMember(server!.app.db, group.id);
    const { token } = await createSession(server!.app.db, maria.account.id, new Date());
    const context = await browser.newContext({ locale: 'de-DE' });
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server!.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server!.baseUrl}/roster`);
    const hint = page.locator('#install-hint');
    await expect.poll(() => hint.isVisible()).toBe(false);
    // What Chromium fires when the site is installable (headless never does on its own).
    const offer = () =>
      page.evaluate(() => {
        const event = Object.assign(new Event('beforeinstallprompt', { cancelable: true }), {
          prompt: () => Promise.resolve(),
          userChoice: Promise.resolve({ outcome: 'dismissed' }),
        });
        window.dispatchEvent(event);
      });
    await offer();
    await expect.poll(() => hint.isVisible()).toBe(true);
    expect(await hint.textContent()).toContain('Kreis auf dem Startbildschirm');
    await page.getByRole('button', { name: 'Nicht jetzt' }).click();
    await expect.poll(() => hint.isVisible()).toBe(false);
    await page.reload();
    await offer();
    await page.waitForTimeout(200);
    expect(await hint.isVisible(), 'dismissed: not offered again').toBe(false);
    await context.close();
  });

  it('registers the worker, and shows the offline page when the server is down', async () => {
    const baseUrl = server!.baseUrl;
    const context = await browser.newContext({ locale: 'en-GB' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(`${baseUrl}/login?lang=en`);
    expect(await page.locator('link[rel=manifest]').getAttribute('href')).toBe('/manifest.webmanifest');

    const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
    expect(scope).toBe(`${baseUrl}/`);
    // The worker claims the page once active; the next navigation goes through it.
    await page.waitForFunction(() => navigator.serviceWorker.controller !== null);
    const cached = await page.evaluate(async () => {
      const keys = await caches.keys();
      const urls = [];
      for (const key of keys) for (const request of await (await caches.open(key)).keys()) urls.push(new URL(request.url).pathname);
      return urls;
    });
    expect(cached).toContain('/offline.html');
    // Only the offline page and fingerprinted files: never a page with someone's data.
    expect(cached.filter((path) => path !== '/offline.html' && !path.startsWith('/assets/'))).toEqual([]);

    await server!.close();
    server = undefined;
    await page.goto(`${baseUrl}/directory`);
    await expect.poll(() => page.locator('h1').textContent()).toBe('No connection');
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    // Its stylesheet came from the worker's cache: the page is styled.
    const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).not.toBe('rgba(0, 0, 0, 0)');
    expect(errors).toEqual([]);
    await context.close();
  });
});
