import type { FastifyInstance } from 'fastify';
import type { Database } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { type Config, testConfig } from '../../server/config.js';
import { type Browser, testClock, type TestApp } from './app.js';
import { openTestDatabase } from './database.js';
import { freshBrowser, guestBrowser, sessionBrowser, type SignedInRole, type World } from './world/index.js';

/**
 * Shared by the suites that try every route (authorization, fuzz, web security, live authorization):
 * the app with its route list taken from Fastify, a way to fill any route's path parameters with
 * something of the standard world (world/standard.ts), and a fingerprint of the database to prove
 * "nothing written".
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

export type WorldRole = SignedInRole | 'anonymous' | 'guest';

/** A browser for a role: a fresh address, and the role's session (or guest) cookie. */
export async function browserAs(app: FastifyInstance, world: World, role: WorldRole, fresh = false): Promise<Browser> {
  if (role === 'guest') return guestBrowser(app, world.guest.token);
  if (role === 'anonymous') return freshBrowser(app);
  return sessionBrowser(app, world.people[role].account.id, fresh ? undefined : world.tokens[role]);
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
          if (before === 'one-to-ones') return world.oneToOnes.hostAsked;
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
          return world.trades.web;
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
 * Bookkeeping a request may write whatever its input: its own session (refreshed or ended), the
 * sighting of a signed-in member's device (server/signals, once an hour) with the installation's
 * hash key made on first use, and the read receipt of notifications about what the page shows (a
 * refused form re-renders the referral, and showing it marks its notifications read). Rate limits
 * live in memory. The jobs registry's `job_runs` is written by periodic jobs on their own timer.
 */
const BOOKKEEPING = {
  tables: ['sessions', 'device_sightings', 'installation_secrets', 'job_runs'],
  columns: { notifications: ['read_at'] } as Record<string, string[]>,
};

/**
 * A fingerprint of every table, bookkeeping left out. Equal fingerprints = nothing written.
 * `strict`: only the sessions are left out; whether a notification was read counts too.
 */
export async function snapshot(database: Database, options: { strict?: boolean } = {}): Promise<Record<string, string>> {
  const except = BOOKKEEPING.tables;
  const ignoredColumns = options.strict ? {} : BOOKKEEPING.columns;
  const tables = await database.query<{ name: string }>(
    `select table_name as name from information_schema.tables
     where table_schema = 'public' and table_type = 'BASE TABLE' order by 1`,
  );
  const sql = tables
    .filter((t) => !except.includes(t.name))
    .map((t) => {
      const row = (ignoredColumns[t.name] ?? []).reduce((text, column) => `(${text} - '${column}')`, 'to_jsonb(x)');
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
