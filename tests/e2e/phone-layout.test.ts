import { mkdirSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { browserSuite, logInPage } from '../helpers/browser.js';
import { insertBreakfast, insertGuest, seedGroup, seedMember } from '../helpers/world/index.js';

const PHONE = { width: 360, height: 740 };
const WARUM =
  'Weil ich seit zwanzig Jahren Familienbetriebe durch Steuerfragen begleite und weiß, wie viel Vertrauen es braucht, bis jemand seine Zahlen zeigt. Empfehlungen aus diesem Kreis sind für mich das schönste Lob.';

/** Where an element is on the first screen: its box must lie inside the viewport. */
async function onFirstScreen(page: Page, selector: string) {
  const box = await page.locator(selector).first().boundingBox();
  expect(box, `${selector} is shown`).not.toBeNull();
  const viewport = page.viewportSize()!;
  expect(box!.y, `${selector} starts on the first screen`).toBeGreaterThanOrEqual(0);
  expect(box!.y + box!.height, `${selector} ends on the first screen`).toBeLessThanOrEqual(viewport.height);
  expect(box!.x + box!.width, `${selector} fits the width`).toBeLessThanOrEqual(viewport.width);
  return box!;
}

async function noSidewaysScroll(page: Page, what: string) {
  const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, viewport: window.innerWidth }));
  expect(widths.scroll, `${what}: no horizontal scroll`).toBeLessThanOrEqual(widths.viewport);
}

describe('Kreis on a phone (360 × 740)', () => {
  const suite = browserSuite();
  const errors: string[] = [];

  async function world() {
    const db = suite.server.app.db;
    const { group, host } = await seedGroup(db, { name: 'Unternehmerfrühstück Rheinhessen-Süd' });
    const anna = await seedMember(db, group.id, 'Anna Arndt');
    const bert = await seedMember(db, group.id, 'Bert Brandt');
    await suite.server.database.query('update members set warum = $2 where id = $1', [anna.member.id, WARUM]);
    const breakfastId = await insertBreakfast(suite.server.database, group.id, host.member.id);
    return { group, host, anna, bert, breakfastId, liveUrl: `${suite.server.baseUrl}/breakfasts/${breakfastId}/live` };
  }

  it('live room: speaker, Warum and countdown on the first screen; pledge and host controls in the bottom bar; end asks first', async () => {
    const w = await world();
    const hostPage = await logInPage(suite, w.host.email, { viewport: PHONE, errors });
    await hostPage.goto(w.liveUrl);
    const bertPage = await logInPage(suite, w.bert.email, { viewport: PHONE, errors });
    await bertPage.goto(w.liveUrl);
    const annaPage = await logInPage(suite, w.anna.email, { viewport: PHONE, errors });
    await annaPage.goto(w.liveUrl);
    await hostPage.locator('#live-present-count', { hasText: '3' }).waitFor();

    await hostPage.getByRole('button', { name: 'Runde starten' }).click();
    await bertPage.locator('#live-speaker .live-card__name', { hasText: 'Anna Arndt' }).waitFor();

    // A member's first screen: who speaks, why, how long still; the buttons at the thumb.
    await onFirstScreen(bertPage, '#live-speaker .live-card__name');
    await onFirstScreen(bertPage, '#live-speaker .warum');
    await onFirstScreen(bertPage, '#live-countdown');
    const pledge = await onFirstScreen(bertPage, '#live-pledge-form button');
    const oneToOne = await onFirstScreen(bertPage, '#live-one-to-one');
    expect(pledge.y, 'the pledge button is in the lower half').toBeGreaterThan(PHONE.height / 2);
    expect(oneToOne.y, 'the 1:1 button is in the lower half').toBeGreaterThan(PHONE.height / 2);
    // Words of the Warum are not broken into a narrow column.
    expect((await bertPage.locator('#live-speaker .warum').boundingBox())!.width).toBeGreaterThan(280);

    // The host's first screen: the same, and the run controls fixed at the bottom.
    await onFirstScreen(hostPage, '#live-speaker .live-card__name');
    await onFirstScreen(hostPage, '#live-countdown');
    const bar = await onFirstScreen(hostPage, '#live-run-controls');
    expect(bar.y + bar.height).toBeGreaterThan(PHONE.height - 20);
    expect(await hostPage.locator('#live-dock').evaluate((el) => getComputedStyle(el).position)).toBe('fixed');
    await onFirstScreen(hostPage, '#live-run-controls [data-command="next"]');
    await onFirstScreen(hostPage, '#live-run-controls [data-command="end"]');
    // The Warum starts well above the host's bar: its first lines are readable.
    const warum = (await hostPage.locator('#live-speaker .warum').boundingBox())!;
    const dock = (await hostPage.locator('#live-dock').boundingBox())!;
    expect(warum.y + 60, 'two lines of the Warum above the bar').toBeLessThan(dock.y);
    for (const page of [hostPage, bertPage, annaPage]) await noSidewaysScroll(page, 'live room');

    mkdirSync('screenshots', { recursive: true });
    const guest = await insertGuest(suite.server.database, w.breakfastId, 'Gisela Gast');
    const guestContext = await suite.newContext({ locale: 'de-DE', viewport: PHONE });
    await guestContext.addCookies([{ name: 'kreis_guest', value: guest.token, url: suite.server.baseUrl }]);
    const guestPage = await guestContext.newPage();
    await guestPage.goto(w.liveUrl);
    await guestPage.locator('#live-speaker .live-card__name', { hasText: 'Anna Arndt' }).waitFor();
    await guestPage.locator('#live-pledge-form button').waitFor({ state: 'visible' });
    await onFirstScreen(guestPage, '#live-speaker .warum');
    await guestPage.screenshot({ path: 'screenshots/live-guest-360.png' });
    for (const width of [360, 768, 1280]) {
      for (const [role, page] of [['host', hostPage], ['member', bertPage]] as const) {
        await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
        await noSidewaysScroll(page, `live room at ${width}`);
        await page.screenshot({ path: `screenshots/live-${role}-${width}.png` });
      }
    }
    await hostPage.setViewportSize(PHONE);

    // "Runde beenden" asks in a dialog; cancelling changes nothing.
    await hostPage.getByRole('button', { name: 'Runde beenden', exact: true }).click();
    const dialog = hostPage.getByRole('dialog', { name: 'Runde wirklich beenden?' });
    await dialog.waitFor();
    await hostPage.screenshot({ path: 'screenshots/live-host-360-confirm.png' });
    await dialog.getByRole('button', { name: 'Abbrechen' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await bertPage.locator('#live-status').innerText()).toBe('Vorstellungsrunde läuft');
    await hostPage.getByRole('button', { name: 'Runde beenden', exact: true }).click();
    await hostPage.getByRole('button', { name: 'Ja, Runde beenden' }).click();
    await bertPage.locator('#live-status', { hasText: 'beendet' }).waitFor();
    expect(errors).toEqual([]);
  });

  it('menu: a button under 960 px that opens the navigation; the full row on a wide screen', async () => {
    const w = await world();
    const page = await logInPage(suite, w.anna.email, { viewport: PHONE, errors });
    await page.goto(`${suite.server.baseUrl}/directory`);
    const button = page.locator('summary.site-menu__button');
    const link = page.locator('.site-nav').getByRole('link', { name: 'Empfehlungen' });
    await onFirstScreen(page, 'summary.site-menu__button');
    expect(await link.isVisible()).toBe(false);
    await button.click();
    await link.waitFor({ state: 'visible' });
    await noSidewaysScroll(page, 'open menu');
    await page.screenshot({ path: 'screenshots/menu-360-open.png' });
    await Promise.all([page.waitForURL(/\/referrals$/), link.click()]);

    await page.setViewportSize({ width: 1280, height: 900 });
    expect(await page.locator('summary.site-menu__button').isVisible()).toBe(false);
    expect(await page.locator('.site-nav').getByRole('link', { name: 'Frühstück' }).isVisible()).toBe(true);
  });

  it('no horizontal scroll on the main pages, and headings wrap', async () => {
    const w = await world();
    const page = await logInPage(suite, w.anna.email, { viewport: PHONE, errors });
    const slug = (await suite.server.database.query<{ slug: string }>('select slug from members where id = $1', [w.anna.member.id]))[0]!.slug;
    expect(await page.locator('html').getAttribute('lang')).toBe('de');
    for (const path of [`/m/${slug}`, '/directory', '/referrals/new', `/m/${slug}/trust`, `/breakfasts/${w.breakfastId}/live`, '/breakfasts']) {
      const response = await page.goto(`${suite.server.baseUrl}${path}`);
      expect(response?.status(), path).toBe(200);
      await noSidewaysScroll(page, path);
      expect(await page.locator('h1').first().evaluate((h) => getComputedStyle(h).hyphens)).toBe('auto');
    }
    // The breakfast list names the weekday.
    expect(await page.locator('main').innerText()).toMatch(/(Mo|Di|Mi|Do|Fr|Sa|So)\., \d{1,2}\. /);
    expect(errors).toEqual([]);
  });
});
