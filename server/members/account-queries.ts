import { like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, members } from '../../db/schema.js';

/** Creating accounts and their first membership. */
export function accountQueries(db: Db) {
  return {
    async memberSlugsLike(base: string) {
      const rows = await db.select({ slug: members.slug }).from(members).where(like(members.slug, `${base}%`));
      return rows.map((r) => r.slug);
    },
    async lockAccountCreation() {
      await db.execute(sql`select pg_advisory_xact_lock(hashtextextended('kreis-account-creation', 0))`);
    },
    async emailTaken(email: string) {
      const [row] = await db
        .select({ id: accounts.id })
        .from(accounts)
        .where(sql`lower(${accounts.email}) = lower(${email})`);
      return row !== undefined;
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
