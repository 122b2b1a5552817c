import { count, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, groups, members } from '../../db/schema.js';

export function groupQueries(db: Db) {
  return {
    async countGroups() {
      const [row] = await db.select({ n: count() }).from(groups);
      return row?.n ?? 0;
    },
    /** Serialises first-time set-up so two simultaneous submissions cannot both create a group. */
    async lockGroups() {
      await db.execute(sql`lock table ${groups} in exclusive mode`);
    },
    async groupSlugsLike(base: string) {
      const rows = await db.select({ slug: groups.slug }).from(groups).where(like(groups.slug, `${base}%`));
      return rows.map((r) => r.slug);
    },
    async memberSlugsLike(base: string) {
      const rows = await db.select({ slug: members.slug }).from(members).where(like(members.slug, `${base}%`));
      return rows.map((r) => r.slug);
    },
    async emailTaken(email: string) {
      const [row] = await db
        .select({ id: accounts.id })
        .from(accounts)
        .where(sql`lower(${accounts.email}) = lower(${email})`);
      return row !== undefined;
    },
    async insertGroup(row: typeof groups.$inferInsert) {
      const [group] = await db.insert(groups).values(row).returning();
      return group!;
    },
    async insertAccount(row: typeof accounts.$inferInsert) {
      const [account] = await db.insert(accounts).values(row).returning();
      return account!;
    },
    async insertMember(row: typeof members.$inferInsert) {
      const [member] = await db.insert(members).values(row).returning();
      return member!;
    },
  };
}
