import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { migrationCount, openDatabase } from '../../db/client.js';
import { migratedTemplate, templateFor } from '../../db/template.js';

/**
 * A first start on PGlite copies the migrated template `npm install` builds (db/template.ts)
 * instead of running initdb and every migration: the copy must be a complete, writable database
 * that a restart opens as it is.
 */
describe.skipIf(Boolean(process.env.TEST_DATABASE_URL))('the migrated PGlite template', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kreis-template-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('fills a fresh data directory with every migration applied, and a restart opens it as it is', async () => {
    const dataDir = join(dir, 'data');
    const steps: string[] = [];
    const first = await openDatabase({ dataDir, loadDataDir: new Blob([await migratedTemplate()]), onStep: (s) => steps.push(s) });
    expect(steps).toEqual(['the database schema is up to date']);
    const [applied] = await first.query<{ n: number }>('select count(*)::int as n from drizzle.__drizzle_migrations');
    expect(applied!.n).toBe(migrationCount());
    await first.query("insert into groups (name, slug, city) values ('Frühstücksrunde Musterstadt', 'musterstadt', 'Musterstadt')");
    await first.close();

    // A directory that holds a database gets no template, whatever exists next to the build.
    expect(templateFor(dataDir)).toBeUndefined();
    const again = await openDatabase({ dataDir });
    expect(await again.query('select slug from groups')).toEqual([{ slug: 'musterstadt' }]);
    await again.close();
  });
});
