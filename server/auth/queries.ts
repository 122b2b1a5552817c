import { and, asc, eq, gt, lt, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import { preparedStatement } from '../../db/prepared.js';
import { accounts, groups, members, notifications, passwordResets, sessions } from '../../db/schema.js';

/** What a page needs to know about one of the viewer's memberships. */
const membershipColumns = {
  id: members.id,
  slug: members.slug,
  role: members.role,
  group: {
    id: groups.id,
    slug: groups.slug,
    name: groups.name,
    city: groups.city,
    locale: groups.locale,
    timeZone: groups.timeZone,
    secondsPerIntro: groups.secondsPerIntro,
    responseDeadlineDays: groups.responseDeadlineDays,
    oneSeatPerTrade: groups.oneSeatPerTrade,
  },
};

function sessionWithViewerStatement(db: Db) {
  return db
    .select({
      session: { id: sessions.id, secretHash: sessions.secretHash, accountId: sessions.accountId, expiresAt: sessions.expiresAt },
      account: { id: accounts.id, name: accounts.name, email: accounts.email },
      membership: { id: members.id, slug: members.slug, role: members.role },
      group: membershipColumns.group,
      unread: sql<number>`(select count(*)::int from ${notifications} where ${notifications.memberId} = ${members.id} and ${notifications.readAt} is null)`,
    })
    .from(sessions)
    .innerJoin(accounts, eq(accounts.id, sessions.accountId))
    .leftJoin(members, and(eq(members.accountId, accounts.id), eq(members.active, true)))
    .leftJoin(groups, eq(groups.id, members.groupId))
    .where(eq(sessions.id, sql.placeholder('sessionId')))
    .orderBy(asc(members.createdAt));
}

export function authQueries(db: Db) {
  return {
    async insertSession(row: typeof sessions.$inferInsert) {
      await db.insert(sessions).values(row);
    },
    async findSession(id: string) {
      const [row] = await db.select().from(sessions).where(eq(sessions.id, id));
      return row;
    },
    async setSessionExpiry(id: string, expiresAt: Date) {
      await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, id));
    },
    async deleteSession(id: string) {
      await db.delete(sessions).where(eq(sessions.id, id));
    },
    async deleteSessionsOf(accountId: string) {
      await db.delete(sessions).where(eq(sessions.accountId, accountId));
    },
    async deleteExpiredSessions(now: Date) {
      await db.delete(sessions).where(lt(sessions.expiresAt, now));
    },

    async findAccountById(id: string) {
      const [row] = await db.select().from(accounts).where(eq(accounts.id, id));
      return row;
    },
    async findAccountByEmail(email: string) {
      const [row] = await db
        .select()
        .from(accounts)
        .where(sql`lower(${accounts.email}) = lower(${email})`);
      return row;
    },
    async setPasswordHash(accountId: string, passwordHash: string) {
      await db.update(accounts).set({ passwordHash }).where(eq(accounts.id, accountId));
    },

    /** The account's active memberships with their groups, oldest first. */
    async membershipsOf(accountId: string) {
      return db
        .select(membershipColumns)
        .from(members)
        .innerJoin(groups, eq(groups.id, members.groupId))
        .where(and(eq(members.accountId, accountId), eq(members.active, true)))
        .orderBy(asc(members.createdAt));
    },

    /**
     * Everything a request needs about its viewer in ONE round trip: the session, the account,
     * its active memberships (oldest first) and each membership's unread notifications for the
     * header badge. One row per membership; an account without any gives one row with nulls.
     */
    async findSessionWithViewer(sessionId: string) {
      return preparedStatement(db, 'session_with_viewer', sessionWithViewerStatement).execute({ sessionId });
    },

    async insertPasswordReset(row: typeof passwordResets.$inferInsert) {
      await db.insert(passwordResets).values(row);
    },
    async findPasswordReset(tokenHash: string) {
      const [row] = await db.select().from(passwordResets).where(eq(passwordResets.tokenHash, tokenHash));
      return row;
    },
    /** Marks the link used; false when another request used it first or it has just expired. */
    async usePasswordReset(id: string, now: Date) {
      const used = await db
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.id, id), sql`${passwordResets.usedAt} is null`, gt(passwordResets.expiresAt, now)))
        .returning({ id: passwordResets.id });
      return used.length === 1;
    },
    /** After a password change no older reset link may work any more. */
    async closeOpenResets(accountId: string, now: Date) {
      await db
        .update(passwordResets)
        .set({ usedAt: now })
        .where(and(eq(passwordResets.accountId, accountId), sql`${passwordResets.usedAt} is null`));
    },
  };
}

export type Membership = Awaited<ReturnType<ReturnType<typeof authQueries>['membershipsOf']>>[number];
