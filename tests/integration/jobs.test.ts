import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { periodicJobs } from '../../server/jobs/catalogue.js';
import { createJobRunner, type Job } from '../../server/jobs/registry.js';
import { enqueueMail } from '../../server/mail/service.js';
import { createTestApp, secondInstance, type TestApp, visibleText } from '../helpers/app.js';
import { logIn, seedGroup } from '../helpers/world/index.js';

/** A job whose run waits until the test lets it finish. */
function heldJob(name: string) {
  let release!: () => void;
  const released = new Promise<void>((resolve) => (release = resolve));
  let runs = 0;
  const job: Job = {
    name,
    everyMs: 60_000,
    async run() {
      runs++;
      await released;
    },
  };
  return { job, release, runs: () => runs };
}

describe('periodic jobs: one registry, one instance at a time, last run on the health page', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp();
  });
  afterAll(() => t.close());

  type RunRow = { name: string; duration_ms: number; error: string | null; last_success_at: Date | null };
  const runRow = async (name: string) =>
    (await t.database.query<RunRow>('select name, duration_ms, error, last_success_at from job_runs where name = $1', [name]))[0];

  it('every job is declared once, with a name the health page can translate', () => {
    const names = periodicJobs(t.app.config).map((job) => job.name);
    expect(names).toEqual(['mail_outbox', 'feedback_links', 'referrals_overdue', 'client_data_retention', 'signals_retention']);
    expect(new Set(names).size).toBe(names.length);
  });

  it('a run does its work and is recorded; the same job does not run twice at once', async () => {
    await enqueueMail(t.app.db, { groupId: null, to: 'kim@example.org', subject: 'Waiting', body: '.' }, t.clock.now());
    const outbox = periodicJobs(t.app.config).find((job) => job.name === 'mail_outbox')!;
    expect(await t.app.jobs.runOnce(outbox)).toBe('ran');
    // Without SMTP, waiting mail is kept for the hosts.
    const [mail] = await t.database.query<{ status: string }>("select status from outbox where subject = 'Waiting'");
    expect(mail?.status).toBe('kept');
    const run = await runRow('mail_outbox');
    expect(run?.error).toBeNull();
    expect(new Date(run!.last_success_at!).getTime()).toBe(t.clock.now().getTime());

    const held = heldJob('held_here');
    const first = t.app.jobs.runOnce(held.job);
    expect(await t.app.jobs.runOnce(held.job)).toBe('busy');
    held.release();
    expect(await first).toBe('ran');
    expect(held.runs()).toBe(1);
  });

  it('a failing run is recorded with its error and keeps the last success; nothing is thrown', async () => {
    let fail = false;
    const job: Job = {
      name: 'sometimes_failing',
      everyMs: 60_000,
      async run() {
        if (fail) throw new Error('mail server away');
      },
    };
    expect(await t.app.jobs.runOnce(job)).toBe('ran');
    const success = (await runRow('sometimes_failing'))!.last_success_at;
    fail = true;
    t.clock.advance(60_000);
    expect(await t.app.jobs.runOnce(job)).toBe('failed');
    expect(await runRow('sometimes_failing')).toMatchObject({ error: 'mail server away', last_success_at: success });
  });

  it('two instances on one PostgreSQL: only one runs a job at a time', async ({ skip }) => {
    if (t.database.driver !== 'postgres') skip('PGlite has one process; the advisory lock is PostgreSQL’s');
    const other = await secondInstance(t);
    const held = heldJob('held_across');
    const first = t.app.jobs.runOnce(held.job);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await other.jobs.runOnce(held.job)).toBe('busy');
    held.release();
    expect(await first).toBe('ran');
    expect(await other.jobs.runOnce(held.job)).toBe('ran');
    expect(held.runs()).toBe(2);
    await other.close();
  });

  it('the host sees every job with its last run and state; a failure with its message', async () => {
    const { host } = await seedGroup(t.app.db);
    const browser = await logIn(t.app, host.email);
    const page = await browser.get('/host/health');
    expect(page.statusCode).toBe(200);
    const text = visibleText(page.body);
    expect(text).toContain('Hintergrundaufgaben');
    expect(text).toMatch(/E-Mails versenden\s+vor 1 Minute\s+\d+ ms\s+in Ordnung/);
    // Never run yet in this database, and switched off without SMTP.
    expect(text).toMatch(/Rückmeldungs-Links an Kundinnen und Kunden mailen\s+noch nicht\s+ausgeschaltet/);
    expect(text).toMatch(/Überfällige Empfehlungen vermerken\s+noch nicht/);
  });

  it('a runner started with the catalogue runs each enabled job at once and stops cleanly', async () => {
    const runner = createJobRunner({ database: t.database, config: t.app.config, clock: t.clock.now, log: t.app.log });
    runner.start(periodicJobs(t.app.config));
    await runner.stop();
    for (const name of ['mail_outbox', 'referrals_overdue', 'client_data_retention', 'signals_retention']) {
      expect(await runRow(name)).toMatchObject({ error: null });
    }
    // No SMTP in the tests: the feedback-link mailer never started.
    expect(await runRow('feedback_links')).toBeUndefined();
  });
});
