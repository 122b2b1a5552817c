import type { FastifyInstance } from 'fastify';

export type IntervalJob = {
  /** Names the job in the error log line: "<name> failed". */
  name: string;
  everyMs: number;
  /** One run; its errors are logged, never thrown. */
  run: () => Promise<void>;
  /** Checked when the server listens; the job does not start when it says no (e.g. no SMTP). */
  enabled?: () => boolean;
};

/**
 * A background job on an interval. It starts when the server listens (an app driven only through
 * inject never runs it; tests call the job's function with their clock), runs once at once and
 * then every `everyMs`; one run at a time per instance (a tick during a run is skipped), and
 * closing the app stops the timer and waits for the current run.
 */
export function registerIntervalJob(app: FastifyInstance, job: IntervalJob): void {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  function tick() {
    if (running) return;
    running = job
      .run()
      .catch((error: unknown) => app.log.error({ err: error }, `${job.name} failed`))
      .finally(() => {
        running = undefined;
      });
  }

  app.addHook('onListen', async () => {
    if (timer || (job.enabled && !job.enabled())) return;
    tick();
    timer = setInterval(tick, job.everyMs);
    timer.unref();
  });
  app.addHook('onClose', async () => {
    if (timer) clearInterval(timer);
    timer = undefined;
    await running;
  });
}
