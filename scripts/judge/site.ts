/**
 * The site the judges look at: the app on a scratch in-memory PGlite database with the demo group
 * (scripts/demo-seed.ts), a breakfast happening now for the live room, and the links only a host
 * or a giver can make (an invitation, a password link, a client's feedback link) made through the
 * app's own forms. Then the list of page types, with who sees each.
 */
import { openDatabase } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { loadConfig } from '../../server/config.js';
import { rebuildAllAggregates } from '../../server/directory/projection.js';
import { randomToken, sha256Hex } from '../../server/shared/tokens.js';
import { DEMO_MEMBERS, DEMO_PASSWORD, demoEmail } from '../demo-data.js';
import { seedDemoGroup } from '../demo-seed.js';
import { freePort } from '../lib/server-process.js';
import { SiteClient } from '../lib/site-client.js';

export type Role = 'anonymous' | 'member' | 'host';
export type PageType = {
  name: string;
  role: Role;
  path: string;
  /** 200 unless told (error pages). */
  status?: number;
  /** Also measured with Lighthouse. */
  lighthouse?: boolean;
  /** Meant for search engines: SEO must be 100 (otherwise it is `noindex` and only printed). */
  public?: boolean;
};

export type Site = Awaited<ReturnType<typeof startSite>>;

const UNKNOWN_TOKEN = 'abcdefghijkmnpqrstuvwxyz23456789';

function must<T>(value: T | null | undefined, what: string): T {
  if (value === null || value === undefined) throw new Error(`judge: ${what} not found`);
  return value;
}

export async function startSite() {
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ ...process.env, DATABASE_URL: '', SMTP_URL: '', PORT: String(port), HOST: '127.0.0.1', PUBLIC_URL: baseUrl, TRUST_PROXY: 'true', LOG_LEVEL: 'warn' });
  const database = await openDatabase({ dataDir: 'memory://' });
  const now = new Date();
  await seedDemoGroup(database.db, now);
  await rebuildAllAggregates(database.db);
  const app = await buildApp({ config, database });
  await app.listen({ port, host: '127.0.0.1' });

  const hostData = must(DEMO_MEMBERS.find((m) => m.role === 'host'), 'the demo host');
  const memberData = must(DEMO_MEMBERS.find((m) => m.role === 'member'), 'a demo member');
  const host = new SiteClient(baseUrl);
  const member = new SiteClient(baseUrl);
  await host.login(demoEmail(hostData.name), DEMO_PASSWORD);
  await member.login(demoEmail(memberData.name), DEMO_PASSWORD);

  const row = async (sql: string, params: unknown[] = []) => must((await database.query<Record<string, string>>(sql, params))[0], sql);
  const memberRow = await row('select m.id, m.slug, m.group_id from members m join accounts a on a.id = m.account_id where a.email = $1', [demoEmail(memberData.name)]);
  const hostRow = await row('select m.id from members m join accounts a on a.id = m.account_id where a.email = $1', [demoEmail(hostData.name)]);
  const colleague = await row("select id, slug from members where group_id = $1 and id <> $2 and id <> $3 and active order by slug limit 1", [memberRow.group_id, memberRow.id, hostRow.id]);
  const planned = await row('select id from breakfasts where group_id = $1 and starts_at > now() and cancelled_at is null order by starts_at limit 1', [memberRow.group_id]);
  // A breakfast happening now: the live room.
  const live = await row('insert into breakfasts (group_id, starts_at, guest_token_hash, created_by) values ($1, $2, $3, $4) returning id', [
    memberRow.group_id,
    new Date(now.getTime() - 5 * 60_000).toISOString(),
    sha256Hex(randomToken(32)),
    hostRow.id,
  ]);
  app.freshness.bump();

  // The links a host and a giver make, through the forms.
  const invited = await host.post('/host/invitations', { email: `judge-${Date.now()}@example.org` });
  const invitation = must(/\/invite\/([A-Za-z0-9_-]+)/.exec(invited.body)?.[1], `an invitation link (${invited.status})`);
  const reset = await host.post(`/host/members/${colleague.id}/reset-link`, {});
  const resetToken = must(/\/password\/reset\/([A-Za-z0-9_-]+)/.exec(reset.body)?.[1], `a password link (${reset.status})`);
  const given = await member.post('/referrals/new', {
    receiver: colleague.id!,
    topic: 'Website für ein Café',
    clientName: 'Klara Kundin',
    clientEmail: 'klara@example.org',
    clientPhone: '',
    need: 'Braucht eine neue Website für ihr Café, mit Speisekarte und Tischreservierung.',
    warmth: '4',
    consent: 'on',
  });
  const linkPage = await member.get(must(given.location, `a referral (${given.status}: ${given.body.slice(0, 300)})`));
  const feedbackToken = must(/\/f\/([A-Za-z0-9_-]+)/.exec(linkPage.body)?.[1], 'the feedback link');

  const pages: PageType[] = [
    { name: 'login', role: 'anonymous', path: '/login', lighthouse: true, public: true },
    { name: 'password forgotten', role: 'anonymous', path: '/password/forgot', public: true },
    { name: 'password reset', role: 'anonymous', path: `/password/reset/${resetToken}` },
    { name: 'invitation', role: 'anonymous', path: `/invite/${invitation}` },
    { name: 'feedback (client)', role: 'anonymous', path: `/f/${feedbackToken}`, lighthouse: true },
    { name: 'profile', role: 'member', path: `/m/${colleague.slug}`, lighthouse: true },
    { name: 'own profile', role: 'member', path: `/m/${memberRow.slug}` },
    { name: 'profile editor', role: 'member', path: '/profile/edit' },
    { name: 'roster', role: 'member', path: '/roster' },
    { name: 'directory', role: 'member', path: '/directory', lighthouse: true },
    { name: 'directory search', role: 'member', path: `/directory?${new URLSearchParams({ q: 'Website für mein Café' })}` },
    { name: 'trust page', role: 'member', path: `/m/${colleague.slug}/trust`, lighthouse: true },
    { name: 'referral form', role: 'member', path: '/referrals/new' },
    { name: 'referrals', role: 'member', path: '/referrals' },
    { name: 'notifications', role: 'member', path: '/notifications' },
    { name: 'one-to-ones', role: 'member', path: '/one-to-ones' },
    { name: 'account', role: 'member', path: '/account' },
    { name: 'breakfasts', role: 'member', path: '/breakfasts' },
    { name: 'breakfast', role: 'member', path: `/breakfasts/${planned.id}` },
    { name: 'live room (member)', role: 'member', path: `/breakfasts/${live.id}/live`, lighthouse: true },
    { name: 'live room (host)', role: 'host', path: `/breakfasts/${live.id}/live` },
    { name: 'host', role: 'host', path: '/host' },
    { name: 'host: members', role: 'host', path: '/host/members' },
    { name: 'host: invitations', role: 'host', path: '/host/invitations' },
    { name: 'host: settings', role: 'host', path: '/host/settings' },
    { name: 'host: trades', role: 'host', path: '/host/trades' },
    { name: 'host: health', role: 'host', path: '/host/health' },
    { name: 'host: breakfast edit', role: 'host', path: `/breakfasts/${planned.id}/edit` },
    { name: 'insights', role: 'member', path: '/insights' },
    { name: 'offline page', role: 'anonymous', path: '/offline.html' },
    { name: 'error 404', role: 'member', path: '/m/niemand-hier', status: 404 },
    { name: 'error 404 (signed out)', role: 'anonymous', path: '/gibt-es-nicht', status: 404 },
    { name: 'error 404 (unknown feedback link)', role: 'anonymous', path: `/f/${UNKNOWN_TOKEN}`, status: 404 },
    // A search for a trade id that is none: the form comes back with its message (one-time notice flags
    // such as ?created= are ignored when bad, so they make no error page).
    { name: 'error 400 (a bad search)', role: 'member', path: '/directory?trade=kein-gewerk', status: 400 },
    { name: 'error 400 (broken URL)', role: 'anonymous', path: '/m/%E0%A4%A', status: 400 },
  ];

  const clients: Record<Role, SiteClient> = { anonymous: new SiteClient(baseUrl), member, host };
  return {
    baseUrl,
    pages,
    /** The Cookie header a role's browser sends. */
    cookieHeader(role: Role): string {
      return [...clients[role].cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    },
    fetchPage: (page: PageType) => clients[page.role].get(page.path),
    async close() {
      await app.close();
      await database.close();
    },
  };
}
