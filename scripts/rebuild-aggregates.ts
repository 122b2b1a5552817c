/**
 * npm run aggregates:rebuild — recomputes the directory's precomputed data from the tables it is
 * derived from: the trust aggregates per member and topic (member_topic_stats, folded from the
 * ledger by the trust page's rules) and the search documents (member_search). Safe to run on a
 * live database at any time; uses DATABASE_URL / DATA_DIR.
 */
import { openDatabase } from '../db/client.js';
import { loadConfig } from '../server/config.js';
import { rebuildAllAggregates } from '../server/directory/projection.js';

try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, migrationUrl: config.migrationDatabaseUrl, dataDir: config.dataDir });
try {
  const started = performance.now();
  const { members, rows } = await rebuildAllAggregates(database.db);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  console.log(`Directory aggregates rebuilt: ${members} members, ${rows} topic rows, search documents, in ${seconds} s.`);
} finally {
  await database.close();
}
