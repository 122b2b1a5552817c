import { asc, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { jobRuns } from '../../db/schema.js';

export type JobRun = typeof jobRuns.$inferSelect;

export function jobQueries(db: Db) {
  return {
    async record(run: { name: string; startedAt: Date; durationMs: number; error: string | null }) {
      const lastSuccessAt = run.error === null ? run.startedAt : null;
      await db
        .insert(jobRuns)
        .values({ ...run, lastSuccessAt })
        .onConflictDoUpdate({
          target: jobRuns.name,
          set: {
            startedAt: run.startedAt,
            durationMs: run.durationMs,
            error: run.error,
            lastSuccessAt: sql`coalesce(${lastSuccessAt?.toISOString() ?? null}::timestamptz, ${jobRuns.lastSuccessAt})`,
          },
        });
    },
    async all(): Promise<JobRun[]> {
      return db.select().from(jobRuns).orderBy(asc(jobRuns.name));
    },
  };
}
