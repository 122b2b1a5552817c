import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import retentionJob from './job-plugin.js';
import privacyRoutes from './routes.js';

/** The privacy capability: export and deletion routes, and the client-data retention job. */
export default fp(
  async function privacy(app: FastifyInstance) {
    await app.register(privacyRoutes);
    await app.register(retentionJob);
  },
  { name: 'privacy' },
);
