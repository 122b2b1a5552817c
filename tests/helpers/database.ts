import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import type { Database } from '../../db/client.js';
import { openScratchDatabase } from '../../db/scratch.js';

/**
 * One database per test file: in-memory PGlite by default, started from the migrated template
 * the global set-up made (tests/helpers/pglite-template.ts); with TEST_DATABASE_URL a fresh
 * PostgreSQL database is created for the file and dropped afterwards.
 */
export function openTestDatabase(): Promise<{ database: Database; asOwner: Database['query']; dispose(): Promise<void> }> {
  const template = inject('pgliteTemplate');
  const pgliteTemplate = template ? new Blob([readFileSync(template)]) : undefined;
  return openScratchDatabase(process.env.TEST_DATABASE_URL, { prefix: 'kreis_test', maxConnections: 5, pgliteTemplate });
}
