/**
 * Builds a member's data export from the rows the export queries read. Pure: what goes in, and
 * above all what stays out (the other side's one-to-one notes, other people's contact details,
 * client data once erased), is decided here and unit-tested.
 */
import type { members, oneToOnes, referrals, trustEvents } from '../../db/schema.js';
import type { TrustEvent } from '../ledger/events.js';
import { baseWeights } from '../trust/weights.js';
import { type AccountExport, EXPORT_FORMAT, type ExportedReferral } from './schemas.js';

type MemberRow = typeof members.$inferSelect;
type ReferralRow = typeof referrals.$inferSelect;
type OneToOneRow = typeof oneToOnes.$inferSelect;
type TrustEventRow = typeof trustEvents.$inferSelect;

export type ExportRows = {
  account: { id: string; name: string; email: string; createdAt: Date };
  memberships: {
    member: MemberRow;
    group: { id: string; name: string; city: string };
    photo: { contentType: string | null; bytes: number | null; updatedAt: Date | null } | null;
  }[];
  trades: { memberId: string; name: string; status: 'active' | 'pending' | 'exception'; since: Date }[];
  referrals: {
    referral: ReferralRow;
    giverName: string;
    receiverName: string;
    feedback: {
      id: string | null;
      contacted: boolean | null;
      contactSpeed: string | null;
      rating: number | null;
      wouldRecommend: boolean | null;
      comment: string | null;
      commentPublic: boolean | null;
      verification: string | null;
      createdAt: Date | null;
    } | null;
  }[];
  drafts: { id: string; receiverId: string; receiverName: string; note: string | null; referralId: string | null; dismissedAt: Date | null; createdAt: Date }[];
  oneToOnes: { oneToOne: OneToOneRow; requesterName: string; partnerName: string }[];
  rsvps: { breakfastId: string; startsAt: Date; answer: 'yes' | 'no' | 'maybe'; updatedAt: Date }[];
  attendance: { breakfastId: string; startsAt: Date; present: boolean; firstSeenAt: Date | null }[];
  notifications: { id: string; kind: string; referralId: string | null; readAt: Date | null; createdAt: Date }[];
  trustEvents: TrustEventRow[];
  deviceSightings: { count: number; seenAt: string[]; deletedAfterDays: number };
};

const iso = (date: Date) => date.toISOString();
const isoOrNull = (date: Date | null) => (date ? date.toISOString() : null);

function exportReferral(row: ExportRows['referrals'][number], as: 'giver' | 'receiver'): ExportedReferral {
  const r = row.referral;
  const erased = r.clientDataErasedAt !== null;
  const f = row.feedback?.id ? row.feedback : null;
  return {
    id: r.id,
    groupId: r.groupId,
    otherMember: as === 'giver' ? { memberId: r.receiverId, name: row.receiverName } : { memberId: r.giverId, name: row.giverName },
    topic: r.topic,
    need: r.need,
    warmth: r.warmth,
    client: erased ? null : { name: r.clientName, email: r.clientEmail, phone: r.clientPhone },
    clientDataErasedAt: isoOrNull(r.clientDataErasedAt),
    status: r.status,
    contactedAt: isoOrNull(r.contactedAt),
    meetingAt: isoOrNull(r.meetingAt),
    proposalAt: isoOrNull(r.proposalAt),
    wonAt: isoOrNull(r.wonAt),
    lostAt: isoOrNull(r.lostAt),
    valueCents: r.valueCents,
    lostReason: r.lostReason,
    dueAt: iso(r.dueAt),
    overdueAt: isoOrNull(r.overdueAt),
    createdAt: iso(r.createdAt),
    feedback: f
      ? {
          contacted: f.contacted === true,
          contactSpeed: f.contactSpeed,
          rating: f.rating,
          wouldRecommend: f.wouldRecommend,
          comment: f.comment,
          commentPublic: f.commentPublic === true,
          verification: f.verification,
          receivedAt: iso(f.createdAt!),
        }
      : null,
  };
}

function weightsOf(event: TrustEventRow): { r: number; s: number } | null {
  const weighing = baseWeights(event as TrustEvent);
  return weighing.weighted ? weighing.base : null;
}

export function buildAccountExport(rows: ExportRows, now: Date): AccountExport {
  const memberIds = new Set(rows.memberships.map((m) => m.member.id));
  return {
    format: EXPORT_FORMAT,
    exportedAt: iso(now),
    account: { id: rows.account.id, name: rows.account.name, email: rows.account.email, createdAt: iso(rows.account.createdAt) },
    memberships: rows.memberships.map(({ member, group, photo }) => ({
      memberId: member.id,
      group,
      role: member.role,
      active: member.active,
      joinedAt: iso(member.createdAt),
      profile: {
        warum: member.warum,
        offer: member.offer,
        goodReferral: member.goodReferral,
        region: member.region,
        website: member.website,
        phone: member.phone,
        isPublic: member.isPublic,
        updatedAt: iso(member.updatedAt),
      },
      trades: rows.trades.filter((t) => t.memberId === member.id).map((t) => ({ name: t.name, status: t.status, since: iso(t.since) })),
      photo:
        photo?.contentType && photo.updatedAt
          ? { contentType: photo.contentType, bytes: photo.bytes ?? 0, updatedAt: iso(photo.updatedAt) }
          : null,
    })),
    referralsGiven: rows.referrals.filter((r) => memberIds.has(r.referral.giverId)).map((r) => exportReferral(r, 'giver')),
    referralsReceived: rows.referrals.filter((r) => memberIds.has(r.referral.receiverId)).map((r) => exportReferral(r, 'receiver')),
    referralDrafts: rows.drafts.map((d) => ({
      id: d.id,
      receiver: { memberId: d.receiverId, name: d.receiverName },
      note: d.note,
      referralId: d.referralId,
      dismissedAt: isoOrNull(d.dismissedAt),
      createdAt: iso(d.createdAt),
    })),
    oneToOnes: rows.oneToOnes.map(({ oneToOne: o, requesterName, partnerName }) => {
      const asRequester = memberIds.has(o.requesterId);
      return {
        id: o.id,
        groupId: o.groupId,
        role: asRequester ? ('requester' as const) : ('partner' as const),
        otherMember: asRequester ? { memberId: o.partnerId, name: partnerName } : { memberId: o.requesterId, name: requesterName },
        status: o.status,
        loggedByMe: o.loggedBy !== null && memberIds.has(o.loggedBy),
        metOn: o.metOn,
        durationMinutes: o.durationMinutes,
        // Only the member's own side: the other note is private to the other member.
        myNote: asRequester ? o.requesterNote : o.partnerNote,
        breakfastId: o.breakfastId,
        confirmedAt: isoOrNull(o.confirmedAt),
        createdAt: iso(o.createdAt),
      };
    }),
    breakfastRsvps: rows.rsvps.map((r) => ({ breakfastId: r.breakfastId, startsAt: iso(r.startsAt), answer: r.answer, updatedAt: iso(r.updatedAt) })),
    breakfastAttendance: rows.attendance.map((a) => ({
      breakfastId: a.breakfastId,
      startsAt: iso(a.startsAt),
      present: a.present,
      firstSeenAt: isoOrNull(a.firstSeenAt),
    })),
    notifications: rows.notifications.map((n) => ({ id: n.id, kind: n.kind, referralId: n.referralId, readAt: isoOrNull(n.readAt), createdAt: iso(n.createdAt) })),
    trustEvents: rows.trustEvents.map((e) => ({
      id: e.id,
      groupId: e.groupId,
      seq: e.seq,
      kind: e.kind,
      topic: e.topic,
      referralId: e.referralId,
      rating: e.rating,
      neverContacted: e.neverContacted,
      valueCents: e.valueCents,
      reversesId: e.reversesId,
      ruleVersion: e.ruleVersion,
      verification: e.verification,
      occurredAt: iso(e.occurredAt),
      weights: weightsOf(e),
    })),
    deviceSightings: rows.deviceSightings,
  };
}

/** kreis-export-2026-11-23.json: the date in UTC, which is what the export's own timestamps use. */
export function exportFileName(now: Date): string {
  return `kreis-export-${now.toISOString().slice(0, 10)}.json`;
}
