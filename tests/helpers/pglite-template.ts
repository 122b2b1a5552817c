import { randomBytes } from 'node:crypto';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { migratedTemplate } from '../../db/template.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** A tarball of an in-memory PGlite with every migration applied; empty on PostgreSQL. */
    pgliteTemplate: string;
  }
}

/**
 * Global set-up: migrate one PGlite once and hand its data directory to every test file, which
 * starts from a copy instead of applying every migration again (each file still runs the
 * migrator, which finds nothing to do). On PostgreSQL each file migrates its own database.
 */
export default async function setup(project: TestProject) {
  if (process.env.TEST_DATABASE_URL) {
    project.provide('pgliteTemplate', '');
    return;
  }
  const path = join(tmpdir(), `kreis-pglite-template-${randomBytes(6).toString('hex')}.tar.gz`);
  writeFileSync(path, await migratedTemplate());
  project.provide('pgliteTemplate', path);
  return () => rmSync(path, { force: true });
}
