import { z } from 'zod';
import { uuid } from '../shared/fields.js';

/**
 * What a member downloads at /account/export. Versioned: `format` changes whenever a field
 * changes meaning or disappears, so a reader of an old export knows what it holds.
 */
export const EXPORT_FORMAT = 1;

const timestamp = z.iso.datetime({ offset: true });
const optionalTimestamp = timestamp.nullable();

const tradeSchema = z.object({ name: z.string(), status: z.enum(['active', 'pending', 'exception']), since: timestamp });

/** The photo's facts, never its bytes: the member can download the picture from their profile. */
const photoSchema = z.object({ contentType: z.string(), bytes: z.number().int(), updatedAt: timestamp });

const membershipSchema = z.object({
  memberId: uuid,
  group: z.object({ id: uuid, name: z.string(), city: z.string() }),
  role: z.enum(['member', 'host']),
  active: z.boolean(),
  joinedAt: timestamp,
  profile: z.object({
    warum: z.string(),
    offer: z.string(),
    goodReferral: z.string(),
    region: z.string(),
    website: z.string(),
    phone: z.string(),
    isPublic: z.boolean(),
    updatedAt: timestamp,
  }),
  trades: z.array(tradeSchema),
  photo: photoSchema.nullable(),
});

/** The client's words about the referral; the member is a party to it, so they may read them. */
const feedbackSchema = z.object({
  contacted: z.boolean(),
  contactSpeed: z.string().nullable(),
  rating: z.number().int().nullable(),
  wouldRecommend: z.boolean().nullable(),
  comment: z.string().nullable(),
  commentPublic: z.boolean(),
  /** How the answer was verified: mailbox, shared (by hand) or flagged (held back for a host's review). */
  verification: z.string().nullable(),
  receivedAt: timestamp,
});

const referralSchema = z.object({
  id: uuid,
  groupId: uuid,
  /** The other party of the referral: their name only, never their contact details. */
  otherMember: z.object({ memberId: uuid, name: z.string() }),
  topic: z.string(),
  need: z.string(),
  warmth: z.number().int(),
  /** null once erased (by the giver or the retention job): `clientDataErasedAt` says when. */
  client: z.object({ name: z.string().nullable(), email: z.string().nullable(), phone: z.string().nullable() }).nullable(),
  clientDataErasedAt: optionalTimestamp,
  status: z.string(),
  contactedAt: optionalTimestamp,
  meetingAt: optionalTimestamp,
  proposalAt: optionalTimestamp,
  wonAt: optionalTimestamp,
  lostAt: optionalTimestamp,
  valueCents: z.number().int().nullable(),
  lostReason: z.string().nullable(),
  dueAt: timestamp,
  overdueAt: optionalTimestamp,
  createdAt: timestamp,
  feedback: feedbackSchema.nullable(),
});

const draftSchema = z.object({
  id: uuid,
  receiver: z.object({ memberId: uuid, name: z.string() }),
  note: z.string().nullable(),
  referralId: uuid.nullable(),
  dismissedAt: optionalTimestamp,
  createdAt: timestamp,
});

/** Only the member's own note: the other side's note is private to them. */
const oneToOneSchema = z.object({
  id: uuid,
  groupId: uuid,
  role: z.enum(['requester', 'partner']),
  otherMember: z.object({ memberId: uuid, name: z.string() }),
  status: z.string(),
  loggedByMe: z.boolean(),
  metOn: z.string().nullable(),
  durationMinutes: z.number().int().nullable(),
  myNote: z.string(),
  breakfastId: uuid.nullable(),
  confirmedAt: optionalTimestamp,
  createdAt: timestamp,
});

const rsvpSchema = z.object({ breakfastId: uuid, startsAt: timestamp, answer: z.enum(['yes', 'no', 'maybe']), updatedAt: timestamp });
const attendanceSchema = z.object({ breakfastId: uuid, startsAt: timestamp, present: z.boolean(), firstSeenAt: optionalTimestamp });
const notificationSchema = z.object({ id: uuid, kind: z.string(), referralId: uuid.nullable(), readAt: optionalTimestamp, createdAt: timestamp });

/** A ledger row about the member: ids, kind, date and the rule table's weights; no person's data. */
const trustEventSchema = z.object({
  id: uuid,
  groupId: uuid,
  seq: z.number().int(),
  kind: z.string(),
  topic: z.string().nullable(),
  referralId: uuid.nullable(),
  rating: z.number().int().nullable(),
  neverContacted: z.boolean().nullable(),
  valueCents: z.number().int().nullable(),
  reversesId: uuid.nullable(),
  ruleVersion: z.number().int(),
  verification: z.string().nullable(),
  occurredAt: timestamp,
  /** Base weights before decay (null: shown, not scored; reversals take their target's, negated). */
  weights: z.object({ r: z.number(), s: z.number() }).nullable(),
});

export const accountExportSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  exportedAt: timestamp,
  account: z.object({ id: uuid, name: z.string(), email: z.string(), createdAt: timestamp }),
  memberships: z.array(membershipSchema),
  referralsGiven: z.array(referralSchema),
  referralsReceived: z.array(referralSchema),
  referralDrafts: z.array(draftSchema),
  oneToOnes: z.array(oneToOneSchema),
  breakfastRsvps: z.array(rsvpSchema),
  breakfastAttendance: z.array(attendanceSchema),
  notifications: z.array(notificationSchema),
  trustEvents: z.array(trustEventSchema),
  /** When this account's members were seen from a device (server/signals): dates only, never the hashes. */
  deviceSightings: z.object({ count: z.number().int(), seenAt: z.array(timestamp), deletedAfterDays: z.number().int() }),
});

export type AccountExport = z.infer<typeof accountExportSchema>;
export type ExportedReferral = z.infer<typeof referralSchema>;

/** The word the member types to confirm, in either language: a slip of the mouse cannot delete an account. */
export const CONFIRMATION_WORDS = ['LÖSCHEN', 'DELETE'] as const;

/** `deletePassword`, not `currentPassword`: the password-change form on the same page has that field. */
export const deleteAccountSchema = z.object({
  deletePassword: z.string().min(1).max(200),
  confirmation: z
    .string()
    .max(100)
    .refine((value) => (CONFIRMATION_WORDS as readonly string[]).includes(value.trim().toUpperCase()), {
      error: 'privacy.errors.confirmation',
    }),
});

export type DeleteAccountInput = z.infer<typeof deleteAccountSchema>;
