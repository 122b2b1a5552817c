import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { type Database, openDatabase } from './client.js';

/**
 * A throw-away database for one test file or one benchmark run: in-memory PGlite without a URL;
 * with a PostgreSQL URL, a fresh database next to the one named there, dropped on dispose.
 */
export async function openScratchDatabase(
  adminUrl: string | undefined,
  options: { prefix: string; maxConnections: number },
): Promise<{ database: Database; dispose(): Promise<void> }> {
  if (!adminUrl) {
    const database = await openDatabase({});
    return { database, dispose: () => database.close() };
  }
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.href, maxConnections: options.maxConnections });
  return {
    database,
    async dispose() {
      await database.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
