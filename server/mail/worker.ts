import type { Db } from '../../db/client.js';
import { deliverDueMail, keepPendingMail } from './service.js';
import type { MailTransport } from './transport.js';

export type MailWorkerOptions = {
  db: Db;
  /** null when no SMTP is configured: then waiting messages are kept for hosts. */
  transport: MailTransport | null;
  clock: () => Date;
  intervalMs: number;
  onError: (error: unknown) => void;
  /** Told about every run in which a delivery failed. */
  onFailures: (result: { failed: number; kept: number }) => void;
};

export type MailWorker = { start(): void; stop(): Promise<void> };

/** Runs the outbox on an interval; one run at a time, and stop() waits for the current run. */
export function createMailWorker(options: MailWorkerOptions): MailWorker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;

  async function runOnce() {
    try {
      if (!options.transport) {
        await keepPendingMail(options.db);
        return;
      }
      const result = await deliverDueMail(options.db, options.transport, options.clock());
      if (result.failed > 0 || result.kept > 0) options.onFailures(result);
    } catch (error) {
      options.onError(error);
    }
  }

  function tick() {
    if (running) return;
    running = runOnce().finally(() => {
      running = undefined;
    });
  }

  return {
    start() {
      if (timer) return;
      tick();
      timer = setInterval(tick, options.intervalMs);
      timer.unref();
    },
    async stop() {
      if (timer) clearInterval(timer);
      timer = undefined;
      await running;
    },
  };
}
