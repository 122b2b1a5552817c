import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { smtpTransport } from '../mail/transport.js';
import { createMailWorker } from '../mail/worker.js';

const SEND_INTERVAL_MS = 10_000;

/**
 * The outbox sender. It starts when the server listens and stops when the app closes, so an
 * app driven only through inject (the tests) never opens a network connection.
 */
export default fp(
  async function mailPlugin(app: FastifyInstance) {
    const { smtpUrl, mailFrom } = app.config;
    const worker = createMailWorker({
      db: app.db,
      transport: smtpUrl ? smtpTransport(smtpUrl, mailFrom) : null,
      clock: app.clock,
      intervalMs: SEND_INTERVAL_MS,
      onError: (error) => app.log.error({ err: error }, 'mail sender failed'),
      onFailures: (result) => app.log.warn(result, 'some mail could not be delivered; see the outbox'),
    });
    app.addHook('onListen', async () => worker.start());
    app.addHook('onClose', async () => worker.stop());
  },
  { name: 'mail' },
);
