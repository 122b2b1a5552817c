import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers/app.js';
import { encodeForm, fuzzRuns, formsOf, type FormFields, hostileBody, hostileFormValue, hostileString, payloadFor, readableRefusal, SCRIPT } from '../helpers/fuzz.js';
import { browserAs, changedTables, createSecurityApp, pathFor, roleFor, type RouteEntry, snapshot, stateChangingRoutes, type WorldRole } from '../helpers/security.js';
import { buildWorld, freshBrowser, giveReferral, PASSWORD, planBreakfast, referralForm, SIGNED_IN, type World } from '../helpers/world/index.js';

/**
 * Bad input to every state-changing route (the list comes from Fastify), each sent as the role that
 * may use the route, so the input reaches the route's own parsing. Every case starts from the form
 * the page itself renders (scraped from our GET pages) and replaces, drops or adds fields with
 * hostile values — huge strings, control characters, lone surrogates, HTML/script, SQL fragments,
 * numbers at the edges, repeated keys where one value is expected — or sends the body as JSON, as
 * broken UTF-8 bytes, as text/plain, as multipart, empty, or over the size limit.
 *
 * What must hold for every case:
 * - never a 5xx, and nothing logged at level error;
 * - a 4xx is readable: an HTML page with a heading or an alert, or JSON with a message;
 * - "nothing written": a 4xx answer leaves every table unchanged except the bookkeeping — `sessions`
 *   (each case comes with its own fresh session; a request may slide its expiry) and notifications'
 *   `read_at` (a refused referral form re-renders the referral, which marks its notices read).
 *   A 2xx/3xx answer means
 *   the input was valid after all (hostile text is still text a member may write): then the route
 *   may write, and what it wrote must render escaped (the first describe below).
 *
 * FUZZ_RUNS=300 npx vitest run tests/integration/fuzz-forms.test.ts for a long soak.
 */

const RUNS = fuzzRuns(12);
/** Destructive routes go last, so the others still find their targets. */
const LAST = ['POST /logout', 'POST /account/delete', 'POST /breakfasts/:id/cancel'];

const t = await createSecurityApp();
const POST_ROUTES = stateChangingRoutes(t.routes).sort((a, b) => Number(LAST.includes(`${a.method} ${a.url}`)) - Number(LAST.includes(`${b.method} ${b.url}`)));

let w: World;
/** The form each route's page renders, keyed by the route pattern. */
const forms = new Map<string, FormFields>();
const exact = new Set<string>();
const totals = { cases: 0, refused: 0, accepted: 0, routes: 0 };

function routePattern(path: string, routes: RouteEntry[]): string | undefined {
  const candidates = routes.filter((r) => r.method === 'POST');
  const exact = candidates.find((r) => r.url === path);
  if (exact) return exact.url;
  return candidates.find((r) => new RegExp(`^${r.url.replace(/:[^/]+/g, '[^/]+')}$`).test(path))?.url;
}

/** Opens every page as every role and keeps, per POST route, the form that targets our fixture's entity. */
async function collectForms() {
  const pages = t.routes.filter((r) => r.method === 'GET' && !r.url.endsWith('/socket') && !r.url.includes('*'));
  const roles: WorldRole[] = [...SIGNED_IN, 'guest', 'anonymous'];
  for (const role of roles) {
    const browser = await browserAs(t.app, w, role);
    for (const page of pages) {
      const url = pathFor(page.url, w);
      const response = await browser.get(url);
      if (response.statusCode !== 200 || !String(response.headers['content-type']).startsWith('text/html')) continue;
      for (const form of formsOf(response.body, url)) {
        const pattern = routePattern(form.action, t.routes);
        if (!pattern) continue;
        const targetsFixture = form.action === pathFor(pattern, w);
        if (!forms.has(pattern) || (targetsFixture && !exact.has(pattern))) {
          forms.set(pattern, form.fields);
          if (targetsFixture) exact.add(pattern);
        }
      }
    }
  }
}

function percentEncoded(text: string): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => `%${byte.toString(16).padStart(2, '0').toUpperCase()}`).join('');
}

beforeAll(async () => {
  w = await buildWorld(t);
  await collectForms();
}, 180_000);
afterAll(async () => {
  // eslint-disable-next-line no-console
  console.info(
    `fuzz-forms: ${totals.routes} routes, ${totals.cases} cases (${RUNS} per route), ${totals.refused} refused with 4xx, ${totals.accepted} accepted;`,
    `no form found for: ${POST_ROUTES.filter((r) => !forms.has(r.url)).map((r) => r.url).join(', ') || 'none'}`,
  );
  await t.close();
});

describe('stored text with <script> renders escaped everywhere', () => {
  const tags = new Map<string, string>();
  /** A payload that names where it was stored, so each one is looked for on the pages. */
  const payload = (where: string) => {
    const text = `${SCRIPT}x${where}x`;
    tags.set(where, `&lt;script&gt;alert(1)&lt;/script&gt;x${where}x`);
    return text;
  };
  const ATTRIBUTE_BREAKOUT = '"><img src=x onerror=alert(1)>';
  const xss = { referralId: '', breakfastId: '' };

  it('saves it wherever members, hosts, guests and clients write text', async () => {
    const { browsers } = w;
    // A profile (Paula's, public): every free-text field, and a trade name.
    const profileForm = forms.get('/profile/edit')!;
    const profile = await browsers.giver.post('/profile/edit', {
      ...profileForm,
      // Her own trade (the form as collected may be another member's, holding trades of theirs).
      trades: w.profileForms.giver.trades!,
      warum: `Weil jede Zahl eine Geschichte erzählt, die jemand verstehen will. ${payload('warum')}`,
      offer: payload('offer'),
      goodReferral: payload('goodref'),
      region: `${payload('region')} ${ATTRIBUTE_BREAKOUT}`,
      newTrade: payload('trade'),
    });
    expect(profile.statusCode, profile.body.slice(0, 300)).toBe(303);

    // A referral (the client's name and need).
    const referral = await giveReferral(
      browsers.giver,
      referralForm(w.people.receiver.member.id, { topic: 'Webdesign', clientName: payload('client'), need: `Braucht eine neue Website. ${payload('need')}` }),
    );
    xss.referralId = referral.id;
    // The client's comment, shared with the group.
    const client = freshBrowser(t.app);
    const token = new URL(referral.link!, ORIGIN).pathname.split('/f/')[1]!;
    const feedback = await client.post(`/f/${token}`, {
      contacted: 'yes',
      speed: 'same_day',
      rating: '5',
      recommend: 'yes',
      comment: payload('comment'),
      consent: 'on',
    });
    expect(feedback.statusCode, feedback.body.slice(0, 300)).toBeLessThan(400);

    // A breakfast agenda (the main one), and a guest who registers with script in every field.
    const edit = await browsers.host.post(`/breakfasts/${w.breakfast.id}/edit`, { ...forms.get('/breakfasts/:id/edit')!, agenda: payload('agenda') });
    expect(edit.statusCode, edit.body.slice(0, 300)).toBe(303);
    const guest = await freshBrowser(t.app).post(`/g/${w.breakfast.guestToken}`, { name: payload('guestname'), trade: payload('guesttrade'), warum: payload('guestwarum') });
    expect(guest.statusCode).toBe(200);
    expect(guest.body).toContain(tags.get('guestname'));

    // A member who joins through an invitation with script in their name.
    const invitee = freshBrowser(t.app);
    const joined = await invitee.post(`/invite/${w.invitationToken}`, { name: payload('invitee'), email: 'skript@example.org', password: PASSWORD, passwordConfirm: PASSWORD });
    expect(joined.statusCode, joined.body.slice(0, 300)).toBe(303);

    // The group's name and city.
    const settings = await browsers.host.post('/host/settings', { ...forms.get('/host/settings')!, name: payload('group'), city: payload('city') });
    expect(settings.statusCode, settings.body.slice(0, 300)).toBe(303);

    // A note on the one-to-one Hanna asked Petra for.
    const noted = await browsers.host.post(`/one-to-ones/${w.oneToOnes.hostAsked}/note`, { note: payload('onetoone') });
    expect(noted.statusCode, noted.body.slice(0, 300)).toBe(303);

    // A new breakfast planned with a script agenda (its own page too).
    const planned = await planBreakfast(browsers.host, { date: '2026-12-17', agenda: payload('agenda2') });
    xss.breakfastId = planned.id;
  }, 120_000);

  it('every page shows it escaped, to every role, and never the raw tag', async () => {
    const pages = t.routes.filter((r) => r.method === 'GET' && !r.url.endsWith('/socket'));
    const [invitee] = await t.database.query<{ slug: string }>("select m.slug from members m join accounts a on a.id = m.account_id where a.email = 'skript@example.org'");
    const extra = [
      `/referrals/${xss.referralId}`,
      `/breakfasts/${xss.breakfastId}`,
      `/breakfasts/${xss.breakfastId}/edit`,
      `/m/${invitee!.slug}`,
      `/m/${w.people.receiver.member.slug}/trust`,
      `/g/${w.breakfast.guestToken}`,
    ];
    const found = new Set<string>();
    let checked = 0;
    for (const role of [...SIGNED_IN, 'guest', 'anonymous'] as WorldRole[]) {
      const browser = await browserAs(t.app, w, role);
      for (const url of [...pages.map((p) => pathFor(p.url, w)), ...extra]) {
        const response = await browser.get(url);
        if (!String(response.headers['content-type'] ?? '').startsWith('text/html')) continue;
        checked++;
        expect(response.body.includes(SCRIPT), `raw <script> on ${url} as ${role}`).toBe(false);
        expect(response.body.includes('<img src=x onerror'), `attribute breakout on ${url} as ${role}`).toBe(false);
        for (const [where, escaped] of tags) if (response.body.includes(escaped)) found.add(where);
      }
    }
    expect(checked).toBeGreaterThan(100);
    // Each stored payload was on some page (escaped): the search looked where the text is shown.
    expect([...tags.keys()].filter((where) => !found.has(where)), 'payloads shown on no page').toEqual([]);
  }, 120_000);
});

describe('hostile input to every state-changing route', () => {
  it('the route list comes from Fastify and the pages render forms for the routes', () => {
    expect(POST_ROUTES.length).toBeGreaterThan(25);
    // A route whose form the scrape did not find is still fuzzed, with foreign fields only.
    expect(forms.size).toBeGreaterThan(15);
  });

  it.each(POST_ROUTES.map((route) => ({ ...route, name: `${route.method} ${route.url}` })))(
    '$name: no 5xx, readable 4xx, nothing written when refused',
    async (route) => {
      const role = roleFor(route);
      const base = pathFor(route.url, w);
      const form = forms.get(route.url) ?? {};
      const params = route.url.split('/').filter((segment) => segment.startsWith(':')).length;
      const errorsBefore = t.errorLogs.length;
      let before = await snapshot(t.database);
      totals.routes++;

      await fc.assert(
        fc.asyncProperty(hostileBody(form), fc.option(hostileString, { freq: 4 }), async (body, hostileParam) => {
          // Sometimes the path parameter itself is hostile (percent-encoded bytes, even invalid UTF-8).
          let url = base;
          if (hostileParam !== null && params > 0) {
            const segments = base.split('/');
            const patternSegments = route.url.split('/');
            const index = patternSegments.findIndex((segment) => segment.startsWith(':'));
            segments[index] = hostileParam.length % 3 === 0 ? `%E0%A4%A${hostileParam.length}` : percentEncoded(hostileParam.slice(0, 300));
            url = segments.join('/');
          }
          const browser = await browserAs(t.app, w, role, true);
          const { payload, contentType } = payloadFor(body);
          const response = await browser.request({
            method: route.method as 'POST',
            url,
            ...(payload === undefined ? {} : { payload }),
            headers: { ...(contentType ? { 'content-type': contentType } : {}), origin: ORIGIN },
          });
          const after = await snapshot(t.database);
          const prior = before;
          before = after;
          totals.cases++;
          const label = `${route.method} ${url.slice(0, 120)} (${body.encoding}) → ${response.statusCode}`;
          if (response.statusCode >= 500) throw new Error(`${label}: server error\n${response.body.slice(0, 300)}`);
          if (response.statusCode >= 400) {
            totals.refused++;
            const problem = readableRefusal(response);
            if (problem) throw new Error(`${label}: ${problem}`);
            const changed = changedTables(prior, after);
            if (changed.length) throw new Error(`${label}: refused, but wrote ${changed.join(', ')}`);
          } else totals.accepted++;
        }),
        { numRuns: RUNS, endOnFailure: true },
      );
      expect(t.errorLogs.slice(errorsBefore), 'errors logged while fuzzing').toEqual([]);
    },
    180_000,
  );
});

describe('cases the fuzz found', () => {
  it('a NUL character in any text field is refused with a message, not a 500 from PostgreSQL, and nothing is written', async () => {
    const before = await snapshot(t.database);
    const guest = await freshBrowser(t.app).post(`/g/${w.breakfast.guestToken}`, { name: 'Gast\u0000Name', trade: 'Fotografie' });
    expect(guest.statusCode).toBe(400);
    expect(readableRefusal(guest)).toBeNull();
    const raw = await freshBrowser(t.app).request({
      method: 'POST',
      url: `/g/${w.breakfast.guestToken}`,
      payload: Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0x05, 0x00, 0x26, 0x74, 0x72, 0x61, 0x64, 0x65, 0x3d, 0x78]),
      headers: { 'content-type': 'application/x-www-form-urlencoded', origin: ORIGIN },
    });
    expect(raw.statusCode).toBe(400);
    const profile = await w.browsers.member.post('/profile/edit', { ...forms.get('/profile/edit')!, region: 'Muster\u0000stadt' });
    expect(profile.statusCode).toBe(400);
    const json = await w.browsers.giver.request({
      method: 'POST',
      url: '/referrals/new',
      payload: JSON.stringify({ ...forms.get('/referrals/new'), need: ['a\u0000b'] }),
      headers: { 'content-type': 'application/json', origin: ORIGIN },
    });
    expect(json.statusCode).toBe(400);
    expect(changedTables(before, await snapshot(t.database))).toEqual([]);
  });
});

describe('hostile query strings on every page', () => {
  const QUERY_KEYS = ['q', 'trade', 'topic', 'next', 'done', 'm', 'saved', 'page', 'sort', 'from', 'to', 'status', 'lang', 'id'];

  it('no GET route answers 5xx or an unreadable refusal, whatever the query string', async () => {
    const pages = t.routes.filter((r) => r.method === 'GET' && !r.url.endsWith('/socket') && !r.url.includes('*'));
    const errorsBefore = t.errorLogs.length;
    let cases = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...pages),
        fc.constantFrom<WorldRole>('host', 'member', 'anonymous'),
        fc.dictionary(fc.oneof(fc.constantFrom(...QUERY_KEYS), fc.string({ maxLength: 8 })), hostileFormValue, { minKeys: 1, maxKeys: 3 }),
        async (page, role, query) => {
          const browser = await browserAs(t.app, w, role);
          const url = `${pathFor(page.url, w)}?${encodeForm(query)}`;
          const response = await browser.get(url);
          cases++;
          const label = `GET ${url.slice(0, 160)} as ${role} → ${response.statusCode}`;
          if (response.statusCode >= 500) throw new Error(`${label}: server error`);
          if (response.statusCode >= 400 && response.statusCode !== 429) {
            const problem = readableRefusal(response);
            if (problem) throw new Error(`${label}: ${problem}`);
          }
        },
      ),
      { numRuns: RUNS * 10, endOnFailure: true },
    );
    totals.cases += cases;
    expect(t.errorLogs.slice(errorsBefore), 'errors logged').toEqual([]);
  }, 180_000);
});
