import type { Database } from '../../db/client.js';
import { openScratchDatabase } from '../../db/scratch.js';

/**
 * One database per test file: in-memory PGlite by default; with TEST_DATABASE_URL a fresh
 * PostgreSQL database is created for the file and dropped afterwards.
 */
export function openTestDatabase(): Promise<{ database: Database; asOwner: Database['query']; dispose(): Promise<void> }> {
  return openScratchDatabase(process.env.TEST_DATABASE_URL, { prefix: 'kreis_test', maxConnections: 5 });
}
