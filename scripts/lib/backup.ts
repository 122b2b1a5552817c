/**
 * Backups of Kreis's database and their restore (npm run backup / npm run restore, and the test).
 *
 * PGlite: PGlite's own tarball of the data directory (dumpDataDir, after a checkpoint), taken
 * with the directory locked (db/data-dir-lock.ts), so never while the server has it open; restored
 * by creating PGlite from the tarball (loadDataDir) in an empty directory.
 * PostgreSQL: pg_dump --format=custom of the owner's URL, in a snapshot exported by a transaction
 * that counts the rows of the same snapshot; restored with pg_restore in one transaction into an
 * empty database.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { openDatabase, openPgliteDirectory } from '../../db/client.js';
import { type VerifyReport, verifyLedger } from '../../server/ledger/verify.js';

/** Where the data is: a PGlite directory, or a PostgreSQL database as its owner. */
export type Store = { dataDir: string } | { url: string };
export type TableCounts = Record<string, number>;

/** A refusal or failure whose message says, in plain words, what to do. */
export class BackupError extends Error {
  override name = 'BackupError';
}

type Query = (text: string) => Promise<Record<string, unknown>[]>;

/** Row counts of every table of ours (schema public, plus drizzle's record of applied migrations). */
export async function tableCounts(query: Query): Promise<TableCounts> {
  const tables = await query(`select schemaname as s, tablename as t from pg_tables where schemaname in ('public', 'drizzle') order by 1, 2`);
  if (tables.length === 0) return {};
  const parts = tables.map((r) => `select '${r.s === 'public' ? r.t : `${r.s}.${r.t}`}' as name, count(*)::int as n from "${r.s}"."${r.t}"`);
  const rows = await query(parts.join(' union all '));
  return Object.fromEntries(rows.map((r) => [String(r.name), Number(r.n)]));
}

export function describeCounts(counts: TableCounts): string {
  const main = ['groups', 'members', 'referrals', 'feedback', 'trust_events', 'breakfasts'];
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  return `${main.map((t) => `${counts[t] ?? 0} ${t.replace('_', ' ')}`).join(', ')}; ${total} rows in ${Object.keys(counts).length} tables`;
}

export function defaultBackupFile(store: Store, now: Date): string {
  const stamp = now.toISOString().slice(0, 16).replace(/[-:]/g, '').replace('T', '-');
  return 'url' in store ? `kreis-${stamp}.dump` : `kreis-data-${stamp}.tar.gz`;
}

export async function backup(store: Store, file: string): Promise<{ counts: TableCounts; bytes: number }> {
  if (existsSync(file)) throw new BackupError(`${file} exists already; give another file name or remove it.`);
  const partial = `${file}.partial`;
  try {
    const counts = 'url' in store ? await dumpPostgres(store.url, partial) : await dumpPglite(store.dataDir, partial);
    renameSync(partial, file);
    return { counts, bytes: readFileSync(file).length };
  } finally {
    rmSync(partial, { force: true });
  }
}

async function dumpPglite(dataDir: string, file: string): Promise<TableCounts> {
  const dir = resolve(dataDir);
  if (!existsSync(join(dir, 'PG_VERSION'))) throw new BackupError(`${dir} holds no database (no PG_VERSION in it): check DATA_DIR.`);
  // Throws DataDirInUseError while the server (or anything else) has the directory open.
  const database = await openPgliteDirectory(dir);
  try {
    const counts = await tableCounts((text) => database.query(text));
    const tarball = await database.dump();
    writeFileSync(file, Buffer.from(await tarball.arrayBuffer()));
    return counts;
  } finally {
    await database.close();
  }
}

async function dumpPostgres(url: string, file: string): Promise<TableCounts> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const connection = await sql.reserve();
    try {
      // The rows counted are the rows dumped: pg_dump reads the snapshot this transaction exports.
      await connection.unsafe('begin isolation level repeatable read read only');
      const [row] = await connection.unsafe<{ snapshot: string }[]>('select pg_export_snapshot() as snapshot');
      const counts = await tableCounts((text) => connection.unsafe(text) as Promise<Record<string, unknown>[]>);
      await runTool('pg_dump', ['--format=custom', `--snapshot=${row!.snapshot}`, `--file=${file}`], url);
      await connection.unsafe('commit');
      return counts;
    } finally {
      connection.release();
    }
  } finally {
    await sql.end({ timeout: 5 });
  }
}

export type RestoreResult = { counts: TableCounts; ledger: VerifyReport };

export async function restore(store: Store, file: string): Promise<RestoreResult> {
  if (!existsSync(file)) throw new BackupError(`${file} does not exist.`);
  const head = readFileSync(file).subarray(0, 5);
  const isPgDump = head.toString('latin1') === 'PGDMP';
  if ('url' in store && !isPgDump) {
    throw new BackupError(`${file} is not a PostgreSQL dump (pg_dump --format=custom). A PGlite backup is restored with DATABASE_URL unset, into an empty DATA_DIR.`);
  }
  if (!('url' in store) && isPgDump) {
    throw new BackupError(`${file} is a PostgreSQL dump. Restore it with DATABASE_URL set to an empty PostgreSQL database.`);
  }
  return 'url' in store ? restorePostgres(store.url, file) : restorePglite(store.dataDir, file);
}

async function restorePglite(dataDir: string, file: string): Promise<RestoreResult> {
  const dir = resolve(dataDir);
  const existed = existsSync(dir);
  if (existed && readdirSync(dir).length > 0) {
    const what = existsSync(join(dir, 'PG_VERSION')) ? 'holds a database' : 'is not empty';
    throw new BackupError(`${dir} ${what}. Restore only into an empty or new directory (e.g. DATA_DIR=./data-restored); nothing was changed.`);
  }
  const bytes = readFileSync(file);
  const gzip = bytes[0] === 0x1f && bytes[1] === 0x8b;
  const tarball = new Blob([new Uint8Array(bytes)], { type: gzip ? 'application/x-gzip' : 'application/x-tar' });
  try {
    const database = await openPgliteDirectory(dir, { loadDataDir: tarball });
    try {
      return { counts: await tableCounts((text) => database.query(text)), ledger: await verifyLedger(database.db) };
    } finally {
      await database.close();
    }
  } catch (error) {
    // Leave the directory as it was found: nothing half-restored that a server could start on.
    if (existed) for (const entry of readdirSync(dir)) rmSync(join(dir, entry), { recursive: true, force: true });
    else rmSync(dir, { recursive: true, force: true });
    throw error;
  }
}

async function restorePostgres(url: string, file: string): Promise<RestoreResult> {
  const name = decodeURIComponent(new URL(url).pathname.slice(1));
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  let privileges = true;
  try {
    const [row] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_class c join pg_namespace s on s.oid = c.relnamespace
      where c.relkind in ('r', 'p', 'v', 'm', 'S', 'f')
        and s.nspname not in ('pg_catalog', 'information_schema') and s.nspname !~ '^pg_(toast|temp)'`.catch((error: { code?: string }) => {
      if (error.code === '3D000') throw new BackupError(`The database "${name}" does not exist. Create an empty one first (createdb ${name}), owned by the role that restores.`);
      throw error;
    });
    if (row!.n > 0) throw new BackupError(`The database "${name}" is not empty (${row!.n} tables, views or sequences). Restore only into an empty database; nothing was changed.`);
    // The dump grants to kreis_app (migration 0012), a role of the cluster, not of the database.
    privileges = await ensureAppRole(sql);
  } finally {
    await sql.end({ timeout: 5 });
  }
  if (!privileges) console.warn('warning: the role kreis_app is missing and could not be created: restoring without grants; the app will run as the owner.');
  await runTool('pg_restore', ['--no-owner', '--single-transaction', '--exit-on-error', ...(privileges ? [] : ['--no-privileges']), file], url);
  const owner = postgres(url, { max: 1, onnotice: () => {} });
  const counts = await tableCounts((text) => owner.unsafe(text) as Promise<Record<string, unknown>[]>).finally(() => owner.end({ timeout: 5 }));
  const database = await openDatabase({ url, migrate: false, maxConnections: 2 });
  try {
    return { counts, ledger: await verifyLedger(database.db) };
  } finally {
    await database.close();
  }
}

/** kreis_app exists (created if missing and allowed) and the restoring role may SET ROLE to it. */
async function ensureAppRole(sql: postgres.Sql): Promise<boolean> {
  const exists = async () => (await sql<{ e: boolean }[]>`select exists (select 1 from pg_roles where rolname = 'kreis_app') as e`)[0]!.e;
  if (!(await exists())) await sql`create role kreis_app nologin`.catch(() => undefined);
  if (!(await exists())) return false;
  await sql.unsafe('grant kreis_app to current_user').catch(() => undefined);
  return true;
}

/**
 * Runs pg_dump or pg_restore against `url`. The password travels in PGPASSWORD, not on the
 * command line (where `ps` shows it); -w: never ask for one.
 */
function runTool(tool: 'pg_dump' | 'pg_restore', args: string[], url: string): Promise<void> {
  const target = new URL(url);
  const password = decodeURIComponent(target.password);
  target.password = '';
  const env = { ...process.env, ...(password ? { PGPASSWORD: password } : {}) };
  return new Promise((resolvePromise, reject) => {
    const child = spawn(tool, ['--no-password', `--dbname=${target.href}`, ...args], { env, stdio: ['ignore', 'inherit', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', (error: NodeJS.ErrnoException) =>
      reject(error.code === 'ENOENT' ? new BackupError(`${tool} not found: install the PostgreSQL client tools (the server's major version or newer).`) : error),
    );
    child.once('exit', (code) =>
      code === 0 ? resolvePromise() : reject(new BackupError(`${tool} failed (exit code ${code}):\n${stderr.trim()}`)),
    );
  });
}
