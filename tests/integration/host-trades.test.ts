import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, createTestApp, type TestApp, visibleText } from '../helpers/app.js';
import { PASSWORD, seedGroup, seedMember } from '../helpers/world/index.js';

describe('host: trade requests (one seat per trade)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  /** Hans holds "Steuerberatung"; Anja asked for it too and waits for the host. */
  async function groupWithPendingRequest() {
    const { group, host } = await seedGroup(t.app.db);
    const holder = await seedMember(t.app.db, group.id, 'Hans Halter');
    const asker = await seedMember(t.app.db, group.id, 'Anja Anfrage');
    const [trade] = await t.database.query<{ id: string }>(
      "insert into trades (group_id, name) values ($1, 'Steuerberatung') returning id",
      [group.id],
    );
    await t.database.query("insert into member_trades (member_id, trade_id, status) values ($1, $2, 'active'), ($3, $2, 'pending')", [
      holder.member.id,
      trade!.id,
      asker.member.id,
    ]);
    const browser = new Browser(t.app);
    await browser.login(host.email, PASSWORD);
    return { browser, askerId: asker.member.id, tradeId: trade!.id };
  }

  async function seatStatus(memberId: string, tradeId: string) {
    const [row] = await t.database.query<{ status: string }>('select status from member_trades where member_id = $1 and trade_id = $2', [
      memberId,
      tradeId,
    ]);
    return row?.status ?? null;
  }

  it('lists the request with the trade, who asks and who already holds it', async () => {
    const { browser } = await groupWithPendingRequest();
    const page = await browser.get('/host/trades');
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Steuerberatung');
    expect(text).toContain('Angefragt von Anja Anfrage');
    expect(text).toContain('Schon besetzt von Hans Halter');
    expect(text).toContain('Als Ausnahme zulassen');
    expect(visibleText((await browser.get('/host')).body)).toContain('Offene Anfragen für ein schon besetztes Gewerk: 1.');
  });

  it('allowing makes the seat a host-approved exception', async () => {
    const { browser, askerId, tradeId } = await groupWithPendingRequest();
    const response = await browser.post(`/host/trades/${askerId}/${tradeId}/allow`);
    expect(response.statusCode).toBe(303);
    expect(await seatStatus(askerId, tradeId)).toBe('exception');
    const page = await browser.get(response.headers.location as string);
    expect(visibleText(page.body)).toContain('Zugelassen.');
    expect(visibleText(page.body)).toContain('Keine offenen Anfragen.');
  });

  it('refusing removes the request', async () => {
    const { browser, askerId, tradeId } = await groupWithPendingRequest();
    expect((await browser.post(`/host/trades/${askerId}/${tradeId}/refuse`)).statusCode).toBe(303);
    expect(await seatStatus(askerId, tradeId)).toBeNull();
  });

  it('a decided request cannot be decided again; bad ids are 400', async () => {
    const { browser, askerId, tradeId } = await groupWithPendingRequest();
    await browser.post(`/host/trades/${askerId}/${tradeId}/refuse`);
    expect((await browser.post(`/host/trades/${askerId}/${tradeId}/allow`)).statusCode).toBe(404);
    expect((await browser.post(`/host/trades/nope/${tradeId}/allow`)).statusCode).toBe(400);
    expect((await browser.post(`/host/trades/${askerId}/${tradeId}/maybe`)).statusCode).toBe(404);
  });
});
