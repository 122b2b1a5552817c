import closeWithGrace from 'close-with-grace';
import { openDatabase } from '../db/client.js';
import { buildApp } from './app.js';
import { loadConfig } from './config.js';

// A local .env file is optional; real deployments set the environment directly.
try {
  process.loadEnvFile();
} catch {
  /* no .env */
}

const config = loadConfig();
const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
const app = await buildApp({ config, database });

closeWithGrace({ delay: 10_000 }, async ({ err, signal }) => {
  if (err) app.log.error({ err }, 'shutting down after an error');
  else app.log.info({ signal }, 'shutting down');
  await app.close();
  await database.close();
});

await app.listen({ port: config.port, host: config.host });
app.log.info(`Kreis is ready at ${config.publicUrl.href} (${database.driver === 'pglite' ? `embedded database in ${config.dataDir}` : 'PostgreSQL'})`);
