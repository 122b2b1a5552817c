/**
 * npm run demo — Kreis with the demo group "Frühstücksrunde Musterstadt", in an in-memory
 * database: nothing touches ./data, and every start is fresh.
 */
import { openDatabase } from '../db/client.js';
import { templateFor } from '../db/template.js';
import { buildApp } from '../server/app.js';
import { loadConfig } from '../server/config.js';
import { rebuildAllAggregates } from '../server/directory/projection.js';
import { DEMO_MEMBERS, DEMO_PASSWORD, demoEmail } from './demo-data.js';
import { seedDemoGroup } from './demo-seed.js';

// The demo never uses a configured database or mail server, whatever the environment says.
const config = loadConfig({ ...process.env, DATABASE_URL: '', SMTP_URL: '' });
const database = await openDatabase({ dataDir: 'memory://', loadDataDir: templateFor('memory://') });
await seedDemoGroup(database.db, new Date());
// Demo rows are partly inserted directly: build the directory's aggregates once they are all there.
await rebuildAllAggregates(database.db);
const app = await buildApp({ config, database });

const shutdown = async () => {
  await app.close();
  await database.close();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);

await app.listen({ port: config.port, host: config.host });
const host = DEMO_MEMBERS.find((m) => m.role === 'host')!;
const member = DEMO_MEMBERS.find((m) => m.role === 'member')!;
console.log(`
Kreis demo: "Frühstücksrunde Musterstadt" with ${DEMO_MEMBERS.length} members at ${config.publicUrl.href}
  Gastgeberin: ${demoEmail(host.name)}
  Mitglied:    ${demoEmail(member.name)}
  Passwort (alle): ${DEMO_PASSWORD}
The demo runs in memory; ./data is not touched.
`);
