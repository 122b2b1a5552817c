import type { FastifyBaseLogger } from 'fastify';
import type { Database, Db } from '../../db/client.js';
import type { Config } from '../config.js';
import { jobQueries } from './queries.js';

/** What a job's run may use. */
export type JobContext = { db: Db; config: Config; now: Date };

export type Job = {
  /** Stable key: names the job on the health page, in the log and in its advisory lock. */
  name: string;
  everyMs: number;
  /** Checked once when the server listens; a job that says no does not start (e.g. no SMTP). */
  enabled?: (config: Config) => boolean;
  /** One run. What it returns is logged when it did something; errors are logged and recorded. */
  run: (context: JobContext) => Promise<Record<string, number> | void>;
};

export type JobRunner = {
  /** One run now, unless another instance (or this one) is running the same job. */
  runOnce(job: Job): Promise<'ran' | 'failed' | 'busy'>;
  start(jobs: readonly Job[]): void;
  stop(): Promise<void>;
};

export type RunnerOptions = { database: Database; config: Config; clock: () => Date; log: FastifyBaseLogger };

const MAX_ERROR_LENGTH = 500;

const didSomething = (summary: Record<string, number> | void): summary is Record<string, number> =>
  summary !== undefined && Object.values(summary).some((n) => n > 0);

/**
 * Runs periodic jobs: each once at start, then every `everyMs`; one run of a job at a time in the
 * whole installation (a PostgreSQL advisory lock; a tick that finds it taken is skipped), and the
 * run's start, duration and error recorded for the host's health page.
 */
export function createJobRunner({ database, config, clock, log }: RunnerOptions): JobRunner {
  const timers: NodeJS.Timeout[] = [];
  const running = new Map<string, Promise<unknown>>();

  async function runExclusively(job: Job): Promise<'ran' | 'failed' | 'busy'> {
    const outcome = await database.exclusively(`kreis-job:${job.name}`, async () => {
      const startedAt = clock();
      const started = performance.now();
      let error: string | null = null;
      try {
        const summary = await job.run({ db: database.db, config, now: startedAt });
        if (didSomething(summary)) log.info(summary, job.name);
      } catch (err) {
        log.error({ err }, `${job.name} failed`);
        error = (err instanceof Error ? err.message : String(err)).slice(0, MAX_ERROR_LENGTH);
      }
      const durationMs = Math.round(performance.now() - started);
      await jobQueries(database.db).record({ name: job.name, startedAt, durationMs, error });
      return error === null ? 'ran' : 'failed';
    });
    return outcome.ran ? outcome.value : 'busy';
  }

  function runOnce(job: Job) {
    const current = running.get(job.name);
    if (current) return Promise.resolve('busy' as const);
    const run = runExclusively(job)
      .catch((err: unknown) => {
        // Recording the run failed too (the database is away): the next tick tries again.
        log.error({ err }, `${job.name} could not run`);
        return 'failed' as const;
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  }

  return {
    runOnce,
    start(jobs) {
      if (timers.length > 0) return;
      for (const job of jobs) {
        if (job.enabled && !job.enabled(config)) continue;
        void runOnce(job);
        const timer = setInterval(() => void runOnce(job), job.everyMs);
        timer.unref();
        timers.push(timer);
      }
    },
    async stop() {
      for (const timer of timers.splice(0)) clearInterval(timer);
      await Promise.all(running.values());
    },
  };
}
