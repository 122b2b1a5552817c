import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from './client.js';

/**
 * A throw-away database for one test file or one benchmark run: in-memory PGlite without a URL;
 * with a PostgreSQL URL, a fresh database next to the one named there, dropped on dispose.
 * The app's handle runs as kreis_app (db/client.ts); `asOwner` runs one statement as the tables'
 * owner, for what only an owner or superuser may do (a test tampering with the ledger).
 */
export async function openScratchDatabase(
  adminUrl: string | undefined,
  options: { prefix: string; maxConnections: number; pgliteTemplate?: Blob },
): Promise<{ database: Database; asOwner: Database['query']; dispose(): Promise<void> }> {
  if (!adminUrl) {
    const database = await openDatabase({ loadDataDir: options.pgliteTemplate });
    return { database, asOwner: (text, params) => database.query(text, params), dispose: () => database.close() };
  }
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href, maxConnections: options.maxConnections });
  let owner: postgres.Sql | undefined;
  return {
    database,
    async asOwner<T>(text: string, params: unknown[] = []) {
      owner ??= postgres(url.href, { max: 1, onnotice: () => {} });
      return (await owner.unsafe(text, params as never[])) as unknown as T[];
    },
    async dispose() {
      await database.close();
      await owner?.end({ timeout: 5 });
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
