import { randomBytes } from 'node:crypto';
import postgres from 'postgres';

/** The local PostgreSQL the scripts use unless told otherwise (trust auth, as in CI). */
export const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres';

/**
 * A throw-away PostgreSQL database for a script whose server runs in another process (so it
 * needs the URL, not an open handle as db/scratch.ts gives): created next to `adminUrl`,
 * dropped on dispose even while the server still holds connections.
 */
export async function createScratchPostgres(adminUrl: string, prefix: string): Promise<{ name: string; url: string; dispose(): Promise<void> }> {
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    name,
    url: url.href,
    async dispose() {
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
