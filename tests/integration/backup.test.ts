import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import postgres from 'postgres';
import { afterAll, describe, expect, it } from 'vitest';
import { type Database, openDatabase } from '../../db/client.js';
import { DataDirInUseError } from '../../db/data-dir-lock.js';
import { buildApp } from '../../server/app.js';
import { testConfig } from '../../server/config.js';
import { verifyLedger } from '../../server/ledger/verify.js';
import { BackupError, backup, restore, type Store, tableCounts } from '../../scripts/lib/backup.js';
import { createScratchPostgres } from '../../scripts/lib/scratch-postgres.js';
import { testClock, type TestApp } from '../helpers/app.js';
import { buildWorld } from '../helpers/world/index.js';

const dir = mkdtempSync(join(tmpdir(), 'kreis-backup-'));
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
  rmSync(dir, { recursive: true, force: true });
});

/** The standard world (two groups, members, referrals, feedback, breakfasts) on `database`. */
async function populate(database: Database) {
  const clock = testClock();
  const app = await buildApp({ config: testConfig(), database, clock: clock.now, logger: false });
  await app.ready();
  const t: TestApp = { app, database, clock, asOwner: (text, params) => database.query(text, params), close: () => app.close() };
  await buildWorld(t);
  await app.close();
}

/** Every table's rows, as the owner (on PostgreSQL the app's role may not read drizzle's schema). */
async function countRows(store: Store, database: Database) {
  if (!('url' in store)) return tableCounts((text) => database.query(text));
  const owner = postgres(store.url, { max: 1, onnotice: () => {} });
  try {
    return await tableCounts((text) => owner.unsafe(text) as Promise<Record<string, unknown>[]>);
  } finally {
    await owner.end({ timeout: 5 });
  }
}

type Driver = { name: string; source(): Promise<{ store: Store; open(): Promise<Database> }>; target(): Promise<{ store: Store; open(): Promise<Database> }> };

const pglite: Driver = {
  name: 'PGlite',
  async source() {
    const dataDir = join(dir, 'source');
    return { store: { dataDir }, open: () => openDatabase({ dataDir }) };
  },
  async target() {
    const dataDir = join(dir, 'restored');
    return { store: { dataDir }, open: () => openDatabase({ dataDir, migrate: false }) };
  },
};

const adminUrl = process.env.TEST_DATABASE_URL;
const scratch = async (prefix: string) => {
  const db = await createScratchPostgres(adminUrl!, prefix);
  cleanups.push(db.dispose);
  return { store: { url: db.url }, open: () => openDatabase({ url: db.url, migrate: false, maxConnections: 2 }) };
};
const postgresDriver: Driver = { name: 'PostgreSQL', source: () => scratch('kreis_test_backup'), target: () => scratch('kreis_test_restore') };

describe.each(adminUrl ? [pglite, postgresDriver] : [pglite])('backup and restore on $name', (driver) => {
  it('round-trips a populated database: same ledger, same row counts; a non-empty target is refused', async () => {
    const source = await driver.source();
    const original = 'dataDir' in source.store ? await source.open() : await openDatabase({ url: source.store.url, maxConnections: 3 });
    await populate(original);
    const before = { ledger: await verifyLedger(original.db), counts: await countRows(source.store, original) };

    if ('dataDir' in source.store) {
      // While a process has the directory open, the backup refuses and writes nothing.
      await expect(backup(source.store, join(dir, 'refused.tar.gz'))).rejects.toBeInstanceOf(DataDirInUseError);
    }
    await original.close();

    const file = join(dir, `backup-${driver.name}`);
    const written = await backup(source.store, file);
    expect(written.counts).toEqual(before.counts);
    await expect(backup(source.store, file)).rejects.toThrow(/exists already/);

    const target = await driver.target();
    const restored = await restore(target.store, file);
    expect(restored.ledger.firstBreak).toBeNull();
    expect({ groups: restored.ledger.groups, events: restored.ledger.events }).toEqual({ groups: before.ledger.groups, events: before.ledger.events });
    expect(before.ledger.events).toBeGreaterThan(0);
    expect(restored.counts).toEqual(before.counts);
    for (const table of ['groups', 'members', 'referrals', 'feedback', 'trust_events', 'breakfasts', 'photos']) expect(before.counts[table]).toBeGreaterThan(0);

    // Opened as the app opens it, the restored database verifies and has the same rows.
    const reopened = await target.open();
    try {
      const again = await verifyLedger(reopened.db);
      expect(again).toEqual(before.ledger);
      const [events] = await reopened.query<{ n: number }>('select count(*)::int as n from trust_events');
      expect(events!.n).toBe(before.counts.trust_events);
    } finally {
      await reopened.close();
    }
    await expect(restore(target.store, file)).rejects.toBeInstanceOf(BackupError);
  }, 180_000);
});
