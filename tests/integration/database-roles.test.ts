import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { createTestApp, type TestApp } from '../helpers/app.js';
import { seedGroup } from '../helpers/world/index.js';

/**
 * On PostgreSQL the application never owns the trust ledger: migrations run as the owner, the app
 * as `kreis_app` (a role of its own, or SET ROLE when it was given the owner's URL), so even a
 * hijacked app connection cannot switch the append-only trigger off or drop the table.
 */
const adminUrl = process.env.TEST_DATABASE_URL;

/** What someone holding the app's connection would try, to rewrite history. */
const ATTACKS = [
  'alter table trust_events disable trigger trust_events_no_update_delete',
  'alter table trust_events disable trigger all',
  'drop trigger trust_events_no_update_delete on trust_events',
  'drop table trust_events cascade',
  'alter table trust_events owner to current_user',
  'create or replace function trust_events_reject_change() returns trigger language plpgsql as $$ begin return new; end $$',
];

async function expectLedgerProtected(database: Database) {
  for (const attack of ATTACKS) {
    await expect(database.query(attack), attack).rejects.toThrow(/must be owner|permission denied/);
  }
  await expect(database.query('update trust_events set rating = 5')).rejects.toThrow(/permission denied|append-only/);
  await expect(database.query('delete from trust_events')).rejects.toThrow(/permission denied|append-only/);
  const triggers = await database.query<{ enabled: string }>(
    `select tgenabled as enabled from pg_trigger where tgrelid = 'trust_events'::regclass and not tgisinternal`,
  );
  // The two append-only triggers and the change notice, all still enabled ('O').
  expect(triggers.length).toBeGreaterThanOrEqual(2);
  expect(triggers.filter((t) => t.enabled !== 'O')).toEqual([]);
}

describe.skipIf(!adminUrl)('PostgreSQL: the app role does not own the trust ledger', () => {
  describe('given only the owner’s URL (DATABASE_URL alone), the app still runs as kreis_app', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await createTestApp();
    });
    afterAll(() => t?.close());

    it('runs its queries as kreis_app', async () => {
      const [row] = await t.database.query<{ user: string }>('select current_user as user');
      expect(row!.user).toBe('kreis_app');
    });

    it('cannot disable the append-only trigger, drop it, or drop the table', async () => {
      await expectLedgerProtected(t.database);
    });

    it('still writes and serves pages', async () => {
      await seedGroup(t.app.db);
      expect((await t.app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    });
  });

  describe('with MIGRATION_DATABASE_URL for the owner and DATABASE_URL for a login role in kreis_app', () => {
    const name = `kreis_test_roles_${randomBytes(6).toString('hex')}`;
    const login = 'kreis_test_web';
    let admin: postgres.Sql;
    let database: Database | undefined;
    beforeAll(async () => {
      admin = postgres(adminUrl!, { max: 1, onnotice: () => {} });
      await admin.unsafe(`create database ${name}`);
      const owner = new URL(adminUrl!);
      owner.pathname = `/${name}`;
      // The migrations create kreis_app; the operator's login role joins it (as in the README).
      const migrated = await openDatabase({ url: owner.href, maxConnections: 1 });
      await migrated.close();
      await admin.unsafe(`do $$ begin create role ${login} login in role kreis_app; exception when duplicate_object or unique_violation then null; end $$`);
      const app = new URL(owner.href);
      app.username = login;
      database = await openDatabase({ url: app.href, migrationUrl: owner.href, maxConnections: 2 });
    });
    afterAll(async () => {
      await database?.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    });

    it('connects as the login role, not the owner', async () => {
      const [row] = await database!.query<{ user: string; owner: string }>(
        `select current_user as user, pg_get_userbyid(relowner) as owner from pg_class where oid = 'trust_events'::regclass`,
      );
      expect(row!.user).toBe(login);
      expect(row!.owner).not.toBe(login);
    });

    it('cannot disable the append-only trigger, drop it, or drop the table', async () => {
      await expectLedgerProtected(database!);
    });

    it('the whole app works with the grants kreis_app has', async () => {
      const app = await buildApp({ config: testConfig(), database: database!, logger: false });
      try {
        await seedGroup(database!.db);
        expect((await app.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
        expect((await app.inject({ method: 'GET', url: '/login' })).statusCode).toBe(200);
      } finally {
        await app.close();
      }
    });
  });
});
