import type { Db } from '../../db/client.js';
import { completeDraft } from './drafts.js';
import { dispatch } from '../events/bus.js';
import { errors } from '../shared/errors.js';
import { createFeedbackRequest, hashFeedbackToken, renewFeedbackLink } from '../feedback/requests.js';
import type { Locale } from '../shared/i18n.js';
import { appendTrustEvents } from '../ledger/append.js';
import { type Delivery, enqueueMail } from '../mail/service.js';
import { markReadForReferral } from '../notifications/service.js';
import { constantTimeEqual } from '../shared/tokens.js';
import { clientKeyHash } from './client-key.js';
import { isOverdue, type ReferralStatus, transition } from './lifecycle.js';
import { overdueEvent } from './overdue.js';
import { newReferralMail, referralPageUrl } from './notices.js';
import { referralQueries } from './queries.js';
import type { MoveInput, NewReferralInput } from './schemas.js';
import { addWorkingDays } from './working-days.js';

/**
 * Referrals: a member gives a colleague a client with a need — a trust advance. The receiver
 * moves it along; the client says how it went through a personal link. Client contact data is
 * seen by the giver and the receiver only.
 */

/** How the services reach the world beyond the database. */
export type ReferralEnv = { db: Db; publicUrl: URL; delivery: Delivery };

/** The member giving a referral, acting in one group. */
export type Giver = {
  memberId: string;
  name: string;
  group: { id: string; locale: Locale; timeZone: string; responseDeadlineDays: number };
};

export type GiveResult =
  | { status: 'created'; referralId: string; token: string }
  | { status: 'invalid'; errors: Record<string, string> };

/**
 * Saves a referral and everything that comes with it in one transaction: the client's pseudonym,
 * the `referral_given` trust event, the feedback request, the receiver's notification and mail.
 * Returns the feedback token once; only its hash is kept.
 */
export async function giveReferral(env: ReferralEnv, giver: Giver, input: NewReferralInput, now: Date): Promise<GiveResult> {
  if (input.receiver === giver.memberId) return { status: 'invalid', errors: { receiver: 'referrals.errors.self' } };
  return env.db.transaction(async (tx) => {
    const q = referralQueries(tx);
    const receiver = await q.findMember(input.receiver);
    // Unknown, inactive and other groups' members get the same answer, so nothing about them leaks.
    if (!receiver || receiver.groupId !== giver.group.id || !receiver.active) {
      return { status: 'invalid', errors: { receiver: 'referrals.errors.receiver_unavailable' } } as const;
    }
    const groupId = giver.group.id;
    const clientId = await q.findOrCreateClient(groupId, clientKeyHash(groupId, { email: input.clientEmail, phone: input.clientPhone }), now);
    const dueAt = addWorkingDays(now, giver.group.responseDeadlineDays, giver.group.timeZone);
    const referral = await q.insertReferral({
      groupId,
      giverId: giver.memberId,
      receiverId: receiver.id,
      clientId,
      topic: input.topic,
      need: input.need,
      warmth: input.warmth,
      clientName: input.clientName,
      clientEmail: input.clientEmail || null,
      clientPhone: input.clientPhone || null,
      dueAt,
      createdAt: now,
    });
    if (input.draft) await completeDraft(tx, giver.memberId, input.draft, referral.id);
    await appendTrustEvents(tx, groupId, [
      { kind: 'referral_given', memberId: receiver.id, giverId: giver.memberId, topic: input.topic, referralId: referral.id, clientId, occurredAt: now },
    ]);
    const { token } = await createFeedbackRequest(tx, referral.id, now);
    await dispatch(tx, { type: 'ReferralGiven', at: now, groupId, referralId: referral.id, giverId: giver.memberId, receiverId: receiver.id });
    const mail = newReferralMail(giver.group.locale, {
      receiverName: receiver.name,
      giverName: giver.name,
      topic: input.topic,
      dueAt,
      timeZone: giver.group.timeZone,
      link: referralPageUrl(env.publicUrl, referral.id),
    });
    await enqueueMail(tx, { groupId, to: receiver.email, ...mail }, now, env.delivery);
    return { status: 'created', referralId: referral.id, token } as const;
  });
}

/** Whom the giver can choose: the group's other active members with their trades. */
export async function receiverOptions(db: Db, giver: Pick<Giver, 'memberId' | 'group'>) {
  return referralQueries(db).receiverOptions(giver.group.id, giver.memberId);
}

/** The member a profile's "Empfehlung geben" link names, if they can receive one from this giver. */
export async function preselectedReceiver(db: Db, giver: Pick<Giver, 'memberId' | 'group'>, slug: string): Promise<string | undefined> {
  const id = await referralQueries(db).findMemberIdBySlug(giver.group.id, slug);
  return id === giver.memberId ? undefined : id;
}

export type Role = 'giver' | 'receiver';

function roleOf(referral: { giverId: string; receiverId: string }, memberId: string): Role | null {
  if (referral.giverId === memberId) return 'giver';
  if (referral.receiverId === memberId) return 'receiver';
  return null;
}

/** A referral as its giver or receiver sees it; anyone else gets "not found", so it stays private. */
export async function referralForParty(db: Db, memberId: string, referralId: string) {
  const row = await referralQueries(db).detail(referralId);
  const role = row ? roleOf(row.referral, memberId) : null;
  if (!row || !role) throw errors.notFound('referrals.errors.not_found');
  const { feedback, linkTokenHash, ...rest } = row;
  return { ...rest, role, feedback: feedback?.id ? feedback : null, linkTokenHash };
}

export type PartyReferral = Awaited<ReturnType<typeof referralForParty>>;

/** Opening a referral reads the viewer's notifications about it. */
export async function viewReferral(db: Db, memberId: string, referralId: string, now: Date): Promise<PartyReferral> {
  const referral = await referralForParty(db, memberId, referralId);
  await markReadForReferral(db, memberId, referralId, now);
  return referral;
}

/** The giver's referral when `token` is its current feedback link; null when it is not (renewed, forged). */
export async function sharedReferral(db: Db, memberId: string, referralId: string, token: string): Promise<PartyReferral | null> {
  const referral = await referralForParty(db, memberId, referralId);
  if (referral.role !== 'giver' || !referral.linkTokenHash || token === '') return null;
  const matches = constantTimeEqual(Buffer.from(hashFeedbackToken(token)), Buffer.from(referral.linkTokenHash));
  return matches ? referral : null;
}

async function requireGiver(db: Db, memberId: string, referralId: string) {
  const parties = await referralQueries(db).parties(referralId);
  const role = parties ? roleOf(parties, memberId) : null;
  if (!parties || !role) throw errors.notFound('referrals.errors.not_found');
  if (role !== 'giver') throw errors.forbidden('referrals.errors.giver_only');
  return parties;
}

/**
 * A new feedback link for the giver (only a hash of the old one was kept). The old link stops
 * working. Once the client has answered there is nothing left to share.
 */
export async function renewLink(db: Db, memberId: string, referralId: string, now: Date): Promise<{ token: string }> {
  await requireGiver(db, memberId, referralId);
  const renewed = await renewFeedbackLink(db, referralId, now);
  if (!renewed) throw errors.conflict('referrals.errors.feedback_done');
  return { token: renewed.token };
}

/** The giver removes the client's name and contact data; the ledger, which never held them, stays as it is. */
export async function eraseClientData(db: Db, memberId: string, referralId: string, now: Date): Promise<void> {
  await requireGiver(db, memberId, referralId);
  await eraseReferralClientData(db, referralId, now);
}

/** The erase itself, for the giver's button and for the retention job alike. */
export async function eraseReferralClientData(db: Db, referralId: string, now: Date): Promise<void> {
  await referralQueries(db).eraseClientData(referralId, now);
}

const LIST_LIMIT = 200;

/** The member's referrals, given and received: overdue first, then newest. */
export async function referralLists(db: Db, memberId: string, now: Date) {
  const q = referralQueries(db);
  const [given, received] = await Promise.all([q.givenBy(memberId, now, LIST_LIMIT), q.receivedBy(memberId, now, LIST_LIMIT)]);
  return { given, received };
}

/**
 * The receiver moves a referral forward. The step is applied only if the referral is still where
 * the receiver saw it; a recorded deal value goes to the ledger as `business_closed`; the giver is
 * told about every step.
 */
export async function moveReferral(db: Db, memberId: string, referralId: string, input: MoveInput, now: Date): Promise<ReferralStatus> {
  const referral = await referralQueries(db).parties(referralId);
  const role = referral ? roleOf(referral, memberId) : null;
  if (!referral || !role) throw errors.notFound('referrals.errors.not_found');
  if (role !== 'receiver') throw errors.forbidden('referrals.errors.receiver_only');

  const patch = transition(referral.status, input.to, referral, now);
  if (!patch) throw errors.conflict('referrals.errors.step_not_allowed');
  const valueCents = input.to === 'won' ? input.value : null;

  await db.transaction(async (tx) => {
    const q = referralQueries(tx);
    // Answering after the deadline does not undo it: the penalty is recorded now if the
    // background check has not done so yet (the claim makes sure it happens once).
    if (isOverdue(referral, now) && (await q.claimOverdueOne(referralId, now))) {
      await appendTrustEvents(tx, referral.groupId, [overdueEvent(referral, now)]);
    }
    const applied = await q.applyStep(referralId, referral.status, {
      ...patch,
      status: input.to,
      ...(input.to === 'won' ? { valueCents } : {}),
      ...(input.to === 'lost' ? { lostReason: input.reason } : {}),
    });
    if (!applied) throw errors.conflict('referrals.errors.step_not_allowed');
    if (valueCents !== null) {
      await appendTrustEvents(tx, referral.groupId, [
        {
          kind: 'business_closed',
          memberId: referral.receiverId,
          giverId: referral.giverId,
          topic: referral.topic,
          referralId,
          clientId: referral.clientId,
          valueCents,
          occurredAt: now,
        },
      ]);
    }
    const parties = { groupId: referral.groupId, referralId, giverId: referral.giverId, receiverId: referral.receiverId };
    await dispatch(tx, { type: 'ReferralMoved', at: now, ...parties, to: input.to, firstContact: Boolean(patch.contactedAt) });
  });
  return input.to;
}
