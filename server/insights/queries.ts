/**
 * Every read behind the dashboard and the host's group health. All aggregation happens in
 * PostgreSQL; each page is a handful of statements run side by side, none per member or month.
 * The member's referrals are found through `referrals_giver` / `referrals_receiver`
 * ((member, created_at)); the group's through its members (`members_group`) and the same indexes,
 * because referrals have no group index of their own. Nothing here reads a client's data.
 */
import { and, asc, eq, gte, isNull, lte, min, sql, type SQL } from 'drizzle-orm';
import type { z } from 'zod';
import type { Db } from '../../db/client.js';
import { accounts, breakfastAttendance, breakfasts, members, referrals } from '../../db/schema.js';
import type { Period } from './period.js';
import { memberMonthRow, referralMonthRow, responseRow, timeMonthRow } from './schemas.js';

/** Rows of a hand-written statement, whatever the driver (PGlite wraps them, postgres.js does not). */
async function rowsOf<S extends z.ZodType>(db: Db, query: SQL, schema: S): Promise<z.infer<S>[]> {
  const result = (await db.execute(query)) as unknown as { rows?: unknown[] } | unknown[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  return rows.map((row) => schema.parse(row));
}

const ts = (date: Date) => sql`${date.toISOString()}::timestamptz`;
const monthOf = (column: SQL, timeZone: string) => sql`to_char(${column} at time zone ${timeZone}, 'YYYY-MM')`;

/**
 * When the client confirmed the outcome of referral `r`: the feedback's date, read per row through
 * its unique index (as a join the planner may choose to hash the whole feedback table). Null when
 * there is no feedback, or when a host reversed its `feedback` event (a trust correction): the
 * trust page no longer counts it, so neither do the insights. The reversal is found through the
 * event's member (`trust_events_member`); reversals carry no referral id. A flagged answer
 * (server/signals) is no confirmation until a host found it genuine.
 */
const confirmedAt = sql`(select f.created_at from feedback f where f.referral_id = r.id and not exists (
    select 1 from trust_events fe join trust_events rv on rv.member_id = fe.member_id and rv.kind = 'reversal' and rv.reverses_id = fe.id
    where fe.referral_id = r.id and fe.kind = 'feedback')
    and (f.verification <> 'flagged' or exists (
      select 1 from feedback_flags ff where ff.feedback_id = f.id and ff.verdict = 'genuine')))`;

/** The member's referrals on both sides; a referral is never both (no self-referral). */
const mine = (memberId: string) => sql`
  mine as (
    select 'given' as side, r.created_at, r.contacted_at, r.won_at, r.value_cents, r.status, ${confirmedAt} as confirmed_at
      from referrals r where r.giver_id = ${memberId}
    union all
    select 'received' as side, r.created_at, r.contacted_at, r.won_at, r.value_cents, r.status, ${confirmedAt} as confirmed_at
      from referrals r where r.receiver_id = ${memberId}
  )`;

export function insightsQueries(db: Db) {
  return {
    /**
     * Referrals given / received, confirmed (by the feedback's date) and won (by the win's date), per
     * month; and `confirmed_referral`: the confirmed ones among them, dated by the referral, so "x of
     * the y you received" compares referrals of the same months.
     */
    referralMonths(memberId: string, period: Period) {
      return rowsOf(
        db,
        sql`with ${mine(memberId)}
          select m.side, e.kind, ${monthOf(sql`e.at`, period.timeZone)} as month, count(*)::int as count, sum(e.cents)::float8 as cents
          from mine m
          cross join lateral (values
            ('referral', m.created_at, 0::bigint),
            ('won', case when m.status = 'won' then m.won_at end, coalesce(m.value_cents, 0)::bigint),
            ('confirmed', m.confirmed_at, 0::bigint),
            ('confirmed_referral', case when m.confirmed_at is not null then m.created_at end, 0::bigint)
          ) as e(kind, at, cents)
          where e.at >= ${ts(period.from)} and e.at <= ${ts(period.to)}
          group by 1, 2, 3`,
        referralMonthRow,
      );
    },

    /** Median seconds from a referral to its first contact, over the referrals given in the period. */
    responses(memberId: string, period: Period) {
      return rowsOf(
        db,
        sql`with mine as (
            select 'given' as side, r.created_at, r.contacted_at from referrals r
              where r.giver_id = ${memberId} and r.created_at >= ${ts(period.from)}
            union all
            select 'received', r.created_at, r.contacted_at from referrals r
              where r.receiver_id = ${memberId} and r.created_at >= ${ts(period.from)}
          )
          select side, count(*)::int as referrals, count(contacted_at)::int as contacted,
            percentile_cont(0.5) within group (order by extract(epoch from contacted_at - created_at))::float8 as "medianSeconds"
          from mine where created_at >= ${ts(period.from)} and created_at <= ${ts(period.to)}
          group by side`,
        responseRow,
      );
    },

    /** Breakfasts attended (present) and confirmed one-to-ones, with their minutes, per month. */
    timeMonths(memberId: string, groupId: string, period: Period) {
      return rowsOf(
        db,
        sql`select 'breakfast' as kind, ${monthOf(sql`b.starts_at`, period.timeZone)} as month, count(*)::int as count, sum(b.duration_minutes)::int as minutes
          from breakfasts b
          join breakfast_attendance a on a.breakfast_id = b.id and a.attendee_id = ${memberId} and a.kind = 'member' and a.present
          where b.group_id = ${groupId} and b.starts_at >= ${ts(period.from)} and b.starts_at <= ${ts(period.to)}
          group by 2
          union all
          select 'one_to_one', to_char(o.met_on, 'YYYY-MM'), count(*)::int, coalesce(sum(o.duration_minutes), 0)::int
          from one_to_ones o
          where (o.requester_id = ${memberId} or o.partner_id = ${memberId}) and o.group_id = ${groupId}
            and o.status = 'confirmed' and o.met_on >= ${period.fromDay}::date and o.met_on <= ${period.toDay}::date
          group by 2`,
        timeMonthRow,
      );
    },

    /**
     * The group's referral statistics per member and month: given and received (by the day given),
     * confirmed (by the feedback), won (by the win), overdue (by when the deadline passed).
     */
    memberMonths(groupId: string, period: Period) {
      const from = ts(period.from);
      const to = ts(period.to);
      return rowsOf(
        db,
        // Each member's received referrals are read once and unpivoted into their dated events;
        // confirmed, won and overdue may fall into the period for referrals given before it, so
        // that scan has no date bound.
        sql`with gm as (select id from members where group_id = ${groupId}),
          received as (
            select r.receiver_id, r.created_at, r.status, r.won_at, r.value_cents, r.due_at, r.overdue_at,
              ${confirmedAt} as confirmed_at
            from gm join referrals r on r.receiver_id = gm.id
          ),
          dated as (
            select r.giver_id as member_id, 'given' as kind, r.created_at as at, 0::bigint as cents
              from gm join referrals r on r.giver_id = gm.id where r.created_at >= ${from}
            union all
            select r.receiver_id, e.kind, e.at, e.cents
              from received r
              cross join lateral (values
                ('received', r.created_at, 0::bigint),
                ('confirmed', r.confirmed_at, 0::bigint),
                ('won', case when r.status = 'won' then r.won_at end, coalesce(r.value_cents, 0)::bigint),
                ('overdue', case when r.overdue_at is not null or (r.status = 'open' and r.due_at <= ${to})
                                 then coalesce(r.overdue_at, r.due_at) end, 0::bigint)
              ) as e(kind, at, cents)
              where e.at is not null
          )
          select member_id as "memberId", ${monthOf(sql`at`, period.timeZone)} as month,
            count(*) filter (where kind = 'given')::int as given,
            count(*) filter (where kind = 'received')::int as received,
            count(*) filter (where kind = 'confirmed')::int as confirmed,
            count(*) filter (where kind = 'won')::int as won,
            coalesce(sum(cents) filter (where kind = 'won'), 0)::float8 as "wonCents",
            count(*) filter (where kind = 'overdue')::int as overdue
          from dated where at >= ${from} and at <= ${to}
          group by 1, 2`,
        memberMonthRow,
      );
    },

    /** Everyone who is or was a member of the group, with the name to show. */
    groupMembers(groupId: string) {
      return db
        .select({ id: members.id, name: accounts.name, slug: members.slug, active: sql<boolean>`(${members.active} and ${members.deletedAt} is null)` })
        .from(members)
        .innerJoin(accounts, eq(accounts.id, members.accountId))
        .where(eq(members.groupId, groupId));
    },

    /** Referrals still open past their response deadline now, per receiver. */
    overdueNow(groupId: string, now: Date) {
      return db
        .select({ memberId: referrals.receiverId, count: sql<number>`count(*)::int`, oldestDueAt: min(referrals.dueAt) })
        .from(members)
        .innerJoin(referrals, eq(referrals.receiverId, members.id))
        // A receiver who deleted their account is not waited for (the overdue job skips them too).
        .where(and(eq(members.groupId, groupId), isNull(members.deletedAt), eq(referrals.status, 'open'), lte(referrals.dueAt, now)))
        .groupBy(referrals.receiverId);
    },

    /** Members present and guests per breakfast held in the period (cancelled ones left out). */
    attendance(groupId: string, period: Period) {
      return db
        .select({
          id: breakfasts.id,
          startsAt: breakfasts.startsAt,
          members: sql<number>`(count(*) filter (where ${breakfastAttendance.kind} = 'member' and ${breakfastAttendance.present}))::int`,
          guests: sql<number>`(count(*) filter (where ${breakfastAttendance.kind} = 'guest' and ${breakfastAttendance.present}))::int`,
        })
        .from(breakfasts)
        .leftJoin(breakfastAttendance, eq(breakfastAttendance.breakfastId, breakfasts.id))
        .where(
          and(eq(breakfasts.groupId, groupId), gte(breakfasts.startsAt, period.from), lte(breakfasts.startsAt, period.to), isNull(breakfasts.cancelledAt)),
        )
        .groupBy(breakfasts.id)
        .orderBy(asc(breakfasts.startsAt));
    },

    /** Who referred whom how often in the period: the network picture's edges. */
    edges(groupId: string, period: Period) {
      return db
        .select({ from: referrals.giverId, to: referrals.receiverId, count: sql<number>`count(*)::int` })
        .from(members)
        .innerJoin(referrals, eq(referrals.giverId, members.id))
        .where(and(eq(members.groupId, groupId), gte(referrals.createdAt, period.from), lte(referrals.createdAt, period.to)))
        .groupBy(referrals.giverId, referrals.receiverId);
    },
  };
}
