import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The project's folder (where package.json is), found once from this file's own place: the same
 * from source (tsx, tests: ./root.ts) and from the build (dist/root.js). Everything read at run
 * time that is not compiled — locales/, views/, public/, db/migrations/ — is found from here.
 */
function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${start}`);
  }
}

export const projectRoot = findProjectRoot(dirname(fileURLToPath(import.meta.url)));

/** A path inside the project: `fromRoot('views')`. */
export const fromRoot = (...segments: string[]) => join(projectRoot, ...segments);
