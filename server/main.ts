import { existsSync } from 'node:fs';
import { join } from 'node:path';
import closeWithGrace from 'close-with-grace';
import { openDatabase } from '../db/client.js';
import { templateFor } from '../db/template.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

// A local .env file is optional; real deployments set the environment directly.
try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

/** Start-up says what it does in plain words, before the structured log takes over. */
const say = (message: string) => process.stdout.write(`Kreis: ${message}\n`);

const config = loadConfig();
if (config.databaseUrl) {
  const where = new URL(config.databaseUrl);
  say(`connecting to PostgreSQL at ${where.host}${where.pathname}…`);
} else {
  const fresh = !existsSync(join(config.dataDir, 'PG_VERSION'));
  say(`${fresh ? 'creating the database' : 'opening the database'} in ${config.dataDir}…`);
}
// A first start copies the migrated template `npm install` made, instead of initdb and every migration.
const template = config.databaseUrl ? undefined : templateFor(config.dataDir);
if (template) say('copying the prepared empty database…');
const database = await openDatabase({
  url: config.databaseUrl,
  migrationUrl: config.migrationDatabaseUrl,
  dataDir: config.dataDir,
  loadDataDir: template,
  onStep: say,
});
if (database.appRole === 'owner') {
  say(
    'warning: the app connects as the owner of the trust ledger, so it could switch off its append-only trigger. ' +
      'Let the migrations create the role kreis_app (the owner needs CREATEROLE) or give DATABASE_URL a role in kreis_app ' +
      'and MIGRATION_DATABASE_URL the owner (see .env.example).',
  );
}
const app = await buildApp({ config, database });

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });
say(`listening on ${config.publicUrl.href} (port ${config.port} on ${config.host})`);
