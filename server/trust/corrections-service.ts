/**
 * Corrections by hand: a host takes back an event in the ledger of a member of their group by
 * appending a `reversal` event (the ledger is never edited) and a trust_corrections row naming
 * the host and the reason — both in one transaction, under the group's chain lock.
 */
import type { Db } from '../../db/client.js';
import { errors } from '../shared/errors.js';
import { notify } from '../notifications/service.js';
import { appendTrustEvents, lockChain } from '../ledger/append.js';
import { type CorrectionReason, type CorrectionRefusal, correctableIds, correctionRefusal, correctionTarget } from './corrections.js';
import { trustQueries } from './queries.js';
import { scoreMember } from './score.js';
import { type MemberTrust, memberTrust, type TrustSubject, trustSubject, type TrustViewer } from './service.js';

/** The viewer with their roles, so the host of one group is not taken for the host of another. */
export type CorrectorViewer = TrustViewer & { hostOf: readonly { groupId: string; memberId: string }[] };

/** The viewer's host seat in the subject's group; a member without one gets 403. */
function hostSeat(subject: TrustSubject, viewer: CorrectorViewer) {
  const seat = viewer.hostOf.find((h) => h.groupId === subject.groupId);
  if (!seat) throw errors.forbidden('trust.correct.host_only');
  return seat;
}

/** Whether the viewer may correct anything on this member's page (a host of the group, not their own page). */
export function mayCorrect(subject: TrustSubject, viewer: CorrectorViewer): boolean {
  return !subject.isOwn && viewer.hostOf.some((h) => h.groupId === subject.groupId);
}

/** The ids of the events on this trust page the viewer may correct; empty for anyone but another host. */
export function correctableOnPage(trust: MemberTrust, viewer: CorrectorViewer): Set<string> {
  if (!mayCorrect(trust.subject, viewer)) return new Set();
  return correctableIds(
    trust.subject.id,
    trust.score.explanation,
    trust.rows.map((r) => r.reversesId),
    viewer.memberIds,
  );
}

export type CorrectionCandidate = { trust: MemberTrust; eventId: string; refusal: CorrectionRefusal | null };

/**
 * The event a host is about to correct, with the member's whole ledger (for its description) and
 * why it cannot be corrected, if so. 404 for another group's member or an event not in this ledger.
 */
export async function correctionCandidate(db: Db, slug: string, eventId: string, viewer: CorrectorViewer, now: Date): Promise<CorrectionCandidate> {
  const subject = await trustSubject(db, slug, viewer);
  hostSeat(subject, viewer);
  const trust = await memberTrust(db, subject, now);
  const target = correctionTarget(eventId, subject.id, trust.score.explanation, trust.rows.map((r) => r.reversesId));
  if (!target) throw errors.notFound('trust.correct.not_found');
  return { trust, eventId, refusal: correctionRefusal(target, viewer.memberIds) };
}

export type CorrectionOutcome = { ok: true; subject: TrustSubject } | { ok: false; refusal: CorrectionRefusal };

/**
 * Reverses one event. The group's chain lock is taken before the ledger is read again, so two
 * hosts correcting the same event at once append exactly one reversal: the second one finds it.
 * The member is told in the app.
 */
export async function correctEvent(
  db: Db,
  input: { slug: string; eventId: string; reason: CorrectionReason },
  viewer: CorrectorViewer,
  now: Date,
): Promise<CorrectionOutcome> {
  const subject = await trustSubject(db, input.slug, viewer);
  const host = hostSeat(subject, viewer);
  return db.transaction(async (tx): Promise<CorrectionOutcome> => {
    const q = trustQueries(tx);
    await lockChain(tx, subject.groupId);
    const events = await q.eventsAbout(subject.id);
    const event = events.find((e) => e.id === input.eventId);
    if (!event) throw errors.notFound('trust.correct.not_found');
    const { explanation } = scoreMember(events, subject.id, now);
    const target = correctionTarget(event.id, subject.id, explanation, events.map((e) => e.reversesId));
    const refusal = target ? correctionRefusal(target, viewer.memberIds) : 'not_counted';
    if (refusal) return { ok: false, refusal };

    const [reversal] = await appendTrustEvents(tx, subject.groupId, [
      { kind: 'reversal', memberId: event.memberId, topic: event.topic, reversesId: event.id, occurredAt: now },
    ]);
    await q.insertCorrection({ reversalEventId: reversal!.id, reversedBy: host.memberId, reason: input.reason, createdAt: now });
    await notify(tx, [{ memberId: subject.id, kind: 'trust_corrected' }], now);
    return { ok: true, subject };
  });
}
