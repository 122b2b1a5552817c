import type { Db } from '../../db/client.js';
import type { Config } from '../config.js';
import { periodicJobs } from './catalogue.js';
import { type JobRun, jobQueries } from './queries.js';

export type JobStatus = { name: string; everyMs: number; enabled: boolean; lastRun: JobRun | null };

/** Every job with its last run in the installation, for the host's health page. */
export async function jobStatuses(db: Db, config: Config): Promise<JobStatus[]> {
  const runs = new Map((await jobQueries(db).all()).map((run) => [run.name, run]));
  return periodicJobs(config).map((job) => ({
    name: job.name,
    everyMs: job.everyMs,
    enabled: job.enabled ? job.enabled(config) : true,
    lastRun: runs.get(job.name) ?? null,
  }));
}
