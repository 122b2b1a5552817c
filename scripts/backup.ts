/**
 * npm run backup [FILE] — a consistent snapshot of Kreis's database (DATABASE_URL / DATA_DIR, and
 * a .env file, like the server). PostgreSQL: pg_dump --format=custom as the tables' owner
 * (MIGRATION_DATABASE_URL, else DATABASE_URL), while Kreis runs. PGlite: PGlite's tarball of the
 * data directory, only while the server is stopped (refused while the directory is in use).
 * Exit code 0: written; 1: refused or failed, with the reason.
 */
import { DataDirInUseError } from '../db/data-dir-lock.js';
import { loadConfig } from '../server/config.js';
import { BackupError, backup, defaultBackupFile, describeCounts, type Store } from './lib/backup.js';

try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

const config = loadConfig();
const store: Store = config.databaseUrl ? { url: config.migrationDatabaseUrl ?? config.databaseUrl } : { dataDir: config.dataDir };
const file = process.argv[2] ?? defaultBackupFile(store, new Date());
try {
  const started = performance.now();
  const { counts, bytes } = await backup(store, file);
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  console.log(`Backup written to ${file}: ${(bytes / 1024 / 1024).toFixed(1)} MB in ${seconds} s (${describeCounts(counts)}).`);
  console.log(`Restore it with: npm run restore ${file}  (into an empty ${'url' in store ? 'database' : 'data directory'})`);
  process.exit(0);
} catch (error) {
  if (error instanceof BackupError || error instanceof DataDirInUseError) console.error(`Backup refused: ${error.message}`);
  else console.error('Backup failed:', error);
  process.exit(1);
}
