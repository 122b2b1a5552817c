/**
 * npm run ledger:verify — walks every group's trust-ledger hash chain and reports the first
 * broken row. Exit code 0: intact; 1: broken; 2: could not run. Uses DATABASE_URL / DATA_DIR.
 */
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { verifyLedger } from '../server/ledger/verify.js';

try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

const config = loadConfig();
let exitCode = 2;
const database = await openDatabase({ url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
try {
  const started = performance.now();
  const report = await verifyLedger(database.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  if (report.firstBreak) {
    const b = report.firstBreak;
    console.error(`Ledger BROKEN in group ${b.groupId} at seq ${b.seq} (event ${b.id}): ${b.reason}.`);
    console.error(`${report.events} events verified before it.`);
    exitCode = 1;
  } else {
    console.log(`Ledger intact: ${report.events} events in ${report.groups} groups verified in ${seconds} s.`);
    exitCode = 0;
  }
} finally {
  await database.close();
}
process.exit(exitCode);
