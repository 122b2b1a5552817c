import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { periodicJobs } from './catalogue.js';
import { createJobRunner, type JobRunner } from './registry.js';

declare module 'fastify' {
  interface FastifyInstance {
    jobs: JobRunner;
  }
}

/**
 * The periodic jobs start when the server listens and stop when the app closes, so an app driven
 * only through inject (the tests) runs none by itself; tests call `app.jobs.runOnce` or the
 * job's function with their clock.
 */
export default fp(
  async function jobsPlugin(app: FastifyInstance) {
    const runner = createJobRunner({ database: app.database, config: app.config, clock: app.clock, log: app.log });
    app.decorate('jobs', runner);
    app.addHook('onListen', async () => runner.start(periodicJobs(app.config)));
    app.addHook('onClose', async () => runner.stop());
  },
  { name: 'jobs' },
);
