import { mkdirSync, readdirSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import type { ExtractTablesWithRelations } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import { fromRoot } from '../root.js';
import { lockDataDir } from './data-dir-lock.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
/** The drizzle handle both drivers share; a transaction is one too. */
export type Db = PgDatabase<PgQueryResultHKT, Schema, ExtractTablesWithRelations<Schema>>;

export type Database = {
  db: Db;
  driver: 'pglite' | 'postgres';
  /** Runs one SQL statement and returns its rows, whatever the driver. For tooling and tests. */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Fan-out between instances (LISTEN/NOTIFY): every listener on the channel, in any process on
   * the same database, receives the payload. PGlite delivers it within its one process.
   * `onListening` runs whenever the listener is (again) in place: after a lost connection,
   * notices sent in between were missed.
   */
  listen(channel: string, onPayload: (payload: string) => void, onListening?: () => void): Promise<() => Promise<void>>;
  notify(channel: string, payload: string): Promise<void>;
  /**
   * Runs `work` only while this process holds the advisory lock named `key`, so that one instance
   * of several does it; `{ ran: false }` when another holds it. PGlite has one process: it always runs.
   */
  exclusively<T>(key: string, work: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }>;
  /**
   * Who the app's queries run as, on PostgreSQL: `separate` (a role that does not own the
   * tables), `set-role` (given the owner's URL, every connection runs SET ROLE kreis_app), or
   * `owner` (neither was possible: the app could switch off the ledger's append-only trigger).
   * PGlite: `embedded`, one process that owns its files anyway.
   */
  appRole: 'separate' | 'set-role' | 'owner' | 'embedded';
  close(): Promise<void>;
};

const migrationsFolder = fromRoot('db', 'migrations');
/** Any fixed number: every instance takes the same lock before migrating. */
const MIGRATION_LOCK_KEY = 7_146_031;

export type OpenOptions = {
  /** postgres:// URL the app connects with; when absent the embedded PGlite database is used. */
  url?: string | undefined;
  /** postgres:// URL of the tables' owner, for migrations only; default: `url`. */
  migrationUrl?: string | undefined;
  /** Directory for PGlite's files; `memory://` or undefined keeps it in memory. */
  dataDir?: string | undefined;
  /** Pool size for PostgreSQL. */
  maxConnections?: number;
  /** Told what is happening, in plain words, for start-up output ("applying 3 migrations…"). */
  onStep?: (message: string) => void;
  /** false: open the database as it is (a restored backup being checked); default true. */
  migrate?: boolean;
  /** PGlite only: start from this tarball of a data directory (`dump()`), e.g. a migrated template, instead of an empty one. */
  loadDataDir?: Blob;
};

/** Opens the database and brings its schema up to date. */
export async function openDatabase(options: OpenOptions): Promise<Database> {
  const step = options.onStep ?? (() => {});
  const migrate = options.migrate ?? true;
  if (!options.url) {
    const { database } = await openPgliteWith(options.dataDir, options.loadDataDir);
    if (!migrate) return database;
    try {
      step(describePending(await appliedMigrations((text) => database.query(text))));
      await database.migrate();
    } catch (error) {
      await database.close();
      throw error;
    }
    return database;
  }
  if (migrate) await migratePostgresAsOwner(options.migrationUrl ?? options.url, step);
  return openPostgres(options.url, options.maxConnections ?? 10);
}

/** How many migrations the database has recorded (drizzle's own table; none before the first). */
async function appliedMigrations(query: (text: string) => Promise<Record<string, unknown>[]>): Promise<number> {
  const [row] = await query(`select to_regclass('drizzle.__drizzle_migrations') is not null as present`);
  if (!row?.present) return 0;
  const [count] = await query('select count(*)::int as n from drizzle.__drizzle_migrations');
  return Number(count?.n ?? 0);
}

function describePending(applied: number): string {
  const pending = Math.max(0, migrationCount() - applied);
  if (pending === 0) return 'the database schema is up to date';
  return `applying ${pending} migration${pending === 1 ? '' : 's'}…`;
}

/** The migrations' count on disk, so start-up can say what it is about to do. */
export function migrationCount(): number {
  return readdirSync(migrationsFolder).filter((file) => file.endsWith('.sql')).length;
}

/**
 * Migrations run on a connection of their own as the tables' owner. Several instances may start
 * at once: the advisory lock lets exactly one migrate at a time.
 */
async function migratePostgresAsOwner(url: string, step: (message: string) => void) {
  // Two connections: one holds the lock, drizzle migrates on the other.
  const owner = postgres(url, { max: 2, onnotice: () => {} });
  try {
    const lock = await owner.reserve();
    try {
      await lock`select pg_advisory_lock(${MIGRATION_LOCK_KEY})`;
      step(describePending(await appliedMigrations((text) => owner.unsafe(text))));
      await migratePostgres(drizzlePostgres(owner, { schema }) as never, { migrationsFolder });
    } finally {
      await lock`select pg_advisory_unlock(${MIGRATION_LOCK_KEY})`;
      lock.release();
    }
  } finally {
    await owner.end({ timeout: 5 });
  }
}

/**
 * The app should not own the ledger. When the URL's user does (one URL for everything), every
 * connection runs as kreis_app instead (SET ROLE via the startup options); when that role is
 * missing or out of reach, the app runs as the owner and says so (`appRole: 'owner'`).
 */
async function chooseAppRole(url: string): Promise<'separate' | 'set-role' | 'owner'> {
  const probe = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await probe<{ owns: boolean; canSetRole: boolean }[]>`
      select pg_get_userbyid(c.relowner) = current_user as owns,
             exists (select 1 from pg_roles where rolname = 'kreis_app')
               and pg_has_role(current_user, 'kreis_app', 'MEMBER') as "canSetRole"
      from pg_class c where c.oid = 'public.trust_events'::regclass`;
    if (!row?.owns) return 'separate';
    return row.canSetRole ? 'set-role' : 'owner';
  } finally {
    await probe.end({ timeout: 5 });
  }
}

/**
 * A PGlite data directory as it is, without migrating, for backups (scripts/lib/backup.ts):
 * `dump()` is PGlite's own tarball of the directory, taken after a checkpoint. With `loadDataDir`
 * an empty directory is filled from such a tarball first (a restore).
 */
export async function openPgliteDirectory(dataDir: string, options: { loadDataDir?: Blob } = {}) {
  const { client, database } = await openPgliteWith(dataDir, options.loadDataDir);
  return {
    ...database,
    async dump(): Promise<Blob> {
      // Every change in the data files, so the copy needs no WAL replay beyond the checkpoint.
      await client.exec('checkpoint');
      return client.dumpDataDir('gzip');
    },
  };
}

async function openPgliteWith(dataDir: string | undefined, loadDataDir: Blob | undefined) {
  const onDisk = dataDir !== undefined && !dataDir.startsWith('memory://');
  if (onDisk) mkdirSync(dataDir, { recursive: true });
  // One process per directory (db/data-dir-lock.ts): refused before PGlite touches a file.
  const lock = onDisk ? lockDataDir(dataDir) : null;
  // pg_trgm: the directory finds trades despite typos (trigram similarity).
  // Durability, proven by scripts/kill-test.ts (SIGKILL mid-write, nothing acknowledged lost):
  // relaxedDurability: true would answer a query before PGlite has synced its file system; it is
  // false by default and set here so nobody flips it for speed. In Node the data directory is
  // mounted directly (NODEFS): COMMIT writes the WAL with write(2) before it returns
  // (synchronous_commit=on), so a killed process loses nothing. PGlite runs with fsync off, so
  // an OS crash or power cut may lose the last commits: deployments that need that use PostgreSQL.
  // shared_buffers: PGlite's 128 MB buffer cache lives in the Node process and would be most of its
  // memory; the data directory's files stay in the OS page cache anyway, so 32 MB loses little
  // for one group and keeps a live round with 1,000 attendees under 300 MB (scripts/bench/live-round.ts).
  let client: PGlite;
  try {
    client = await PGlite.create(dataDir ?? 'memory://', {
      extensions: { pg_trgm },
      relaxedDurability: false,
      startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
      ...(loadDataDir ? { loadDataDir } : {}),
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  // A loaded tarball brings the lock file of the process that made it, in place of ours.
  if (loadDataDir) lock?.rewrite();
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const database = {
    db,
    driver: 'pglite' as const,
    appRole: 'embedded' as const,
    async query<T>(text: string, params: unknown[] = []) {
      const result = await client.query<T>(text, params);
      return result.rows;
    },
    async listen(channel: string, onPayload: (payload: string) => void, onListening?: () => void) {
      const unlisten = await client.listen(channel, onPayload);
      onListening?.();
      return unlisten;
    },
    async notify(channel: string, payload: string) {
      await client.query('select pg_notify($1, $2)', [channel, payload]);
    },
    async exclusively<T>(_key: string, work: () => Promise<T>) {
      return { ran: true as const, value: await work() };
    },
    // One process owns a PGlite directory (kreis.lock), so migrating needs no advisory lock.
    migrate: () => migratePglite(db as never, { migrationsFolder }),
    async close() {
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
  return { client, database };
}

async function openPostgres(url: string, max: number): Promise<Database> {
  const appRole = await chooseAppRole(url);
  const client = postgres(url, {
    max,
    onnotice: () => {},
    ...(appRole === 'set-role' ? { connection: { options: '-c role=kreis_app' } } : {}),
  });
  const db = drizzlePostgres(client, { schema }) as unknown as Db;
  return {
    db,
    driver: 'postgres' as const,
    appRole,
    async query<T>(text: string, params: unknown[] = []) {
      return (await client.unsafe(text, params as never[])) as unknown as T[];
    },
    async listen(channel: string, onPayload: (payload: string) => void, onListening?: () => void) {
      const { unlisten } = await client.listen(channel, onPayload, onListening);
      return unlisten;
    },
    async notify(channel: string, payload: string) {
      await client.notify(channel, payload);
    },
    // A session lock on a reserved connection: released when the work ends, or when the process dies.
    async exclusively<T>(key: string, work: () => Promise<T>) {
      const connection = await client.reserve();
      try {
        const [row] = await connection<{ locked: boolean }[]>`select pg_try_advisory_lock(hashtextextended(${key}, 0)) as locked`;
        if (!row?.locked) return { ran: false as const };
        try {
          return { ran: true as const, value: await work() };
        } finally {
          await connection`select pg_advisory_unlock(hashtextextended(${key}, 0))`;
        }
      } finally {
        connection.release();
      }
    },
    close: () => client.end({ timeout: 5 }),
  };
}
