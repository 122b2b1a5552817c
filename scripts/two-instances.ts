/**
 * npm run scale:two — two instances behind one port, on one PostgreSQL.
 *
 * Creates a scratch database next to SCALE_DATABASE_URL (default
 * postgres://postgres@127.0.0.1:5432/postgres), starts two instances of the real server
 * (server/main.ts, child processes on their own ports, both migrating at once under the advisory
 * lock), puts the round-robin proxy (scripts/lib/round-robin-proxy.ts) in front of them on one
 * port, and runs the browser test of the live intro round (tests/e2e/live-round.test.ts) against
 * the proxy: page requests alternate between the instances, the host's live-room socket lands on
 * one instance and the attendee's on the other, and the round still advances for everyone
 * (LISTEN/NOTIFY fan-out). Exit code non-zero when the test fails or one instance got no socket.
 * Takes about 30 s; CI runs it as is.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createScratchPostgres, DEFAULT_ADMIN_URL } from './lib/scratch-postgres.js';
import { startRoundRobinProxy } from './lib/round-robin-proxy.js';
import { freePort, type ServerProcess, startServerProcess } from './lib/server-process.js';

const root = fileURLToPath(new URL('../', import.meta.url));

const scratch = await createScratchPostgres(process.env.SCALE_DATABASE_URL ?? DEFAULT_ADMIN_URL, 'kreis_scale');
const databaseUrl = scratch.url;

const instances: ServerProcess[] = [];
let exitCode = 1;
try {
  // The proxy's address is the public URL of both instances (links, and the Origin forms carry).
  const [portA, portB, proxyPort] = await Promise.all([freePort(), freePort(), freePort()]);
  const publicUrl = `http://127.0.0.1:${proxyPort}`;
  const env = { DATABASE_URL: databaseUrl, PUBLIC_URL: publicUrl, TRUST_PROXY: 'true' };
  instances.push(...(await Promise.all([portA, portB].map((port) => startServerProcess({ port, env })))));
  const proxy = await startRoundRobinProxy(
    instances.map((i) => ({ host: '127.0.0.1', port: i.port })),
    proxyPort,
  );
  console.log(`two instances (:${portA}, :${portB}) on ${scratch.name}, behind ${publicUrl}`);

  const test = spawn('npx', ['vitest', 'run', '--project', 'e2e', 'tests/e2e/live-round.test.ts'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, KREIS_E2E_BASE_URL: publicUrl, KREIS_E2E_DATABASE_URL: databaseUrl },
  });
  const testExit = await new Promise<number>((resolve) => test.once('exit', (code) => resolve(code ?? 1)));

  console.log(`requests per instance: ${proxy.counts.http.join(' / ')}; live-room sockets per instance: ${proxy.counts.upgrades.join(' / ')}`);
  console.log(`server rss: ${instances.map((i) => `${i.rssMb()} MB`).join(' + ')}`);
  const bothServedSockets = proxy.counts.upgrades.every((n) => n > 0);
  const bothServedPages = proxy.counts.http.every((n) => n > 0);
  if (!bothServedSockets || !bothServedPages) console.error('FAILED: one instance got no live-room socket or no request, so the test proved nothing about two instances');
  exitCode = testExit === 0 && bothServedSockets && bothServedPages ? 0 : 1;
  if (testExit !== 0) for (const i of instances) console.error(`--- instance :${i.port} said:\n${i.output()}`);
  await proxy.close();
} catch (err) {
  console.error(err);
  exitCode = 2;
} finally {
  await Promise.all(instances.map((i) => i.stop()));
  await scratch.dispose();
}
console.log(exitCode === 0 ? 'two instances: the live round worked across both' : 'two instances: FAILED');
process.exit(exitCode);
