import { forgetDevices, sightingsForExport } from '../signals/service.js';
import type { Db } from '../../db/client.js';
import { accountWithPassword } from '../auth/service.js';
import { errors } from '../shared/errors.js';
import { activeHostsUnderLock } from '../groups/host-service.js';
import { DEFAULT_LOCALE, translate } from '../shared/i18n.js';
import { notify } from '../notifications/service.js';
import { declineOpenOneToOnes } from '../one-to-ones/service.js';
import { eraseReferralClientData } from '../referrals/service.js';
import { deletedEmail, deletedSlug, groupsLeftWithoutHost, UNUSABLE_PASSWORD_HASH } from './deletion.js';
import { buildAccountExport } from './export.js';
import { exportQueries } from './export-queries.js';
import { deletionQueries, retentionQueries } from './queries.js';
import { retentionCutoff } from './retention.js';
import { type AccountExport, accountExportSchema, type DeleteAccountInput } from './schemas.js';

/** Everything Kreis holds about the account's person, as the versioned export shape. */
export async function exportAccount(db: Db, accountId: string, now: Date): Promise<AccountExport> {
  const q = exportQueries(db);
  const account = await q.account(accountId);
  if (!account || account.deletedAt) throw errors.notFound();
  const memberships = await q.memberships(accountId);
  const ids = memberships.map((m) => m.member.id);
  const none = Promise.resolve([]);
  const [trades, referrals, drafts, oneToOnes, rsvps, attendance, notifications, trustEvents] = await Promise.all([
    ids.length ? q.trades(ids) : none,
    ids.length ? q.referrals(ids) : none,
    ids.length ? q.drafts(ids) : none,
    ids.length ? q.oneToOnes(ids) : none,
    ids.length ? q.rsvps(ids) : none,
    ids.length ? q.attendance(ids) : none,
    ids.length ? q.notifications(ids) : none,
    ids.length ? q.trustEvents(ids) : none,
  ]);
  const deviceSightings = await sightingsForExport(db, ids);
  const built = buildAccountExport(
    { account, memberships, trades, referrals, drafts, oneToOnes, rsvps, attendance, notifications, trustEvents, deviceSightings },
    now,
  );
  // The shape is a promise to whoever reads the file: a row that does not fit is a bug, found here.
  return accountExportSchema.parse(built);
}

export type DeletionOutcome = { ok: true } | { ok: false; reason: 'wrong_password' } | { ok: false; reason: 'last_host'; groups: string[] };

/**
 * Deletes the person behind an account, keeping the rows other people's history hangs on: the
 * account and member rows stay with neutral placeholders, so referrals, feedback and trust events
 * keep their ids and the ledger chain (which never held personal data) still verifies. Refused,
 * with nothing changed, for a wrong password or when a group would be left without a host.
 */
export async function deleteAccount(db: Db, accountId: string, input: DeleteAccountInput, now: Date): Promise<DeletionOutcome> {
  const account = await accountWithPassword(db, accountId, input.deletePassword);
  if (!account) return { ok: false, reason: 'wrong_password' };
  return db.transaction(async (tx): Promise<DeletionOutcome> => {
    const q = deletionQueries(tx);
    // The same group lock host actions take (promote, demote, deactivate), taken first and in a
    // fixed order: two hosts deleting at once, or a demotion meanwhile, cannot leave a group
    // without a host, and no two of them can deadlock. Roles are read again under the lock.
    const activeHosts = await activeHostsUnderLock(tx, (await q.memberships(accountId)).map((s) => s.groupId));
    const seats = await q.memberships(accountId);
    const orphaned = groupsLeftWithoutHost(seats, activeHosts);
    if (orphaned.length > 0) return { ok: false, reason: 'last_host', groups: orphaned };

    const memberIds = seats.map((s) => s.id);
    // Pages that show names read the stored one; it speaks the language of the person's group.
    const name = translate(seats[0]?.locale ?? DEFAULT_LOCALE, 'privacy.deleted_member');
    await q.anonymiseAccount(accountId, { name, email: deletedEmail(accountId), passwordHash: UNUSABLE_PASSWORD_HASH }, now);
    if (memberIds.length > 0) {
      await q.emptyMembers(memberIds, deletedSlug, now);
      await q.deleteMemberData(memberIds);
      await q.deleteUpcomingRsvps(memberIds, now);
      await q.emptyOneToOneNotes(memberIds, now);
      await declineOpenOneToOnes(tx, memberIds, now);
      await q.closeDrafts(memberIds, now);
      await forgetDevices(tx, memberIds);
      // The overdue job skips deleted receivers; the giver hears once that nobody will answer.
      const unanswered = await q.unfinishedReferralsReceived(memberIds);
      await notify(tx, unanswered.map((r) => ({ memberId: r.giverId, kind: 'referral_receiver_deleted' as const, referralId: r.id })), now);
    }
    await q.forgetInvitationEmail(memberIds, account.email);
    await q.endSessionsAndResets(accountId);
    await q.deleteMailTo(account.email);
    return { ok: true };
  });
}

const RETENTION_BATCH = 200;

export type RetentionReport = { referrals: number; comments: number };

/**
 * Erases clients' personal data once the retention period has passed: name, e-mail, phone and
 * what was written about the client (need, reason it was lost) of referrals whose feedback is older than `months`, or that were never answered, whose link has
 * expired and that were given more than `months` ago; and the clients' comments of feedback older
 * than `months`. Uses the referrals capability's own erase (the same as the giver's button), so
 * a row is erased once: every write is conditional on not being erased yet, which also makes
 * several instances running the job at the same time harmless.
 */
export async function eraseExpiredClientData(db: Db, now: Date, months: number): Promise<RetentionReport> {
  const cutoff = retentionCutoff(now, months);
  let erased = 0;
  for (;;) {
    const due = await retentionQueries(db).dueReferrals(now, cutoff, RETENTION_BATCH);
    for (const referral of due) {
      await db.transaction(async (tx) => {
        if (referral.clientEmail) await retentionQueries(tx).deleteClientMail(referral.groupId, referral.clientEmail, now);
        await eraseReferralClientData(tx, referral.id, now);
      });
    }
    erased += due.length;
    if (due.length < RETENTION_BATCH) break;
  }
  const comments = await retentionQueries(db).eraseOldComments(cutoff);
  return { referrals: erased, comments };
}
