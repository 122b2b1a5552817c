import type { Db } from '../../../db/client.js';
import { errors, isAppError } from '../../shared/errors.js';
import { addMemberAccount } from '../accounts.js';
import { dispatch } from '../../events/bus.js';
import { memberQueries } from '../queries.js';
import { type Locale, translate } from '../../shared/i18n.js';
import { type Delivery, enqueueMail } from '../../mail/service.js';
import { randomToken, sha256Hex } from '../../shared/tokens.js';
import { formatDate } from '../../shared/time.js';
import { invitationQueries } from './queries.js';
import type { RedeemInput } from './schemas.js';
import { invitationExpiry, invitationState } from './state.js';

/**
 * Hosts invite members with single-use links that expire after 14 days. Only a hash of the token
 * is stored, so a link can be shown exactly once — right after it is created.
 */

export type NewInvitation = {
  groupId: string;
  createdBy: string;
  email?: string | undefined;
  /** From a member-list import: prefills the join form; the trade is taken on joining. */
  person?: { name: string; phone: string; tradeId: string | null };
  publicUrl: URL;
  /** With an e-mail given, the link is also written to the outbox in the group's language. */
  mail?: InvitationMail;
};

export type InvitationMail = { locale: Locale; timeZone: string; groupName: string; hostName: string; delivery: Delivery };

export type CreatedInvitation = { id: string; link: string; email: string | null; expiresAt: Date; mailed: boolean };

/**
 * Creates an invitation and returns its link; the caller shows it once — it cannot be recovered
 * later. When an e-mail is given the mail is queued in the same transaction.
 */
export async function createInvitation(db: Db, input: NewInvitation, now: Date): Promise<CreatedInvitation> {
  const token = randomToken(32);
  const link = invitationLink(input.publicUrl, token);
  return db.transaction(async (tx) => {
    const invitation = await invitationQueries(tx).insert({
      groupId: input.groupId,
      createdBy: input.createdBy,
      tokenHash: sha256Hex(token),
      email: input.email ?? null,
      name: input.person?.name || null,
      phone: input.person?.phone || null,
      tradeId: input.person?.tradeId ?? null,
      expiresAt: invitationExpiry(now),
      createdAt: now,
    });
    const { mail } = input;
    if (invitation.email && mail) {
      const text = invitationMailText(mail, link, invitation.expiresAt);
      await enqueueMail(tx, { groupId: input.groupId, to: invitation.email, ...text }, now, mail.delivery);
    }
    const mailed = Boolean(invitation.email && mail?.delivery === 'send');
    return { id: invitation.id, link, email: invitation.email, expiresAt: invitation.expiresAt, mailed };
  });
}

/** The invitation mail in the group's language (the invitee has no language of their own yet). */
function invitationMailText(mail: InvitationMail, link: string, expiresAt: Date) {
  const params = { group: mail.groupName, host: mail.hostName, link, date: formatDate(expiresAt, mail.locale, 'date', mail.timeZone) };
  return {
    subject: translate(mail.locale, 'invitations.mail.subject', params),
    body: translate(mail.locale, 'invitations.mail.body', params),
  };
}

export function invitationLink(publicUrl: URL, token: string): string {
  return new URL(`/invite/${token}`, publicUrl).href;
}

/** The host's list: every invitation of the group with its state now. */
export async function groupInvitations(db: Db, groupId: string, now: Date) {
  const rows = await invitationQueries(db).listForGroup(groupId);
  return rows.map((row) => ({ ...row, state: invitationState(row, now) }));
}

export async function revokeInvitation(db: Db, groupId: string, invitationId: string, now: Date): Promise<void> {
  if (!(await invitationQueries(db).revoke(invitationId, groupId, now))) throw errors.notFound('invitations.errors.not_open');
}

/** The invitation behind a link with its state now; null when the token is unknown. */
export async function findInvitation(db: Db, token: string, now: Date) {
  const invitation = await invitationQueries(db).findByTokenHash(sha256Hex(token));
  return invitation ? { ...invitation, state: invitationState(invitation, now) } : null;
}

export type Invitation = NonNullable<Awaited<ReturnType<typeof findInvitation>>>;

/** 410 for a link that was used or has expired (or was revoked), with a message saying which. */
export function assertOpen(invitation: Invitation): void {
  if (invitation.state === 'used') throw errors.gone('invitations.errors.used');
  if (invitation.state === 'expired') throw errors.gone('invitations.errors.expired');
}

export type RedeemResult = { status: 'joined'; accountId: string } | { status: 'email_taken' };

/**
 * Accepts an invitation: claims it (exactly one of two concurrent redemptions wins, the other gets
 * 410) and creates the account and membership in the same transaction, so a failure leaves the
 * link unused.
 */
export async function redeemInvitation(db: Db, invitation: Invitation, person: RedeemInput, now: Date): Promise<RedeemResult> {
  try {
    return await db.transaction(async (tx) => {
      const q = invitationQueries(tx);
      if (!(await q.claim(invitation.id, now))) throw errors.gone('invitations.errors.used');
      const { account, member } = await addMemberAccount(tx, invitation.groupId, person);
      await q.setUsedBy(invitation.id, member.id);
      if (person.phone) await q.setPhone(member.id, person.phone);
      if (invitation.tradeId) await takeInvitedTrade(tx, invitation, member.id, now);
      await dispatch(tx, { type: 'MemberJoined', at: now, groupId: invitation.groupId, memberId: member.id });
      return { status: 'joined' as const, accountId: account.id };
    });
  } catch (error) {
    if (isEmailTaken(error)) return { status: 'email_taken' };
    throw error;
  }
}

/**
 * The trade an imported invitation was made out for: the newcomer's seat, unless someone took it
 * since (then it waits for the hosts, as a member's "request anyway" does).
 */
async function takeInvitedTrade(tx: Db, invitation: Invitation, memberId: string, now: Date): Promise<void> {
  const tradeId = invitation.tradeId!;
  const q = memberQueries(tx);
  if ((await q.lockGroupTrades(invitation.groupId, [tradeId])).length === 0) return;
  const taken = invitation.group.oneSeatPerTrade && (await q.seatHolders(invitation.groupId, { tradeIds: [tradeId], exceptMemberId: memberId })).length > 0;
  await q.setSeats(memberId, [{ tradeId, status: taken ? 'pending' : 'active' }], now);
}

/** The e-mail check in addMemberAccount, or the unique index when two sign-ups with one address race. */
function isEmailTaken(error: unknown): boolean {
  if (isAppError(error)) return error.messageKey === 'auth.errors.email_taken';
  const cause = (error as { cause?: { code?: string; message?: string } } | null)?.cause ?? (error as { code?: string; message?: string });
  return cause?.code === '23505' && String(cause.message).includes('accounts_email_lower');
}
