import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fromRoot } from '../root.js';
import { openPgliteDirectory } from './client.js';

/**
 * A migrated, empty PGlite data directory as a tarball, made once by `npm run build` (so by
 * `npm install`) and by the test run: a fresh data directory is filled from it instead of running
 * initdb and every migration again, which is most of a first start. Its name carries a hash of the
 * migration journal, so a template from other migrations is never used; whatever it lacks the
 * migrator applies as usual.
 */
export function templatePath(): string {
  const journal = readFileSync(fromRoot('db', 'migrations', 'meta', '_journal.json'));
  const hash = createHash('sha256').update(journal).digest('hex').slice(0, 16);
  return fromRoot('dist', `pglite-template-${hash}.tar.gz`);
}

/** The tarball of an in-memory PGlite with every migration applied. */
export async function migratedTemplate(): Promise<Uint8Array<ArrayBuffer>> {
  const template = await openPgliteDirectory('memory://');
  try {
    await template.migrate();
    return new Uint8Array(await (await template.dump()).arrayBuffer());
  } finally {
    await template.close();
  }
}

/** Writes the template next to the build (atomically: a half-written file is never read). */
export async function writeTemplate(path = templatePath()): Promise<string> {
  mkdirSync(dirname(path), { recursive: true });
  const partial = join(dirname(path), `.${process.pid}.partial`);
  writeFileSync(partial, await migratedTemplate());
  renameSync(partial, path);
  return path;
}

/** The template for a data directory that holds no database yet (or in memory); undefined when there is none. */
export function templateFor(dataDir: string | undefined): Blob | undefined {
  const inMemory = dataDir === undefined || dataDir.startsWith('memory://');
  if (!inMemory && existsSync(join(dataDir, 'PG_VERSION'))) return undefined;
  const path = templatePath();
  return existsSync(path) ? new Blob([readFileSync(path)]) : undefined;
}
