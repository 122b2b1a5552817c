import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { todayIn } from '../../server/one-to-ones/service.js';
import { type AxeRecord, type AxeViolation, CHECKED_TAGS, injectAxe, printSummary, runAxe } from '../helpers/axe.js';
import { launchChromium, type ListeningApp, sessionCookie, startListedServer } from '../helpers/browser.js';
import { buildWorld, insertBreakfast } from '../helpers/world/index.js';

/**
 * axe-core over every page of the app, as each kind of visitor sees it, in German and English, at
 * 360 px and 1280 px: no serious or critical violation anywhere (WCAG 2.1 A/AA, plus WCAG 2.2's
 * target size and axe's best practices: landmarks, heading order), and one non-empty h1 per page.
 *
 * The route list comes from Fastify itself: a new GET route without a row here fails the first
 * test until it gets a visit (a URL built from the fixture, seen by the right role) or an explicit
 * exclusion with the reason it is no page (a file, a socket, a redirect).
 */

type Role = 'anonymous' | 'guest' | 'member' | 'giver' | 'receiver' | 'host';
type Cookie = { name: string; value: string; url: string };
type Visit = {
  /** Which state of the page, when there are several. */
  name?: string;
  role: Role;
  url: (f: A11yFixture) => string;
  /** The status the page must answer with (an error page's 404 …); 200 unless told. */
  status?: number;
  /** Extra cookies this visit needs (they stay in the role's context). */
  cookies?: (f: A11yFixture, baseUrl: string) => Cookie[];
  /** Wait for this before checking (a script-built part of the page). */
  ready?: (page: Page) => Promise<unknown>;
  /** Visited on the empty database, before the fixture is seeded (the first-run setup). */
  emptyDatabase?: true;
  /** Then sends the page's form: a state only a post reaches (messages next to the fields, a created link). */
  submit?: (page: Page, f: A11yFixture) => Promise<unknown>;
};
type Row = { route: string; visits: Visit[] } | { route: string; excluded: string };

type A11yFixture = Awaited<ReturnType<typeof seedA11yFixture>>;

/**
 * The standard world (world/standard.ts), plus the states only these pages show: Petra has called the
 * first client (a timeline), Paula comes to the planned breakfast, Paula logged a meeting with Mia
 * that Mia has yet to confirm, the first correction link on Petra's trust page, and a breakfast
 * happening now for the live room.
 */
async function seedA11yFixture(t: ListeningApp) {
  const w = await buildWorld(t);
  const now = t.clock.now();
  const contacted = await w.browsers.receiver.post(`/referrals/${w.referral.id}/status`, { to: 'contacted' });
  const rsvp = await w.browsers.giver.post(`/breakfasts/${w.breakfast.id}/rsvp`, { answer: 'yes' });
  const logged = await w.browsers.giver.post('/one-to-ones', {
    partner: w.people.member.member.id,
    metOn: todayIn(now),
    durationMinutes: '60',
    note: 'Über Kundschaft im Handwerk gesprochen.',
  });
  if ([contacted, rsvp, logged].some((r) => r.statusCode !== 303)) throw new Error(`extras: ${contacted.statusCode} ${rsvp.statusCode} ${logged.statusCode}`);
  const [oneToOne] = await t.database.query<{ id: string }>('select id from one_to_ones where partner_id = $1', [w.people.member.member.id]);
  const trustPage = await w.browsers.host.get(`/m/${w.people.receiver.member.slug}/trust`);
  const trustEventId = /\/trust\/correct\/([0-9a-f-]{36})/.exec(trustPage.body)?.[1];
  if (!trustEventId) throw new Error("no correction link on Petra's trust page for the host");
  const live = await insertBreakfast(t.database, w.groupA, w.people.host.member.id, now);
  return {
    ...w,
    breakfasts: { planned: w.breakfast, live: { id: live } },
    guestCookie: w.guest.token,
    oneToOne: { id: oneToOne!.id },
    trustEventId,
  };
}

const UNKNOWN_TOKEN = 'abcdefghijkmnpqrstuvwxyz23456789';

const TABLE: Row[] = [
  // ——— not pages ———
  { route: 'GET /healthz', excluded: 'JSON health check' },
  { route: 'GET /public/*', excluded: 'static files (CSS, JS, icons)' },
  { route: 'GET /assets/:hash/*', excluded: 'fingerprinted static files (CSS, JS, icons)' },
  { route: 'GET /manifest.webmanifest', excluded: 'the web app manifest (JSON)' },
  { route: 'GET /sw.js', excluded: 'the service worker script' },
  { route: 'GET /robots.txt', excluded: 'a text file for crawlers' },
  { route: 'GET /offline.html', visits: [{ role: 'anonymous', url: () => '/offline.html' }] },
  { route: 'GET /', excluded: 'redirect only (to /roster or /login)' },
  { route: 'GET /m/:slug/photo', excluded: 'an image' },
  { route: 'GET /m/:slug/trust.csv', excluded: 'a CSV download' },
  { route: 'GET /breakfasts/:id/ics', excluded: 'a calendar file' },
  { route: 'GET /breakfasts/:id/socket', excluded: 'the live room WebSocket' },
  { route: 'GET /host/health.csv', excluded: 'a CSV download' },
  { route: 'GET /account/export', excluded: 'a JSON download' },

  // ——— first run, log-in, passwords, invitations ———
  { route: 'GET /setup', visits: [{ role: 'anonymous', url: () => '/setup', emptyDatabase: true }] },
  { route: 'GET /login', visits: [{ role: 'anonymous', url: () => '/login' }] },
  { route: 'GET /password/forgot', visits: [{ role: 'anonymous', url: () => '/password/forgot' }] },
  {
    route: 'GET /password/reset/:token',
    visits: [
      { name: 'link a host issued', role: 'anonymous', url: (f) => `/password/reset/${f.resetToken}` },
      { name: 'unknown link', role: 'anonymous', url: () => `/password/reset/${UNKNOWN_TOKEN}`, status: 404 },
    ],
  },
  { route: 'GET /invite/:token', visits: [{ role: 'anonymous', url: (f) => `/invite/${f.invitationToken}` }] },
  { route: 'GET /account', visits: [{ role: 'member', url: () => '/account' }] },

  // ——— members and profiles ———
  { route: 'GET /roster', visits: [{ role: 'member', url: () => '/roster' }] },
  {
    route: 'GET /m/:slug',
    visits: [
      { name: 'public profile, signed out', role: 'anonymous', url: (f) => `/m/${f.people.giver.member.slug}` },
      { name: 'own profile', role: 'giver', url: (f) => `/m/${f.people.giver.member.slug}` },
      { name: "a colleague's profile", role: 'member', url: (f) => `/m/${f.people.receiver.member.slug}` },
      { name: 'unknown (error page)', role: 'anonymous', url: () => '/m/niemand-hier', status: 404 },
    ],
  },
  {
    route: 'GET /m/:slug/trust',
    visits: [
      { role: 'member', url: (f) => `/m/${f.people.receiver.member.slug}/trust` },
      { name: 'host, with corrections', role: 'host', url: (f) => `/m/${f.people.receiver.member.slug}/trust` },
    ],
  },
  {
    route: 'GET /m/:slug/trust/correct/:eventId',
    visits: [{ role: 'host', url: (f) => `/m/${f.people.receiver.member.slug}/trust/correct/${f.trustEventId}` }],
  },
  { route: 'GET /profile/edit', visits: [{ role: 'giver', url: () => '/profile/edit' }] },

  // ——— referrals ———
  { route: 'GET /referrals', visits: [{ role: 'giver', url: () => '/referrals' }, { name: 'receiver', role: 'receiver', url: () => '/referrals' }] },
  {
    route: 'GET /referrals/new',
    visits: [
      { role: 'giver', url: () => '/referrals/new' },
      { name: 'sent empty: the messages', role: 'giver', url: () => '/referrals/new', submit: submitMain, status: 400 },
    ],
  },
  {
    route: 'GET /referrals/:id',
    visits: [
      { name: 'giver', role: 'giver', url: (f) => `/referrals/${f.referral.id}` },
      { name: 'receiver', role: 'receiver', url: (f) => `/referrals/${f.referral.id}` },
      { name: 'answered, receiver', role: 'receiver', url: (f) => `/referrals/${f.answered.id}` },
    ],
  },
  {
    route: 'GET /referrals/:id/link',
    visits: [
      {
        role: 'giver',
        url: (f) => `/referrals/${f.referral.id}/link`,
        // The short-lived cookie the form's redirect sets: the link is shown once, right after giving.
        cookies: (f, baseUrl) => [{ name: 'kreis_feedback_link', value: `${f.referral.id}.${f.referral.token}`, url: `${baseUrl}/referrals/${f.referral.id}/link` }],
      },
    ],
  },
  { route: 'GET /notifications', visits: [{ role: 'receiver', url: () => '/notifications' }] },
  {
    route: 'GET /directory',
    visits: [
      { name: 'empty', role: 'member', url: () => '/directory' },
      { name: 'a search with results', role: 'member', url: () => `/directory?${new URLSearchParams({ q: 'neue Website für mein Café' })}` },
    ],
  },
  { route: 'GET /insights', visits: [{ role: 'giver', url: () => '/insights' }] },
  { route: 'GET /one-to-ones', visits: [{ role: 'giver', url: () => '/one-to-ones' }, { name: 'partner', role: 'member', url: () => '/one-to-ones' }] },
  {
    route: 'GET /one-to-ones/:id',
    visits: [
      { name: 'who logged it', role: 'giver', url: (f) => `/one-to-ones/${f.oneToOne.id}` },
      { name: 'partner', role: 'member', url: (f) => `/one-to-ones/${f.oneToOne.id}` },
    ],
  },

  // ——— the client's feedback page ———
  {
    route: 'GET /f/:token',
    visits: [
      { name: 'open', role: 'anonymous', url: (f) => `/f/${f.referral.token}` },
      { name: 'sent empty: the messages', role: 'anonymous', url: (f) => `/f/${f.referral.token}`, submit: submitMain, status: 400 },
      { name: 'already answered', role: 'anonymous', url: (f) => `/f/${f.answered.token}` },
      { name: 'unknown', role: 'anonymous', url: () => `/f/${UNKNOWN_TOKEN}`, status: 404 },
    ],
  },

  // ——— host pages ———
  { route: 'GET /host', visits: [{ role: 'host', url: () => '/host' }] },
  {
    route: 'GET /host/members',
    visits: [
      { role: 'host', url: () => '/host/members' },
      {
        name: "a password link made: the link's page",
        role: 'host',
        url: () => '/host/members',
        // For Tara: Mia's link is the one the password page above shows.
        submit: (page, f) => page.locator(`form[action="/host/members/${f.people.tara.member.id}/reset-link"] button`).click(),
      },
    ],
  },
  { route: 'GET /host/outbox', visits: [{ role: 'host', url: () => '/host/outbox' }] },
  { route: 'GET /host/settings', visits: [{ role: 'host', url: () => '/host/settings' }] },
  { route: 'GET /host/trades', visits: [{ role: 'host', url: () => '/host/trades' }] },
  {
    route: 'GET /host/invitations',
    visits: [
      { role: 'host', url: () => '/host/invitations' },
      {
        name: 'an invitation made: its link',
        role: 'host',
        url: () => '/host/invitations',
        submit: async (page) => {
          await page.locator('main form[action="/host/invitations"] input[type=email]').fill(`neu-${Math.random().toString(36).slice(2)}@example.org`);
          await page.locator('main form[action="/host/invitations"] button[type=submit]').click();
        },
      },
    ],
  },
  { route: 'GET /host/health', visits: [{ role: 'host', url: () => '/host/health' }] },
  { route: 'GET /host/members/import', visits: [{ role: 'host', url: () => '/host/members/import' }] },
  { route: 'GET /host/review', visits: [{ role: 'host', url: () => '/host/review' }] },

  // ——— breakfasts and the live room ———
  { route: 'GET /breakfasts', visits: [{ role: 'host', url: () => '/breakfasts' }] },
  {
    route: 'GET /breakfasts/:id',
    visits: [
      { name: 'host', role: 'host', url: (f) => `/breakfasts/${f.breakfasts.planned.id}` },
      { name: 'member', role: 'giver', url: (f) => `/breakfasts/${f.breakfasts.planned.id}` },
    ],
  },
  { route: 'GET /breakfasts/:id/edit', visits: [{ role: 'host', url: (f) => `/breakfasts/${f.breakfasts.planned.id}/edit` }] },
  { route: 'GET /breakfasts/:id/attendance', visits: [{ role: 'host', url: (f) => `/breakfasts/${f.breakfasts.planned.id}/attendance` }] },
  {
    route: 'GET /g/:token',
    visits: [
      { name: 'registration form', role: 'anonymous', url: (f) => `/g/${f.breakfasts.planned.guestToken}` },
      { name: 'registered guest', role: 'guest', url: (f) => `/g/${f.breakfasts.planned.guestToken}` },
    ],
  },
  {
    route: 'GET /breakfasts/:id/live',
    visits: [
      { name: 'host', role: 'host', url: (f) => `/breakfasts/${f.breakfasts.live.id}/live`, ready: liveConnected },
      { name: 'member', role: 'member', url: (f) => `/breakfasts/${f.breakfasts.live.id}/live`, ready: liveConnected },
    ],
  },
  { route: 'GET /breakfasts/:id/summary', visits: [{ role: 'host', url: (f) => `/breakfasts/${f.breakfasts.live.id}/summary` }] },
];

/** Sends the first form of the page's main content as it is. */
function submitMain(page: Page) {
  return page.locator('main form button[type=submit]').first().click();
}

/** The live room fills in by script once its socket is open. */
function liveConnected(page: Page) {
  return page.locator('#live-connection:not([hidden])').waitFor();
}

const LANGS = ['de', 'en'] as const;
const WIDTHS = [360, 1280] as const;
const FAILING = new Set(['serious', 'critical']);
/** The rules checked (AXE_TAGS=wcag2a,… narrows or widens a run by hand). */
const TAGS = process.env.AXE_TAGS?.split(',') ?? CHECKED_TAGS;

function label(row: { route: string }, visit: Visit): string {
  return `${row.route}${visit.name ? ` (${visit.name})` : ''} as ${visit.role}`;
}

describe('accessibility: axe-core on every page, both languages, phone and desktop', () => {
  let server: ListeningApp;
  let browser: Browser;
  let fixture: Promise<A11yFixture> | undefined;
  const contexts = new Map<string, { context: BrowserContext; page: Page }>();
  const records: AxeRecord[] = [];
  const started = Date.now();

  beforeAll(async () => {
    [server, browser] = await Promise.all([startListedServer(), launchChromium()]);
  });
  afterAll(async () => {
    printSummary(records, { seconds: (Date.now() - started) / 1000, tags: TAGS });
    for (const { context } of contexts.values()) await context.close();
    await browser?.close();
    await server?.close();
  });

  /** Seeded once, on first need (after the setup page has been seen on the empty database). */
  function seeded(): Promise<A11yFixture> {
    fixture ??= seedA11yFixture(server);
    return fixture;
  }

  /** One context (cookies, language) and one page per role and language; the width changes per check. */
  async function pageFor(role: Role, lang: (typeof LANGS)[number]): Promise<Page> {
    const key = `${role}|${lang}`;
    const existing = contexts.get(key);
    if (existing) return existing.page;
    // axe is injected as a script: the app's CSP (no inline scripts) would refuse it, so this context bypasses the CSP.
    const context = await browser.newContext({ bypassCSP: true, viewport: { width: 1280, height: 900 }, locale: lang === 'de' ? 'de-DE' : 'en-GB' });
    const cookies: Cookie[] = [{ name: 'lang', value: lang, url: server.baseUrl }];
    if (role !== 'anonymous' && role !== 'guest') {
      const f = await seeded();
      cookies.push(await sessionCookie(server, f.people[role].account.id));
    }
    if (role === 'guest') cookies.push({ name: 'kreis_guest', value: (await seeded()).guestCookie, url: server.baseUrl });
    await context.addCookies(cookies);
    const page = await context.newPage();
    contexts.set(key, { context, page });
    return page;
  }

  it('every GET route of the app has a row: visits with a URL, or an exclusion with a reason', () => {
    const gets = [...new Set(server.routes.filter((r) => r.method === 'GET').map((r) => `GET ${r.url}`))];
    const rows = TABLE.map((row) => row.route);
    expect(gets.length).toBeGreaterThan(25);
    expect(gets.filter((route) => !rows.includes(route)), 'GET routes without a row in the accessibility table').toEqual([]);
    expect(rows.filter((route) => !gets.includes(route)), 'rows for routes the app does not have').toEqual([]);
    expect(new Set(rows).size, 'one row per route').toBe(rows.length);
    for (const row of TABLE) {
      if ('excluded' in row) expect(row.excluded.length, `${row.route}: the reason it is not checked`).toBeGreaterThan(5);
      else expect(row.visits.length, `${row.route}: at least one visit`).toBeGreaterThan(0);
    }
  });

  // The setup page exists only before the first group: it goes first, on the empty database.
  const visits = TABLE.flatMap((row) => ('visits' in row ? row.visits.map((visit) => ({ title: label(row, visit), row, visit })) : [])).sort(
    (a, b) => Number(b.visit.emptyDatabase === true) - Number(a.visit.emptyDatabase === true),
  );

  it.each(visits)('$title', async ({ title, visit }) => {
    const f = visit.emptyDatabase ? undefined : await seeded();
    const path = visit.url(f as A11yFixture);

    async function check(lang: (typeof LANGS)[number]): Promise<string[]> {
      const failures: string[] = [];
      const page = await pageFor(visit.role, lang);
      if (visit.cookies && f) await page.context().addCookies(visit.cookies(f, server.baseUrl));
      await page.setViewportSize({ width: 1280, height: 900 });
      let response = await page.goto(`${server.baseUrl}${path}`);
      if (visit.submit) {
        expect(response?.status(), `${title} (${lang}): the form's status`).toBe(200);
        const posted = page.waitForResponse((r) => r.request().method() === 'POST' && r.request().isNavigationRequest());
        await visit.submit(page, f as A11yFixture);
        response = await posted;
        await page.waitForLoadState('load');
      }
      expect(response?.status(), `${title} (${lang}): status`).toBe(visit.status ?? 200);
      // No redirect: the page checked is the page asked for (or the answer to the form's post).
      const asked = visit.submit ? response!.url() : `${server.baseUrl}${path}`;
      expect(new URL(page.url()).pathname, `${title} (${lang}): landed on`).toBe(new URL(asked).pathname);
      expect(await page.locator('html').getAttribute('lang'), `${title}: page language`).toBe(lang);
      await visit.ready?.(page);
      // axe's best practices only ask for at least one h1 and call an empty one minor: one, with words.
      const h1 = await page.locator('h1').allInnerTexts();
      if (h1.length !== 1 || !h1[0]!.trim()) failures.push(`[${lang}] one main heading with text expected, got ${JSON.stringify(h1)}`);
      await injectAxe(page);
      for (const width of WIDTHS) {
        await page.setViewportSize({ width, height: width === 360 ? 740 : 900 });
        const before = performance.now();
        const violations = [...(await runAxe(page, TAGS)), ...(await reflow(page, width))];
        records.push({ page: title, lang, width, violations, ms: performance.now() - before });
        for (const v of violations.filter((x) => FAILING.has(x.impact ?? ''))) failures.push(describeViolation(lang, width, v));
      }
      return failures;
    }

    // The two languages side by side (a page each); both finish before the verdict, so neither
    // navigates under the next test.
    const results = await Promise.allSettled(LANGS.map(check));
    for (const result of results) if (result.status === 'rejected') throw result.reason;
    const failures = results.flatMap((result) => (result.status === 'fulfilled' ? result.value : []));
    expect(failures, `${title}: serious or critical violations`).toEqual([]);
    // The first visit after the setup page seeds the fixture as well: room for a busy machine.
  }, 120_000);
});

/** WCAG 1.4.10 Reflow, which axe leaves out: nothing may be wider than the viewport (no sideways scrolling). */
async function reflow(page: Page, width: number): Promise<AxeViolation[]> {
  const wide = await page.evaluate(() => {
    const fits = () => document.documentElement.scrollWidth <= innerWidth;
    if (fits()) return [];
    // The culprit: the innermost element without which the page fits (hidden in turn, then shown again).
    let culprit: Element = document.body;
    descend: for (;;) {
      for (const child of culprit.children) {
        const el = child as HTMLElement;
        const display = el.style.display;
        el.style.display = 'none';
        const fixed = fits();
        el.style.display = display;
        if (fixed) {
          culprit = el;
          continue descend;
        }
      }
      break;
    }
    const name = (el: Element) => `${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ''}${el.classList.length ? `.${[...el.classList].join('.')}` : ''}`;
    const path = [culprit.parentElement?.parentElement, culprit.parentElement, culprit].filter((el): el is Element => Boolean(el)).map(name);
    return [`${path.join(' > ')} (page ${document.documentElement.scrollWidth} px wide)`];
  });
  if (wide.length === 0) return [];
  return [
    {
      id: 'kreis-reflow',
      impact: 'serious',
      help: `Content wider than the ${width} px viewport (WCAG 1.4.10 Reflow)`,
      tags: ['wcag21aa'],
      nodes: wide.map((target) => ({ target: [target], summary: '' })),
    },
  ];
}

function describeViolation(lang: string, width: number, v: AxeViolation): string {
  const targets = v.nodes.slice(0, 3).map((n) => `${n.target.join(' ')}${n.summary ? ` — ${n.summary}` : ''}`);
  return `[${lang} ${width}px] ${v.impact} ${v.id}: ${v.help} (${v.nodes.length}×) ${targets.join(' | ')}`;
}
