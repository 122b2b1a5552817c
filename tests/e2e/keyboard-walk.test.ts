import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { injectAxeUnderCsp, runAxe, seriousViolations } from '../helpers/axe.js';
import { launchChromium, startServer } from '../helpers/browser.js';
import { giveTrade, seedGroup, seedMember, seedReferral } from '../helpers/world/index.js';

/**
 * The two forms that matter most, with the keyboard only: Tab, Shift+Tab, typing, Space, Enter and
 * the arrow keys — no mouse, no element.click(), no fill(). At every stop the focused element must
 * be on screen and look different from how it looks unfocused (WCAG 2.4.7 Focus Visible).
 */

type Stop = { key: string; what: string; focused: string; onScreen: boolean; ring: boolean };

/** Marks the focused element and reads what it looks like (its own style and its label's, for radios and checkboxes). */
function currentStop(page: Page): Promise<Stop> {
  return page.evaluate(() => {
    const w = window as unknown as { kwCount?: number };
    const el = document.activeElement as HTMLElement | null;
    if (!el || el === document.body) return { key: '', what: 'body', focused: '', onScreen: false, ring: false };
    let key = el.getAttribute('data-kw');
    if (!key) {
      w.kwCount = (w.kwCount ?? 0) + 1;
      key = String(w.kwCount);
      el.setAttribute('data-kw', key);
    }
    const tag = el.tagName.toLowerCase();
    const input = el as HTMLInputElement;
    const what = el.id ? `${tag}#${el.id}` : tag === 'input' ? `input[${input.type}][name=${input.name}][value=${input.value}]` : `${tag}.${el.className || '?'}`;
    const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'border-top-color', 'background-color', 'color'];
    const look = (node: Element) => {
      const style = getComputedStyle(node);
      return props.map((p) => style.getPropertyValue(p)).join(';');
    };
    const label = el.closest('label');
    const box = el.getBoundingClientRect();
    const onScreen = box.bottom > 0 && box.right > 0 && box.top < innerHeight && box.left < innerWidth && box.width > 0 && box.height > 0;
    // A ring, not only a colour change: an outline of 2 px or more that stands out from what is behind
    // it (3:1, as WCAG asks of focus indicators), or a box shadow, on the element or its label.
    const rgb = (colour: string) => (colour.match(/[\d.]+/g) ?? []).map(Number);
    const luminance = ([r, g, b]: number[]) =>
      [r!, g!, b!].map((c) => (c / 255 <= 0.03928 ? c / 255 / 12.92 : ((c / 255 + 0.055) / 1.055) ** 2.4)).reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i]!, 0);
    const behind = (node: Element) => {
      for (let n: Element | null = node.parentElement; n; n = n.parentElement) {
        const [r, g, b, a = 1] = rgb(getComputedStyle(n).backgroundColor);
        if (a > 0) return [r!, g!, b!];
      }
      return [255, 255, 255];
    };
    const contrast = (x: number[], y: number[]) => {
      const [hi, lo] = [luminance(x), luminance(y)].sort((p, q) => q - p) as [number, number];
      return (hi + 0.05) / (lo + 0.05);
    };
    const ring = [el, label].some((node) => {
      if (!node) return false;
      const style = getComputedStyle(node);
      const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2 && contrast(rgb(style.outlineColor), behind(node)) >= 3;
      return outline || style.boxShadow !== 'none';
    });
    return { key, what, focused: look(el) + (label && label !== el ? `|${look(label)}` : ''), onScreen, ring };
  });
}

/** The look of a marked element now that it has lost focus. */
function lookOf(page: Page, key: string): Promise<string> {
  return page.evaluate((k) => {
    const el = document.querySelector(`[data-kw="${k}"]`)!;
    const props = ['outline-style', 'outline-width', 'outline-color', 'box-shadow', 'border-top-color', 'background-color', 'color'];
    const look = (node: Element) => {
      const style = getComputedStyle(node);
      return props.map((p) => style.getPropertyValue(p)).join(';');
    };
    const label = el.closest('label');
    return look(el) + (label && label !== el ? `|${look(label)}` : '');
  }, key);
}

/** A keyboard-only walker that checks every stop's focus indicator once the focus has moved on. */
class Walker {
  readonly stops: Stop[] = [];
  readonly invisible: string[] = [];
  constructor(private readonly page: Page) {}

  private async arrive(): Promise<Stop> {
    const previous = this.stops.at(-1);
    const stop = await currentStop(this.page);
    if (previous?.key && previous.key !== stop.key) {
      // Tab does not change values: what differs between the two looks is the focus style alone.
      const unfocused = await lookOf(this.page, previous.key);
      if (unfocused === previous.focused) this.invisible.push(`${previous.what}: focused and unfocused look the same`);
    }
    // Following the skip link leaves the focus on the page itself until the next Tab: not a stop.
    if (!stop.key) return stop;
    if (!stop.onScreen) this.invisible.push(`${stop.what}: focused but off screen`);
    if (!stop.ring) this.invisible.push(`${stop.what}: no focus ring (outline ≥ 2 px at 3:1, or box shadow)`);
    if (stop.key !== previous?.key) this.stops.push(stop);
    else this.stops[this.stops.length - 1] = stop;
    return stop;
  }

  async press(key: string): Promise<Stop> {
    await this.page.keyboard.press(key);
    return this.arrive();
  }

  async type(text: string): Promise<Stop> {
    await this.page.keyboard.type(text);
    return this.arrive();
  }

  /** Tab until an element matching `what` has the focus (at most `max` presses). */
  async tabTo(what: string | RegExp, max = 8): Promise<Stop> {
    for (let i = 0; i < max; i++) {
      const stop = await this.press('Tab');
      if (typeof what === 'string' ? stop.what === what : what.test(stop.what)) return stop;
    }
    throw new Error(`Tab never reached ${String(what)}; stops: ${this.stops.map((s) => s.what).join(' → ')}`);
  }

  /** Arrow keys in a radio group until the wanted value is checked. */
  async arrowTo(name: string, value: string, key = 'ArrowDown'): Promise<void> {
    for (let i = 0; i < 6; i++) {
      const checked = await this.page.evaluate((n) => (document.querySelector(`input[name="${n}"]:checked`) as HTMLInputElement | null)?.value ?? null, name);
      if (checked === value) return;
      await this.press(key);
    }
    throw new Error(`arrows never checked ${name}=${value}`);
  }

  /** The last stop's focus check: step back with Shift+Tab (its look unfocused) and forward again. */
  async checkLastStop(): Promise<void> {
    await this.press('Shift+Tab');
    await this.press('Tab');
  }

  order(): string[] {
    return this.stops.map((stop) => stop.what);
  }
}

describe('keyboard only: giving a referral and answering as a client', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let browser: Browser;
  const contexts: BrowserContext[] = [];
  beforeAll(async () => {
    [server, browser] = await Promise.all([startServer(), launchChromium()]);
  });
  afterAll(async () => {
    for (const context of contexts) await context.close();
    await browser?.close();
    await server?.close();
  });

  it('a member gives a referral with the keyboard: every stop visibly focused, the link page shown', async () => {
    const db = server.app.db;
    const { group, host: giver } = await seedGroup(db);
    const receiver = await seedMember(db, group.id, 'Rita Rechner');
    await seedMember(db, group.id, 'Theo Dritter');
    await giveTrade(server.database, group.id, receiver.member.id, 'Steuerberatung');
    const { token } = await createSession(db, giver.account.id, server.clock.now());
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 1280, height: 900 } });
    contexts.push(context);
    await context.addCookies([{ name: SESSION_COOKIE, value: token, url: server.baseUrl }]);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}/referrals/new`);
    const walk = new Walker(page);

    // The skip link first; Enter on it jumps past the navigation into the form.
    expect((await walk.press('Tab')).what).toBe('a.skip-link');
    await walk.press('Enter');
    // The filter box (shown by the script) narrows the member list; the arrow keys choose in the list.
    expect((await walk.press('Tab')).what).toBe('input#f-receiver-filter');
    await walk.type('Rita');
    expect((await walk.press('Tab')).what).toBe('select#f-receiver');
    // Filtering chose nobody by itself (it once silently selected the last member left in the list).
    expect(await page.inputValue('#f-receiver')).toBe('');
    expect(await page.locator('#f-receiver option').allTextContents()).toEqual(['Bitte wählen …', 'Rita Rechner – Steuerberatung']);
    await walk.press('ArrowDown');
    expect(await page.locator('#f-receiver option:checked').textContent()).toContain('Rita Rechner');
    // Choosing Rita, whose only trade is Steuerberatung, fills in the topic.
    expect((await walk.press('Tab')).what).toBe('input#f-topic');
    expect(await page.inputValue('#f-topic')).toBe('Steuerberatung');

    await walk.tabTo('input#f-clientName', 1);
    await walk.type('Klara Kundin');
    await walk.tabTo('input#f-clientEmail', 1);
    await walk.type('klara@example.org');
    await walk.tabTo('input#f-clientPhone', 1);
    await walk.tabTo('textarea#f-need', 1);
    await walk.type('Braucht Hilfe bei der Umsatzsteuer-Voranmeldung für ihr neues Café.');
    // Into the warmth group: the arrow keys move and check.
    await walk.tabTo(/^input\[radio\]\[name=warmth\]/, 1);
    await walk.press('Space');
    await walk.arrowTo('warmth', '4');
    await walk.tabTo('input#f-consent', 1);
    await walk.press('Space');
    expect(await page.isChecked('#f-consent')).toBe(true);
    await walk.tabTo('button.button button--primary', 1);
    await walk.checkLastStop();

    expect(walk.order()).toEqual([
      'a.skip-link',
      'input#f-receiver-filter',
      'select#f-receiver',
      'input#f-topic',
      'input#f-clientName',
      'input#f-clientEmail',
      'input#f-clientPhone',
      'textarea#f-need',
      'input[radio][name=warmth][value=1]',
      'input[radio][name=warmth][value=2]',
      'input[radio][name=warmth][value=3]',
      'input[radio][name=warmth][value=4]',
      'input#f-consent',
      'button.button button--primary',
      'input#f-consent',
      'button.button button--primary',
    ]);
    expect(walk.invisible).toEqual([]);

    await Promise.all([page.waitForURL(/\/referrals\/[0-9a-f-]{36}\/link$/), page.keyboard.press('Enter')]);
    expect(await page.locator('h1').textContent()).toBe('Empfehlung gespeichert');
    expect(await page.inputValue('#feedback-link')).toMatch(/\/f\/[A-Za-z0-9]+$/);
    await injectAxeUnderCsp(page);
    expect(seriousViolations(await runAxe(page)), 'the link page').toEqual([]);
    const [stored] = await server.database.query<{ topic: string; warmth: number; client_name: string }>(
      'select topic, warmth, client_name from referrals where giver_id = $1',
      [giver.member.id],
    );
    expect(stored).toEqual({ topic: 'Steuerberatung', warmth: 4, client_name: 'Klara Kundin' });
  });

  it('a client answers the feedback page on a 360 px phone with the keyboard only', async () => {
    const seeded = await seedReferral(server, { receiverPublic: true });
    const context = await browser.newContext({ locale: 'de-DE', viewport: { width: 360, height: 740 } });
    contexts.push(context);
    const page = await context.newPage();
    await page.goto(`${server.baseUrl}${seeded.path}`);
    const walk = new Walker(page);

    // The receiver's public profile comes first, then the questions.
    expect((await walk.press('Tab')).what).toMatch(/^a\./);
    expect(await page.evaluate(() => (document.activeElement as HTMLAnchorElement).pathname)).toMatch(/^\/m\//);
    await walk.tabTo('input[radio][name=contacted][value=yes]', 1);
    await walk.press('Space');
    await walk.tabTo(/^input\[radio\]\[name=speed\]/, 1);
    await walk.press('Space');
    await walk.arrowTo('speed', 'within_days');
    await walk.tabTo(/^input\[radio\]\[name=rating\]/, 1);
    await walk.press('Space');
    await walk.arrowTo('rating', '4', 'ArrowRight');
    await walk.tabTo(/^input\[radio\]\[name=recommend\]/, 1);
    await walk.press('Space');
    await walk.tabTo('textarea#f-comment', 1);
    await walk.type('Hat sich schnell gemeldet, sehr angenehm.');
    await walk.tabTo(/^input\[checkbox\]\[name=consent\]/, 1);
    await walk.press('Space');
    await walk.tabTo('button.submit', 1);
    await walk.checkLastStop();
    expect(walk.invisible).toEqual([]);
    // Nothing is wider than the phone.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(360);

    await Promise.all([page.waitForLoadState('load'), page.keyboard.press('Enter')]);
    await page.getByRole('heading', { name: 'Vielen Dank!' }).waitFor();
    // The thank-you page is reached only by answering: checked here, on the phone.
    await injectAxeUnderCsp(page);
    expect(seriousViolations(await runAxe(page)), 'the thank-you page').toEqual([]);
    const [stored] = await server.database.query<{ rating: number; would_recommend: boolean; comment_public: boolean }>(
      'select rating, would_recommend, comment_public from feedback where referral_id = $1',
      [seeded.referralId],
    );
    expect(stored).toEqual({ rating: 4, would_recommend: true, comment_public: true });
  });
});
