import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countRows, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { decideTradeRequest, listPendingTradeRequests } from '../../server/members/trades.js';
import { logIn, profileForm, seedGroup, seedMember, tradeId } from '../helpers/world/index.js';

describe('one seat per trade', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** A group where Anna Berger already holds Steuerberatung, and Carla wants to join in. */
  async function groupWithTaxAdvisor(options: { oneSeatPerTrade?: boolean } = {}) {
    const { group, host } = await seedGroup(t.app.db);
    if (options.oneSeatPerTrade === false) await t.database.query('update groups set one_seat_per_trade = false where id = $1', [group.id]);
    const anna = await seedMember(t.app.db, group.id, 'Anna Berger');
    const annaBrowser = await logIn(t.app, anna.email);
    expect((await annaBrowser.post('/profile/edit', profileForm({ newTrade: 'Steuerberatung' }))).statusCode).toBe(303);
    const carla = await seedMember(t.app.db, group.id, 'Carla Christ');
    const carlaBrowser = await logIn(t.app, carla.email);
    const tax = await tradeId(t.database, group.id, 'Steuerberatung');
    return { group, host, anna, carla, carlaBrowser, tax };
  }

  const statusOf = async (memberId: string, trade: string) =>
    (await t.database.query<{ status: string }>('select status from member_trades where member_id = $1 and trade_id = $2', [memberId, trade]))[0]
      ?.status;

  it('the editor says who holds a trade', async () => {
    const { carlaBrowser } = await groupWithTaxAdvisor();
    const editor = visibleText((await carlaBrowser.get('/profile/edit')).body);
    expect(editor).toContain('Steuerberatung vergeben an Anna Berger');
    expect(editor).toContain('In eurer Gruppe hat jedes Gewerk einen Platz.');
  });

  it('picking a taken trade warns with the colleague’s name and saves nothing', async () => {
    const { carla, carlaBrowser, tax } = await groupWithTaxAdvisor();
    const response = await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax], region: 'Oststadt' }));
    expect(response.statusCode).toBe(409);
    const text = visibleText(response.body);
    expect(text).toContain('Steuerberatung hat in eurer Gruppe bereits Anna Berger.');
    expect(text).toContain('Trotzdem beantragen – die Gastgeberinnen und Gastgeber entscheiden');
    expect(response.body).toContain('value="Oststadt"');
    expect(response.body).toMatch(new RegExp(`value="${tax}" checked`));
    expect(await countRows(t.database, 'member_trades', 'member_id = $1', [carla.member.id])).toBe(0);
    const [row] = await t.database.query<{ region: string }>('select region from members where id = $1', [carla.member.id]);
    expect(row!.region).toBe('');
  });

  it('typing the taken trade as a "new" one is the same conflict, and adds no duplicate', async () => {
    const { group, carlaBrowser } = await groupWithTaxAdvisor();
    const response = await carlaBrowser.post('/profile/edit', profileForm({ newTrade: 'steuerberatung' }));
    expect(response.statusCode).toBe(409);
    expect(visibleText(response.body)).toContain('Steuerberatung hat in eurer Gruppe bereits Anna Berger.');
    expect(await countRows(t.database, 'trades', 'group_id = $1', [group.id])).toBe(1);
  });

  it('requesting anyway saves the profile; the trade waits for the hosts and is shown as waiting', async () => {
    const { group, carla, carlaBrowser, tax } = await groupWithTaxAdvisor();
    const response = await carlaBrowser.post(
      '/profile/edit',
      profileForm({ trades: [tax], newTrade: 'Buchhaltung', region: 'Oststadt', requestAnyway: 'on' }),
    );
    expect(response.statusCode).toBe(303);
    expect(await statusOf(carla.member.id, tax)).toBe('pending');
    expect(await statusOf(carla.member.id, await tradeId(t.database, group.id, 'Buchhaltung'))).toBe('active');

    const editor = visibleText((await carlaBrowser.get('/profile/edit')).body);
    expect(editor).toContain('wartet auf Entscheidung der Gastgeberinnen und Gastgeber');
    // A pending trade is not shown as held on the profile or the roster.
    const roster = visibleText((await carlaBrowser.get('/roster')).body);
    expect(roster.match(/Steuerberatung/g)).toHaveLength(1);

    // Saving again keeps the request waiting without a new warning.
    const again = await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax, await tradeId(t.database, group.id, 'Buchhaltung')] }));
    expect(again.statusCode).toBe(303);
    expect(await statusOf(carla.member.id, tax)).toBe('pending');
  });

  it('the host decides: allow makes an exception, refuse removes the request', async () => {
    const { group, carla, carlaBrowser, tax } = await groupWithTaxAdvisor();
    await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax], requestAnyway: 'on' }));
    const requests = await listPendingTradeRequests(t.app.db, group.id);
    expect(requests).toEqual([
      expect.objectContaining({ memberId: carla.member.id, memberName: 'Carla Christ', tradeName: 'Steuerberatung', holderNames: ['Anna Berger'] }),
    ]);

    await decideTradeRequest(t.app.db, { groupId: group.id, memberId: carla.member.id, tradeId: tax, allow: true }, t.clock.now());
    expect(await statusOf(carla.member.id, tax)).toBe('exception');
    expect(await listPendingTradeRequests(t.app.db, group.id)).toEqual([]);
    await expect(decideTradeRequest(t.app.db, { groupId: group.id, memberId: carla.member.id, tradeId: tax, allow: false }, t.clock.now())).rejects.toThrow();

    const dora = await seedMember(t.app.db, group.id, 'Dora Dreier');
    await (await logIn(t.app, dora.email)).post('/profile/edit', profileForm({ trades: [tax], requestAnyway: 'on' }));
    const [pending] = await listPendingTradeRequests(t.app.db, group.id);
    expect(pending!.holderNames).toEqual(['Anna Berger', 'Carla Christ']);
    const other = await seedGroup(t.app.db);
    await expect(decideTradeRequest(t.app.db, { groupId: other.group.id, memberId: dora.member.id, tradeId: tax, allow: true }, t.clock.now())).rejects.toThrow();
    await decideTradeRequest(t.app.db, { groupId: group.id, memberId: dora.member.id, tradeId: tax, allow: false }, t.clock.now());
    expect(await statusOf(dora.member.id, tax)).toBeUndefined();
  });

  it('two members taking one free seat at the same moment: one gets it, the other is warned', async () => {
    const { group, carla, carlaBrowser } = await groupWithTaxAdvisor();
    const [photo] = await t.database.query<{ id: string }>("insert into trades (group_id, name) values ($1, 'Fotografie') returning id", [group.id]);
    const dora = await seedMember(t.app.db, group.id, 'Dora Dreier');
    const doraBrowser = await logIn(t.app, dora.email);
    const responses = await Promise.all([
      carlaBrowser.post('/profile/edit', profileForm({ trades: [photo!.id] })),
      doraBrowser.post('/profile/edit', profileForm({ trades: [photo!.id] })),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([303, 409]);
    expect(await countRows(t.database, 'member_trades', 'trade_id = $1', [photo!.id])).toBe(1);
    expect([await statusOf(carla.member.id, photo!.id), await statusOf(dora.member.id, photo!.id)].sort()).toEqual(['active', undefined]);
  });

  it('an inactive member’s seat is free again', async () => {
    const { anna, carla, carlaBrowser, tax } = await groupWithTaxAdvisor();
    await t.database.query('update members set active = false where id = $1', [anna.member.id]);
    expect((await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax] }))).statusCode).toBe(303);
    expect(await statusOf(carla.member.id, tax)).toBe('active');
  });

  it('without the policy any trade is simply active', async () => {
    const { carla, carlaBrowser, tax } = await groupWithTaxAdvisor({ oneSeatPerTrade: false });
    const editor = visibleText((await carlaBrowser.get('/profile/edit')).body);
    expect(editor).not.toContain('vergeben an');
    const response = await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax] }));
    expect(response.statusCode).toBe(303);
    expect(await statusOf(carla.member.id, tax)).toBe('active');
  });

  it('unticking a trade gives up the seat', async () => {
    const { group, anna, carla, carlaBrowser, tax } = await groupWithTaxAdvisor();
    const annaBrowser = await logIn(t.app, anna.email);
    await annaBrowser.post('/profile/edit', profileForm({ newTrade: 'Lohnbuchhaltung' }));
    expect(await statusOf(anna.member.id, tax)).toBeUndefined();
    expect(await statusOf(anna.member.id, await tradeId(t.database, group.id, 'Lohnbuchhaltung'))).toBe('active');
    expect((await carlaBrowser.post('/profile/edit', profileForm({ trades: [tax] }))).statusCode).toBe(303);
    expect(await statusOf(carla.member.id, tax)).toBe('active');
  });
});
