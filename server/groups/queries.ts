import { and, asc, count, desc, eq, like, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { accounts, groups, members } from '../../db/schema.js';
import { hasPhoto, isDeleted, memberName, withAccountAndPhoto } from '../../db/selections.js';

export function groupQueries(db: Db) {
  return {
    /** The language of the installation's first group: what signed-out visitors read. */
    async firstGroupLocale() {
      const [row] = await db.select({ locale: groups.locale }).from(groups).orderBy(asc(groups.createdAt)).limit(1);
      return row?.locale;
    },
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
    async insertGroup(row: typeof groups.$inferInsert) {
      const [group] = await db.insert(groups).values(row).returning();
      return group!;
    },
  };
}

/** What a host may change about a member, and whose account it is. */
const roleColumns = { accountId: members.accountId, role: members.role, active: members.active, deleted: isDeleted };

/** Reads and writes behind the host pages: members of one group, their roles, the group's settings. */
export function hostQueries(db: Db) {
  return {
    /** Serialises role and activity changes within a group, so two hosts cannot both remove the last host. */
    async lockGroup(groupId: string) {
      await db.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).for('update');
    },
    async findGroup(groupId: string) {
      const [group] = await db.select().from(groups).where(eq(groups.id, groupId));
      return group;
    },
    async updateGroup(groupId: string, values: Partial<typeof groups.$inferInsert>) {
      await db.update(groups).set(values).where(eq(groups.id, groupId));
    },

    /** All members, active and not, active first, then by name. */
    async membersOf(groupId: string) {
      const query = db
        .select({ ...memberName, ...roleColumns, email: accounts.email, createdAt: members.createdAt, hasPhoto })
        .from(members)
        .$dynamic();
      return withAccountAndPhoto(query)
        .where(eq(members.groupId, groupId))
        .orderBy(desc(members.active), asc(accounts.name));
    },
    async findMember(groupId: string, memberId: string) {
      const [member] = await db
        .select({ id: members.id, name: accounts.name, ...roleColumns })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(and(eq(members.groupId, groupId), eq(members.id, memberId)));
      return member;
    },
    async countActiveHosts(groupId: string) {
      const [row] = await db
        .select({ n: count() })
        .from(members)
        .where(and(eq(members.groupId, groupId), eq(members.role, 'host'), eq(members.active, true)));
      return row?.n ?? 0;
    },
    async updateMember(memberId: string, values: { role?: 'member' | 'host'; active?: boolean }, now: Date) {
      await db
        .update(members)
        .set({ ...values, updatedAt: now })
        .where(eq(members.id, memberId));
    },
  };
}
