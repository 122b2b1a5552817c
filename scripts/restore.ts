/**
 * npm run restore FILE — restores a backup made by `npm run backup` into an EMPTY database:
 * with DATABASE_URL (as MIGRATION_DATABASE_URL's owner when set) an empty PostgreSQL database
 * (pg_restore in one transaction), without it an empty or new DATA_DIR (PGlite from the tarball).
 * A non-empty target is refused and left untouched. Afterwards the trust ledger is verified.
 * Exit code 0: restored and the ledger intact; 1: refused, failed or the ledger broken.
 */
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { loadConfig } from '../server/config.js';
import { BackupError, describeCounts, restore, type Store } from './lib/backup.js';

try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

const file = process.argv[2];
if (!file) {
  console.error('Usage: npm run restore FILE   (into the empty DATA_DIR, or the empty database of DATABASE_URL)');
  process.exit(1);
}
const config = loadConfig();
const store: Store = config.databaseUrl ? { url: config.migrationDatabaseUrl ?? config.databaseUrl } : { dataDir: config.dataDir };
const where = 'url' in store ? `database ${new URL(store.url).pathname.slice(1)}` : `data directory ${config.dataDir}`;
try {
  const started = performance.now();
  const { counts, ledger } = await restore(store, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Restored ${file} into the ${where} in ${seconds} s (${describeCounts(counts)}).`);
  if (ledger.firstBreak) {
    const b = ledger.firstBreak;
    console.error(`Ledger BROKEN in group ${b.groupId} at seq ${b.seq}: ${b.reason}.`);
    process.exit(1);
  }
  console.log(`Ledger intact: ${ledger.events} events in ${ledger.groups} groups verified.`);
  process.exit(0);
} catch (error) {
  if (error instanceof BackupError || error instanceof DataDirInUseError) console.error(`Restore refused: ${error.message}`);
  else console.error('Restore failed:', error);
  process.exit(1);
}
