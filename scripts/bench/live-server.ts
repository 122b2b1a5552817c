/**
 * One app instance for the live-round benchmark, in a process of its own so that its memory and
 * event loop are measured apart from the thousand benchmark clients. Driven by live-round.ts over
 * IPC: `start` (open the database, optionally seed the room, listen) → `ready`; `rss` → `rss`;
 * `stop`. Not meant to be run by hand.
 */
import type { AddressInfo } from 'node:net';
import type { Database } from '../../db/client.js';
import { openDatabase } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { testConfig } from '../../server/config.js';
import { randomToken, sha256Hex } from '../../server/shared/tokens.js';
import { seedBenchGroup } from './seed-members.js';

export type StartMessage = { type: 'start'; url?: string; dataDir?: string; seedAttendees?: number };
export type Fixture = { breakfastId: string; hostCookie: string; attendeeCookies: string[]; speakers: number };
export type ReadyMessage = { type: 'ready'; port: number; fixture: Fixture | null };

/** A room with `attendees` members plus a host, and a round already started with the first 200 as speakers. */
async function seedRoom(database: Database, attendees: number): Promise<Fixture> {
  const { groupId } = await seedBenchGroup(database, attendees + 1, `live${Date.now()}`);
  const people = await database.query<{ id: string; account_id: string; role: string }>(
    'select id, account_id, role from members where group_id = $1 order by slug',
    [groupId],
  );
  const host = people.find((p) => p.role === 'host')!;
  const others = people.filter((p) => p !== host);
  const [breakfast] = await database.query<{ id: string }>(
    'insert into breakfasts (group_id, starts_at, guest_token_hash, created_by) values ($1, now(), $2, $3) returning id',
    [groupId, sha256Hex(randomToken(32)), host.id],
  );
  const now = new Date();
  const cookie = async (accountId: string) => `${SESSION_COOKIE}=${(await createSession(database.db, accountId, now)).token}`;
  const attendeeCookies: string[] = [];
  for (const person of others) attendeeCookies.push(await cookie(person.account_id));
  // A thousand people are more than one round's 200 speakers: the round is seeded with the first 200.
  const order = others.slice(0, 200).map((p) => p.id);
  await database.query('insert into round_events (breakfast_id, seq, event) values ($1, 0, $2)', [
    breakfast!.id,
    JSON.stringify({ type: 'round_started', at: now.getTime(), by: host.id, order, secondsEach: 60 }),
  ]);
  return { breakfastId: breakfast!.id, hostCookie: await cookie(host.account_id), attendeeCookies, speakers: order.length };
}

process.on('message', async (message: StartMessage | { type: 'rss' } | { type: 'stop' }) => {
  if (message.type === 'start') {
    const database = await openDatabase({ url: message.url, dataDir: message.dataDir, maxConnections: 10 });
    const fixture = message.seedAttendees ? await seedRoom(database, message.seedAttendees) : null;
    const app = await buildApp({ config: testConfig(), database, logger: false });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const ready: ReadyMessage = { type: 'ready', port: (app.server.address() as AddressInfo).port, fixture };
    process.send?.(ready);
    process.once('disconnect', () => void app.close().then(() => database.close()).finally(() => process.exit(0)));
  } else if (message.type === 'rss') {
    process.send?.({ type: 'rss', mb: Math.round(process.memoryUsage().rss / 1024 / 1024) });
  } else if (message.type === 'stop') {
    process.disconnect();
  }
});
