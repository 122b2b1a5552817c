import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { createDraftsFromPledges } from '../../server/referrals/drafts.js';
import { GUEST_COOKIE } from '../../server/breakfasts/guests.js';
import { type Config, testConfig } from '../../server/config.js';
import { submitFeedback } from '../../server/feedback/service.js';
import { Browser, ORIGIN, testClock, type TestApp } from './app.js';
import { planBreakfast } from './breakfasts.js';
import { openTestDatabase } from './database.js';
import { giveReferral, giveTrade, referralForm } from './referrals.js';
import { seedGroup, seedMember } from './seed.js';

/**
 * Shared by the security suites (fuzz, web security, live authorization): the app with its route
 * list taken from Fastify, a world of two groups with everything a route can act on, a way to fill
 * any route's path parameters, and a fingerprint of the database to prove "nothing written".
 */

export type RouteEntry = { method: string; url: string };

export type SecurityApp = TestApp & {
  /** Every route as Fastify registered it (HEAD twins of GET routes left out). */
  routes: RouteEntry[];
  /** Log lines at level error or worse: a user's bad input must never produce one. */
  errorLogs: string[];
};

export async function createSecurityApp(overrides: Partial<Config> = {}): Promise<SecurityApp> {
  const { database, asOwner, dispose } = await openTestDatabase();
  const clock = testClock();
  const registered: RouteEntry[] = [];
  const errorLogs: string[] = [];
  const app = await buildApp({
    config: testConfig({ trustProxy: true, ...overrides }),
    database,
    clock: clock.now,
    logger: { level: 'error', stream: { write: (line: string) => void errorLogs.push(line) } },
    onRoute: (route) => {
      for (const method of [route.method].flat()) registered.push({ method, url: route.url });
    },
  });
  await app.ready();
  const gets = new Set(registered.filter((r) => r.method === 'GET').map((r) => r.url));
  const routes = registered.filter((r) => !(r.method === 'HEAD' && gets.has(r.url)));
  return {
    app,
    database,
    clock,
    asOwner,
    routes,
    errorLogs,
    async close() {
      await app.close();
      await dispose();
    },
  };
}

export const UNKNOWN_ID = '00000000-0000-4000-8000-000000000000';
export const UNKNOWN_TOKEN = 'abcdefghijkmnpqrstuvwxyz23456789';

export const SIGNED_IN = ['host', 'member', 'giver', 'receiver', 'otherGroup'] as const;
export type SignedInRole = (typeof SIGNED_IN)[number];
export type WorldRole = SignedInRole | 'anonymous' | 'guest';

type Person = Awaited<ReturnType<typeof seedMember>>;

export type World = Awaited<ReturnType<typeof seedWorld>>;

let address = 0;
/** A browser from an address of its own (the app trusts X-Forwarded-For), so rate limits stay per test. */
export function freshBrowser(app: FastifyInstance): Browser {
  address++;
  return new Browser(app, { 'x-forwarded-for': `10.${90 + ((address >> 16) & 7)}.${(address >> 8) & 255}.${address & 255}` });
}

/** A new session for the account, made directly (many log-ins would meet the login limit). */
export async function sessionCookie(app: FastifyInstance, accountId: string): Promise<string> {
  const { token } = await createSession(app.db, accountId, app.clock());
  return token;
}

/**
 * Group A (host Hanna, giver Paula, receiver Petra, member Mia, spare members Sven and Tara) and
 * group B (host Olga). Referrals Paula → Petra (one with the client's private feedback comment),
 * an open invitation and one to revoke, a password link for Tara, two breakfasts (main with a
 * registered guest, spare), a referral draft.
 */
export async function seedWorld(t: TestApp) {
  const { app, database } = t;
  const db = app.db;
  const now = t.clock.now();
  const a = await seedGroup(db, { name: 'Kreis A' });
  const b = await seedGroup(db, { name: 'Kreis B' });
  const people: Record<SignedInRole, Person> & { sven: Person; tara: Person } = {
    host: a.host,
    giver: await seedMember(db, a.group.id, 'Paula Public'),
    receiver: await seedMember(db, a.group.id, 'Petra Privat'),
    member: await seedMember(db, a.group.id, 'Mia Mitglied'),
    sven: await seedMember(db, a.group.id, 'Sven Spare'),
    tara: await seedMember(db, a.group.id, 'Tara Tausch'),
    otherGroup: b.host,
  };
  await giveTrade(database, a.group.id, people.giver.member.id, 'Steuerberatung');
  await giveTrade(database, a.group.id, people.receiver.member.id, 'Webdesign');
  const [web] = await database.query<{ id: string }>("select id from trades where group_id = $1 and name = 'Webdesign'", [a.group.id]);
  await database.query(`insert into member_trades (member_id, trade_id, status) values ($1, $2, 'requested')`, [people.tara.member.id, web!.id]);

  const tokens = {} as Record<SignedInRole, string>;
  for (const role of SIGNED_IN) tokens[role] = await sessionCookie(app, people[role].account.id);
  const browsers = {} as Record<SignedInRole, Browser>;
  for (const role of SIGNED_IN) {
    browsers[role] = freshBrowser(app);
    browsers[role].cookies.set(SESSION_COOKIE, tokens[role]);
  }

  const referral = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Claudia Vertraulich' }));
  const second = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Ralf Zweitkunde' }));
  const answered = await giveReferral(browsers.giver, referralForm(people.receiver.member.id, { topic: 'Webdesign', clientName: 'Bea Beantwortet' }));
  const privateComment = 'Nur unter uns: sehr zuverlässig, Rückruf am selben Tag.';
  await submitFeedback(
    db,
    tokenFrom(answered.link, '/f'),
    { contacted: true, contactSpeed: 'same_day', rating: 5, wouldRecommend: true, comment: privateComment, commentPublic: false },
    now,
  );

  const invited = await browsers.host.post('/host/invitations', { email: 'eingeladen@example.org' });
  const invitationLink = /id="f-link"[^>]*value="([^"]+)"/.exec(invited.body)?.[1];
  await browsers.host.post('/host/invitations', { email: 'zurueckziehen@example.org' });
  const [revocable] = await database.query<{ id: string }>("select id from invitations where email = 'zurueckziehen@example.org'");
  const reset = await browsers.host.post(`/host/members/${people.tara.member.id}/reset-link`, {});
  const resetLink = /id="f-reset-link"[^>]*>([^<]+)</.exec(reset.body)?.[1];

  const main = await planBreakfast(browsers.host);
  const spare = await planBreakfast(browsers.host, { date: '2026-12-10' });
  const guestBrowser = freshBrowser(app);
  const registered = await guestBrowser.post(`/g/${main.guestToken!}`, { name: 'Gustav Gast', trade: 'Fotografie', warum: '' });
  const guestToken = guestBrowser.cookies.get(GUEST_COOKIE);
  if (registered.statusCode !== 200 || !guestToken) throw new Error(`guest registration: ${registered.statusCode}`);
  const [guestRow] = await database.query<{ id: string }>('select id from breakfast_guests where breakfast_id = $1', [main.id]);
  const [draftId] = await db.transaction((tx) =>
    createDraftsFromPledges(
      tx,
      { groupId: a.group.id, breakfastId: main.id, pledges: [{ giverMemberId: people.giver.member.id, receiverMemberId: people.receiver.member.id, note: 'Kundin sucht Webdesign' }] },
      now,
    ),
  );

  // A one-to-one request from Hanna to Petra, when the app has them (best effort: the capability is young).
  let oneToOneId: string | undefined;
  try {
    await browsers.host.post('/one-to-ones/request', { partner: people.receiver.member.id });
    oneToOneId = (await database.query<{ id: string }>('select id from one_to_ones order by created_at limit 1'))[0]?.id;
  } catch {
    oneToOneId = undefined;
  }

  return {
    groupA: a.group.id,
    oneToOneId,
    groupB: b.group.id,
    people,
    tokens,
    browsers,
    referral: { id: referral.id, token: tokenFrom(referral.link, '/f') },
    second: { id: second.id },
    answered: { id: answered.id, comment: privateComment },
    tradeId: web!.id,
    invitationToken: tokenFrom(invitationLink, '/invite'),
    revocableInvitationId: revocable!.id,
    resetToken: tokenFrom(resetLink, '/password/reset'),
    breakfast: { id: main.id, guestToken: main.guestToken! },
    spare: { id: spare.id, guestToken: spare.guestToken! },
    guest: { id: guestRow!.id, token: guestToken },
    draftId: draftId!,
  };
}

function tokenFrom(link: string | null | undefined, prefix: string): string {
  const token = link ? new URL(link, ORIGIN).pathname.split(`${prefix}/`)[1] : undefined;
  if (!token) throw new Error(`no ${prefix} link in ${String(link)}`);
  return token;
}

/** A browser for a role: a fresh address, and the role's session (or guest) cookie. */
export async function browserAs(app: FastifyInstance, world: World, role: WorldRole, fresh = false): Promise<Browser> {
  const browser = freshBrowser(app);
  if (role === 'guest') browser.cookies.set(GUEST_COOKIE, world.guest.token);
  else if (role !== 'anonymous') {
    browser.cookies.set(SESSION_COOKIE, fresh ? await sessionCookie(app, world.people[role].account.id) : world.tokens[role]);
  }
  return browser;
}

/**
 * The concrete path for a route pattern: each parameter filled with something of group A the
 * route can act on. Destructive routes get spare targets (cancel → the spare breakfast, member
 * actions → Sven, referral actions → the second referral), so the main fixtures keep working.
 * A parameter nobody knows yet (a new route) gets an unknown id: the route must still answer well.
 */
export function pathFor(pattern: string, world: World): string {
  const segments = pattern.split('/');
  return segments
    .map((segment, i) => {
      if (segment === '*') return 'css/app.css';
      if (!segment.startsWith(':')) return segment;
      const name = segment.slice(1);
      const before = segments[i - 1] ?? '';
      const after = segments[i + 1] ?? '';
      switch (name) {
        case 'id':
          if (before === 'breakfasts') return ['cancel', 'guest-link'].includes(after) ? world.spare.id : world.breakfast.id;
          if (before === 'referrals') return world.second.id;
          if (before === 'drafts') return world.draftId;
          if (before === 'invitations') return world.revocableInvitationId;
          if (before === 'one-to-ones') return world.oneToOneId ?? UNKNOWN_ID;
          return UNKNOWN_ID;
        case 'token':
          if (before === 'f') return world.referral.token;
          if (before === 'g') return world.breakfast.guestToken;
          if (before === 'invite') return world.invitationToken;
          if (before === 'reset') return world.resetToken;
          return UNKNOWN_TOKEN;
        case 'memberId':
          return pattern.startsWith('/host/trades') ? world.people.tara.member.id : world.people.sven.member.id;
        case 'tradeId':
          return world.tradeId;
        case 'decision':
          return 'refuse';
        case 'action':
          return 'promote';
        case 'slug':
          return world.people.giver.member.slug;
        default:
          return /id$/i.test(name) ? UNKNOWN_ID : 'unbekannt';
      }
    })
    .join('/');
}

/** Who may use a state-changing route (so a request reaches its input handling): the host unless said otherwise. */
const POST_ROLE: Record<string, WorldRole> = {
  'POST /setup': 'anonymous',
  'POST /login': 'anonymous',
  'POST /password/forgot': 'anonymous',
  'POST /password/reset/:token': 'anonymous',
  'POST /invite/:token': 'anonymous',
  'POST /f/:token': 'anonymous',
  'POST /g/:token': 'anonymous',
  'POST /referrals/new': 'giver',
  'POST /referrals/:id/link': 'giver',
  'POST /referrals/:id/erase-client': 'giver',
  'POST /referrals/:id/status': 'receiver',
  'POST /referrals/drafts/:id/dismiss': 'giver',
};

export function roleFor(route: RouteEntry): WorldRole {
  return POST_ROLE[`${route.method} ${route.url}`] ?? 'host';
}

/** Every route that changes state (everything but GET/HEAD/OPTIONS), WebSocket upgrades excluded. */
export function stateChangingRoutes(routes: RouteEntry[]): RouteEntry[] {
  return routes.filter((r) => !['GET', 'HEAD', 'OPTIONS'].includes(r.method));
}

/**
 * Bookkeeping a request may write whatever its input: its own session (refreshed or ended), and the
 * read receipt of notifications about what the page shows (a refused form re-renders the referral,
 * and showing it marks its notifications read). Rate limits live in memory.
 */
const BOOKKEEPING = { tables: ['sessions'], columns: { notifications: ['read_at'] } as Record<string, string[]> };

/** A fingerprint of every table, bookkeeping left out. Equal fingerprints = nothing written. */
export async function snapshot(database: Database, except: string[] = BOOKKEEPING.tables): Promise<Record<string, string>> {
  const tables = await database.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const sql = tables
    .filter((t) => !except.includes(t.name))
    .map((t) => {
      const row = (BOOKKEEPING.columns[t.name] ?? []).reduce((text, column) => `(${text} - '${column}')`, 'to_jsonb(x)');
      return `select '${t.name}' as name, md5(coalesce(string_agg(${row}::text, '|' order by ${row}::text), '')) as h from "${t.name}" x`;
    })
    .join(' union all ');
  const rows = await database.query<{ name: string; h: string }>(sql);
  return Object.fromEntries(rows.map((row) => [row.name, row.h]));
}

/** The tables whose fingerprint differs. */
export function changedTables(before: Record<string, string>, after: Record<string, string>): string[] {
  return Object.keys({ ...before, ...after }).filter((name) => before[name] !== after[name]);
}
