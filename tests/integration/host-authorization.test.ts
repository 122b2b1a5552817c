import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * Every host route, for every kind of visitor: anonymous visitors are sent to the login page (GET)
 * or refused (POST), members get 403, and a host of another group gets 404 for anything that names
 * a member or trade of this group.
 */
type Target = { memberId: string; tradeId: string };
type Route = { method: 'GET' | 'POST'; url: (target: Target) => string; form?: Record<string, string> };

const settingsForm = { name: 'Gekapert', city: 'X', locale: 'en', secondsPerIntro: '60', responseDeadlineDays: '2' };

const routes: Route[] = [
  { method: 'GET', url: () => '/host' },
  { method: 'GET', url: () => '/host/members' },
  { method: 'GET', url: () => '/host/settings' },
  { method: 'GET', url: () => '/host/outbox' },
  { method: 'GET', url: () => '/host/trades' },
  { method: 'POST', url: () => '/host/settings', form: settingsForm },
  ...['promote', 'demote', 'deactivate', 'reactivate', 'reset-link'].map(
    (action): Route => ({ method: 'POST', url: (t) => `/host/members/${t.memberId}/${action}` }),
  ),
  ...['allow', 'refuse'].map((decision): Route => ({ method: 'POST', url: (t) => `/host/trades/${t.memberId}/${t.tradeId}/${decision}` })),
];
const routesNamingThisGroup = routes.filter((route) => route.url({ memberId: 'M', tradeId: 'T' }).includes('M'));

describe('host routes: who may use them', () => {
  let t: TestApp;
  let target: Target;
  let groupId: string;
  let memberBrowser: Browser;
  let otherHostBrowser: Browser;

  beforeAll(async () => {
    t = await createTestApp();
    const { group } = await seedGroup(t.app.db);
    groupId = group.id;
    const holder = await seedMember(t.app.db, group.id, 'Hans Halter');
    const asker = await seedMember(t.app.db, group.id, 'Anja Anfrage');
    const [trade] = await t.database.query<{ id: string }>("insert into trades (group_id, name) values ($1, 'Webdesign') returning id", [group.id]);
    await t.database.query("insert into member_trades (member_id, trade_id, status) values ($1, $2, 'active'), ($3, $2, 'pending')", [
      holder.member.id,
      trade!.id,
      asker.member.id,
    ]);
    target = { memberId: asker.member.id, tradeId: trade!.id };

    memberBrowser = new Browser(t.app);
    await memberBrowser.login(holder.email, PASSWORD);
    const other = await seedGroup(t.app.db);
    otherHostBrowser = new Browser(t.app);
    await otherHostBrowser.login(other.host.email, PASSWORD);
  });
  afterAll(() => t.close());

  const send = (browser: Browser, route: Route) =>
    route.method === 'GET' ? browser.get(route.url(target)) : browser.post(route.url(target), route.form ?? {});

  async function unchanged() {
    const [group] = await t.database.query<{ name: string }>('select name from groups where id = $1', [groupId]);
    const [asker] = await t.database.query<{ role: string; active: boolean }>('select role, active from members where id = $1', [target.memberId]);
    const [seat] = await t.database.query<{ status: string }>('select status from member_trades where member_id = $1', [target.memberId]);
    const resets = await t.database.query('select 1 from password_resets');
    expect(group?.name).not.toBe('Gekapert');
    expect(asker).toEqual({ role: 'member', active: true });
    expect(seat?.status).toBe('pending');
    expect(resets).toHaveLength(0);
  }

  it.each(routes.map((route) => [route.method, route.url({ memberId: ':memberId', tradeId: ':tradeId' }), route] as const))(
    'anonymous %s %s → login',
    async (method, _label, route) => {
      const response = await send(new Browser(t.app), route);
      if (method === 'GET') {
        expect(response.statusCode).toBe(303);
        expect(response.headers.location).toMatch(/^\/login\?next=/);
      } else {
        expect(response.statusCode).toBe(401);
      }
      await unchanged();
    },
  );

  it.each(routes.map((route) => [route.method, route.url({ memberId: ':memberId', tradeId: ':tradeId' }), route] as const))(
    'member %s %s → 403',
    async (_method, _label, route) => {
      const response = await send(memberBrowser, route);
      expect(response.statusCode).toBe(403);
      await unchanged();
    },
  );

  it.each(routesNamingThisGroup.map((route) => [route.url({ memberId: ':memberId', tradeId: ':tradeId' }), route] as const))(
    'host of another group POST %s → 404',
    async (_label, route) => {
      const response = await send(otherHostBrowser, route);
      expect(response.statusCode).toBe(404);
      await unchanged();
    },
  );

  it('a host of another group sees only their own group on the pages without ids', async () => {
    const members = await otherHostBrowser.get('/host/members');
    expect(members.statusCode).toBe(200);
    expect(members.body).not.toContain('Anja Anfrage');
    const trades = await otherHostBrowser.get('/host/trades');
    expect(trades.body).not.toContain('Anja Anfrage');
  });
});
