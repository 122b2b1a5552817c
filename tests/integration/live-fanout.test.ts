import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { countRows, testClock } from '../helpers/app.js';
import { LiveClient, memberCookie, wsUrl } from '../helpers/live.js';
import { insertBreakfast, insertGuest, seedGroup, seedMember } from '../helpers/world/index.js';

/**
 * Two app instances, each with its own connection pool, on one PostgreSQL database: the round
 * lives in the database and LISTEN/NOTIFY carries every change to the other instance's sockets.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('the live round across two instances on one PostgreSQL', () => {
  const adminUrl = process.env.TEST_DATABASE_URL ?? '';
  const name = `kreis_test_${randomBytes(6).toString('hex')}`;
  let admin: postgres.Sql;
  const clock = testClock(new Date());
  let databases: Database[] = [];
  let a: FastifyInstance;
  let b: FastifyInstance;

  beforeAll(async () => {
    admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
    await admin.unsafe(`create database ${name}`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    databases = [await openDatabase({ url: url.href, maxConnections: 5 }), await openDatabase({ url: url.href, maxConnections: 5 })];
    const start = async (database: Database) => {
      const app = await buildApp({ config: testConfig(), database, clock: clock.now, logger: false });
      await app.listen({ port: 0, host: '127.0.0.1' });
      return app;
    };
    a = await start(databases[0]!);
    b = await start(databases[1]!);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    await Promise.all(databases.map((database) => database.close()));
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });

  it('a host on instance A steers the round an attendee on instance B sees, presence included', async () => {
    const db = databases[0]!.db;
    const { group, host } = await seedGroup(db);
    const anna = await seedMember(db, group.id, 'Anna Arndt');
    const breakfastId = await insertBreakfast(databases[0]!, group.id, host.member.id);
    const guest = await insertGuest(databases[0]!, breakfastId, 'Gisela Gast');

    const hostOnA = await LiveClient.connect(wsUrl(a, breakfastId), await memberCookie(a, host.account.id));
    await hostOnA.waitForState(() => true);
    const annaOnB = await LiveClient.connect(wsUrl(b, breakfastId), await memberCookie(b, anna.account.id));
    await annaOnB.waitForState(() => true);
    const giselaOnB = await LiveClient.connect(wsUrl(b, breakfastId), guest.cookie);
    await giselaOnB.waitForState(() => true);

    // The host on A learns through B's announcements who is in the room over there.
    const everyone = new Set([host.member.id, anna.member.id, guest.id]);
    await hostOnA.waitFor((m) => m.type === 'presence' && new Set(m.online as string[]).size === 3);
    const presence = hostOnA.messages.filter((m) => m.type === 'presence').at(-1);
    expect(new Set(presence!.online as string[])).toEqual(everyone);

    hostOnA.command({ type: 'start', mode: 'guests_last', secondsEach: 40 });
    const started = await annaOnB.waitForState((m) => m.view.version === 1);
    expect(started.view.currentSpeakerId).toBe(anna.member.id);
    expect(started.view.speakers).toEqual([anna.member.id, host.member.id, guest.id]);

    hostOnA.command({ type: 'next' });
    const next = await giselaOnB.waitForState((m) => m.view.version === 2);
    expect(next.view.currentSpeakerId).toBe(host.member.id);
    // Instance B sends the unchanged order as one letter per speaker, without the ids again.
    expect(next.view).toMatchObject({ slots: 'dpp', speakersKey: started.view.speakersKey });
    expect(next.view).not.toHaveProperty('speakers');

    // Back the other way: a pledge made on B reaches the speaker on A.
    annaOnB.send({ v: 2, type: 'pledge', forAttendeeId: host.member.id });
    const pledged = await hostOnA.waitForState((m) => m.view.version === 3);
    expect(pledged.personal?.pledgesReceived).toHaveLength(1);

    await Promise.all([hostOnA.close(), annaOnB.close(), giselaOnB.close()]);
  });

  it('two hosts ending the round at once on two instances: one end is stored, the other is refused', async () => {
    const db = databases[0]!.db;
    const { group, host } = await seedGroup(db);
    const cohost = await seedMember(db, group.id, 'Carla Cohost', 'host');
    const breakfastId = await insertBreakfast(databases[0]!, group.id, host.member.id);
    const onA = await LiveClient.connect(wsUrl(a, breakfastId), await memberCookie(a, host.account.id));
    await onA.waitForState(() => true);
    const onB = await LiveClient.connect(wsUrl(b, breakfastId), await memberCookie(b, cohost.account.id));
    await onB.waitForState(() => true);
    onA.command({ type: 'start', mode: 'roster', secondsEach: 30 });
    await onB.waitForState((m) => m.view.version === 1);

    const fromA = onA.messages.length;
    const fromB = onB.messages.length;
    onA.command({ type: 'end' });
    onB.command({ type: 'end' });
    await onA.waitForState((m) => m.view.status === 'ended', fromA);
    await onB.waitForState((m) => m.view.status === 'ended', fromB);
    // The loser's refusal may reach its socket after the announcement of the other end.
    const isError = (m: { type: string }) => m.type === 'error';
    await Promise.any([onA.waitFor(isError, fromA), onB.waitFor(isError, fromB)]);
    const refusals = [...onA.messages.slice(fromA), ...onB.messages.slice(fromB)].filter((m) => m.type === 'error');
    expect(refusals).toEqual([{ v: 2, type: 'error', code: 'ended' }]);
    expect(await countRows(databases[0]!, 'round_events', 'breakfast_id = $1', [breakfastId])).toBe(2);
    await Promise.all([onA.close(), onB.close()]);
  });
});
