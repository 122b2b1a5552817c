import { TransactionRollbackError, and, asc, eq, gte, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.js';
import {
  accounts,
  breakfastAttendance,
  breakfastGuests,
  breakfasts,
  groups,
  members,
  roundEvents,
} from '../../db/schema.js';
import { memberCard, withAccountAndPhoto } from '../../db/selections.js';

export type AttendeeKind = 'member' | 'guest';

/** The live room's reads and writes: the round's event log, attendance and who could be in the room. */
export function liveQueries(db: Db) {
  return {
    async breakfast(id: string) {
      const [row] = await db
        .select({
          id: breakfasts.id,
          groupId: breakfasts.groupId,
          groupName: groups.name,
          timeZone: groups.timeZone,
          secondsPerIntro: groups.secondsPerIntro,
          startsAt: breakfasts.startsAt,
          cancelledAt: breakfasts.cancelledAt,
        })
        .from(breakfasts)
        .innerJoin(groups, eq(groups.id, breakfasts.groupId))
        .where(eq(breakfasts.id, id));
      return row ?? null;
    },

    /** The round's log from position `fromSeq` on, in order. */
    async eventsFrom(breakfastId: string, fromSeq: number) {
      return db
        .select({ seq: roundEvents.seq, event: roundEvents.event })
        .from(roundEvents)
        .where(and(eq(roundEvents.breakfastId, breakfastId), gte(roundEvents.seq, fromSeq)))
        .orderBy(asc(roundEvents.seq));
    },

    /**
     * Appends events at positions `fromSeq`, `fromSeq + 1`, … — or none of them when another
     * instance wrote at one of those positions first (false: reload and decide again).
     * `alongside` runs in the same transaction, so its writes stand or fall with the events.
     */
    async appendEvents(
      breakfastId: string,
      fromSeq: number,
      events: readonly unknown[],
      alongside?: (tx: Db) => Promise<void>,
    ): Promise<boolean> {
      const rows = events.map((event, i) => ({ breakfastId, seq: fromSeq + i, event }));
      if (rows.length === 0) return true;
      if (rows.length === 1 && !alongside) {
        // One row is one statement: atomic without a transaction, and one round trip instead of three.
        const inserted = await db.insert(roundEvents).values(rows).onConflictDoNothing().returning({ seq: roundEvents.seq });
        return inserted.length === 1;
      }
      try {
        return await db.transaction(async (tx) => {
          const inserted = await tx.insert(roundEvents).values(rows).onConflictDoNothing().returning({ seq: roundEvents.seq });
          if (inserted.length !== rows.length) tx.rollback();
          if (alongside) await alongside(tx);
          return true;
        });
      } catch (error) {
        if (error instanceof TransactionRollbackError) return false;
        throw error;
      }
    },

    /**
     * Marks an attendee present the first time they open the room. A host's later correction
     * (corrected_by set) stands: reopening the room does not undo it.
     */
    async recordAttendance(breakfastId: string, attendeeId: string, kind: AttendeeKind, now: Date) {
      await db
        .insert(breakfastAttendance)
        .values({ breakfastId, attendeeId, kind, present: true, firstSeenAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [breakfastAttendance.breakfastId, breakfastAttendance.attendeeId],
          set: {
            firstSeenAt: sql`coalesce(${breakfastAttendance.firstSeenAt}, excluded.first_seen_at)`,
            present: sql`case when ${breakfastAttendance.correctedBy} is null then true else ${breakfastAttendance.present} end`,
          },
        });
    },

    /** Present attendees in arrival order: who a round started now would call on. */
    async presentAttendees(breakfastId: string) {
      return db
        .select({ id: breakfastAttendance.attendeeId, kind: breakfastAttendance.kind })
        .from(breakfastAttendance)
        .where(and(eq(breakfastAttendance.breakfastId, breakfastId), eq(breakfastAttendance.present, true)))
        .orderBy(asc(breakfastAttendance.firstSeenAt), asc(breakfastAttendance.attendeeId));
    },

    /** Active members of the group, for the room's speaker cards. */
    async groupMembers(groupId: string) {
      const query = db
        .select({ ...memberCard, goodReferral: members.goodReferral, isPublic: members.isPublic })
        .from(members)
        .$dynamic();
      return withAccountAndPhoto(query)
        .where(and(eq(members.groupId, groupId), eq(members.active, true)))
        .orderBy(asc(accounts.name));
    },

    async guests(breakfastId: string) {
      return db
        .select({ id: breakfastGuests.id, name: breakfastGuests.name, trade: breakfastGuests.trade, warum: breakfastGuests.warum })
        .from(breakfastGuests)
        .where(eq(breakfastGuests.breakfastId, breakfastId))
        .orderBy(asc(breakfastGuests.createdAt), asc(breakfastGuests.id));
    },

    /** Whether an attendee was recorded present (the summary page is for those who were there). */
    async wasPresent(breakfastId: string, attendeeId: string) {
      const [row] = await db
        .select({ present: breakfastAttendance.present })
        .from(breakfastAttendance)
        .where(and(eq(breakfastAttendance.breakfastId, breakfastId), eq(breakfastAttendance.attendeeId, attendeeId)));
      return row?.present === true;
    },
  };
}
