import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import { constantTimeEqual, randomToken, sha256Hex } from '../shared/tokens.js';
import { type BreakfastRow, breakfastQueries } from './queries.js';
import type { BreakfastInput, RsvpAnswer } from './schemas.js';
import { DAY_MS } from '../shared/time.js';

/**
 * Breakfasts: a group's scheduled meetings. Hosts schedule, edit and cancel them; members see
 * their own group's, say whether they come and take them into their calendar. Another group's
 * breakfast is "not found", so nothing about it leaks.
 */

/** Who acts: a member of one group, with their role there. */
export type Actor = { id: string; role: 'member' | 'host'; group: { id: string; name: string } };

type Breakfast = Omit<BreakfastRow, 'guestTokenHash' | 'createdBy'>;

/** How far back the list shows past breakfasts. */
const RECENT_DAYS = 30;
const LIST_LIMIT = 100;

export function endsAt(breakfast: Pick<Breakfast, 'startsAt' | 'durationMinutes'>): Date {
  return new Date(breakfast.startsAt.getTime() + breakfast.durationMinutes * 60 * 1000);
}

function requireHostOf(actor: Actor) {
  if (actor.role !== 'host') throw errors.forbidden('errors.host_only');
}

/** A breakfast of the actor's group, or "not found". */
export async function breakfastOfGroup(db: Db, groupId: string, breakfastId: string): Promise<Breakfast> {
  const breakfast = await breakfastQueries(db).findInGroup(groupId, breakfastId);
  if (!breakfast) throw errors.notFound('breakfasts.errors.not_found');
  return breakfast;
}

/** A new guest link: the token is returned once, only its hash is kept. */
function newGuestToken() {
  const token = randomToken(32);
  return { token, hash: sha256Hex(token) };
}

/** Upcoming breakfasts (earliest first) and those of the last weeks (latest first), with the viewer's answers. */
export async function listBreakfasts(db: Db, actor: Actor, now: Date) {
  const q = breakfastQueries(db);
  const rows = await q.listForGroup(actor.group.id, new Date(now.getTime() - RECENT_DAYS * DAY_MS), LIST_LIMIT);
  const answers = new Map((await q.answersOf(actor.id, rows.map((row) => row.id))).map((a) => [a.breakfastId, a.answer]));
  const withAnswer = rows.map((row) => ({ ...row, endsAt: endsAt(row), answer: answers.get(row.id) ?? null }));
  return {
    upcoming: withAnswer.filter((row) => row.endsAt.getTime() > now.getTime()),
    past: withAnswer.filter((row) => row.endsAt.getTime() <= now.getTime()).reverse(),
  };
}

export async function scheduleBreakfast(db: Db, actor: Actor, input: BreakfastInput, now: Date) {
  requireHostOf(actor);
  const { token, hash } = newGuestToken();
  const breakfast = await breakfastQueries(db).insertBreakfast({
    groupId: actor.group.id,
    startsAt: input.startsAt,
    durationMinutes: input.durationMinutes,
    videoUrl: input.videoUrl,
    agenda: input.agenda,
    guestTokenHash: hash,
    createdBy: actor.id,
    createdAt: now,
  });
  return { id: breakfast.id, guestToken: token };
}

/** The breakfast a host may change: their group's and not cancelled. */
async function changeableBreakfast(db: Db, actor: Actor, breakfastId: string) {
  requireHostOf(actor);
  const breakfast = await breakfastOfGroup(db, actor.group.id, breakfastId);
  if (breakfast.cancelledAt) throw errors.conflict('breakfasts.errors.cancelled');
  return breakfast;
}

/** For the edit form: the host's own group's breakfast, still on. */
export async function breakfastToEdit(db: Db, actor: Actor, breakfastId: string) {
  return changeableBreakfast(db, actor, breakfastId);
}

export async function updateBreakfast(db: Db, actor: Actor, breakfastId: string, input: BreakfastInput) {
  await changeableBreakfast(db, actor, breakfastId);
  await breakfastQueries(db).updateBreakfast(actor.group.id, breakfastId, input);
}

export async function cancelBreakfast(db: Db, actor: Actor, breakfastId: string, now: Date) {
  await changeableBreakfast(db, actor, breakfastId);
  await breakfastQueries(db).cancel(actor.group.id, breakfastId, now);
}

/** A new guest link for the breakfast; the old one stops working at once. */
export async function renewGuestLink(db: Db, actor: Actor, breakfastId: string) {
  await changeableBreakfast(db, actor, breakfastId);
  const { token, hash } = newGuestToken();
  await breakfastQueries(db).updateBreakfast(actor.group.id, breakfastId, { guestTokenHash: hash });
  return { guestToken: token };
}

/** True when `token` is the breakfast's current guest link (it is shown to the host only then). */
export async function isCurrentGuestToken(db: Db, breakfastId: string, token: string): Promise<boolean> {
  const hash = await breakfastQueries(db).guestTokenHash(breakfastId);
  return hash !== undefined && token !== '' && constantTimeEqual(Buffer.from(sha256Hex(token)), Buffer.from(hash));
}

/** Everything the breakfast page shows: the meeting, who answered what, and pledges the viewer received. */
export async function breakfastPage(db: Db, actor: Actor, breakfastId: string, now: Date) {
  const breakfast = await breakfastOfGroup(db, actor.group.id, breakfastId);
  const q = breakfastQueries(db);
  const [rsvps, pledges, guests] = await Promise.all([
    q.rsvps(breakfastId),
    q.pledgesReceived(breakfastId, actor.id),
    actor.role === 'host' ? q.guests(breakfastId) : Promise.resolve([]),
  ]);
  const end = endsAt(breakfast);
  return {
    breakfast: { ...breakfast, endsAt: end },
    over: end.getTime() <= now.getTime(),
    answer: rsvps.find((r) => r.memberId === actor.id)?.answer ?? null,
    coming: {
      yes: rsvps.filter((r) => r.answer === 'yes'),
      maybe: rsvps.filter((r) => r.answer === 'maybe'),
      no: rsvps.filter((r) => r.answer === 'no'),
    },
    pledgesReceived: pledges,
    guests,
  };
}

/** "Kommst du?" — one answer per member and breakfast; answering again replaces it. */
export async function answerRsvp(db: Db, actor: Actor, breakfastId: string, answer: RsvpAnswer, now: Date) {
  const breakfast = await breakfastOfGroup(db, actor.group.id, breakfastId);
  if (breakfast.cancelledAt) throw errors.conflict('breakfasts.errors.cancelled');
  if (endsAt(breakfast).getTime() <= now.getTime()) throw errors.conflict('breakfasts.errors.over');
  await breakfastQueries(db).upsertRsvp(breakfastId, actor.id, answer, now);
}

/** The host's attendance list: every active member and every registered guest, ticked when present. */
export async function attendanceSheet(db: Db, actor: Actor, breakfastId: string) {
  requireHostOf(actor);
  const breakfast = await breakfastOfGroup(db, actor.group.id, breakfastId);
  const q = breakfastQueries(db);
  const [memberRows, guestRows, recorded] = await Promise.all([q.activeMembers(actor.group.id), q.guests(breakfastId), q.attendance(breakfastId)]);
  const present = new Set(recorded.filter((row) => row.present).map((row) => row.attendeeId));
  return {
    breakfast: { ...breakfast, endsAt: endsAt(breakfast) },
    members: memberRows.map((m) => ({ ...m, present: present.has(m.id) })),
    guests: guestRows.map((g) => ({ ...g, present: present.has(g.id) })),
  };
}

/**
 * Saves the host's corrections: every listed member and guest gets a row, present or not, marked
 * as corrected by this host. An id that is not on the list refuses the whole form.
 */
export async function saveAttendance(db: Db, actor: Actor, breakfastId: string, presentIds: string[], now: Date) {
  const sheet = await attendanceSheet(db, actor, breakfastId);
  const kinds = new Map<string, 'member' | 'guest'>([
    ...sheet.members.map((m) => [m.id, 'member'] as const),
    ...sheet.guests.map((g) => [g.id, 'guest'] as const),
  ]);
  if (presentIds.some((id) => !kinds.has(id))) throw errors.badRequest('breakfasts.errors.attendance');
  const present = new Set(presentIds);
  await breakfastQueries(db).upsertAttendance(
    [...kinds].map(([attendeeId, kind]) => ({
      breakfastId,
      attendeeId,
      kind,
      present: present.has(attendeeId),
      correctedBy: actor.id,
      updatedAt: now,
    })),
  );
}
