import type { FastifyInstance } from 'fastify';

/** For load balancers and uptime checks: 200 when the database answers, 503 when it does not. */
export default async function healthRoutes(app: FastifyInstance) {
  app.get('/healthz', async (request, reply) => {
    try {
      await app.database.query('select 1');
      return { status: 'ok', database: app.database.driver };
    } catch (err) {
      request.log.error({ err }, 'health check failed');
      return reply.code(503).send({ status: 'unavailable' });
    }
  });
}
