/**
 * What happened in the last year, counted the way a member would tell it: how many clients
 * confirmed good work in each topic, how many were only partly or not satisfied, how many say
 * nobody called, how many referrals missed their deadline, how many became a job — and, for the
 * member as a giver, how many of the clients they referred were satisfied. Each client-answer
 * count carries how those answers were verified (mailbox, shared by hand, flagged).
 *
 * Pure: the ledger rows and the scorer's explanation of them in, numbers out. Only what the score
 * counts is counted: an answer held back by the 30-day rule, a reversed event and a missed
 * deadline the client's "yes, I was contacted" superseded are left out. A client who answered
 * twice in one bucket (more than 30 days apart) is one client there, counted with the later answer.
 */
import { monthsBefore } from '../shared/time.js';
import type { TrustEvent } from '../ledger/events.js';
import type { ExplainedEvent } from './tally.js';
import { withReviews } from './review.js';
import { type Verification, verificationOf } from './weights.js';

/** "The last year": twelve calendar months back on the group's wall clock. */
export const PLAIN_WORDS_MONTHS = 12;

/** How counted answers came in; a counted answer is never flagged (a flag weighs 0 until a host finds it genuine). */
export type CountedVerification = Exclude<Verification, 'flagged'>;
export type VerificationCounts = Record<CountedVerification, number>;

/** Some clients' answers: how many clients, and how their answers were verified. */
export type AnswerCount = { count: number; verification: VerificationCounts };

export type OutcomeCounts = {
  /** The start of the window (exclusive); the end is `now`. */
  since: Date;
  /** Rating 4 or 5, per topic (null = no topic); most first, then by topic. */
  goodByTopic: (AnswerCount & { topic: string | null })[];
  /** Rating 3. */
  mixed: AnswerCount;
  /** Rating 1 or 2. */
  poor: AnswerCount;
  /** The client says nobody got in touch. */
  notContacted: AnswerCount;
  /** Missed response deadlines that still count (not superseded, not reversed). */
  overdue: number;
  /** Referrals that became a job. */
  businessClosed: number;
  /** The member as a giver: of the rated answers about clients they referred, how many were 4 or 5. */
  asGiver: AnswerCount & { satisfied: number };
  /** Whether anything at all was counted in the window. */
  any: boolean;
};

export type CountsInput = {
  /** The member's ledger rows (as `eventsAboutWithNames` returns them, or any TrustEvent). */
  rows: readonly TrustEvent[];
  explanation: readonly ExplainedEvent[];
  memberId: string;
  now: Date;
  /** The member's group's zone: where "a year ago" is measured. */
  timeZone: string;
};

type Bucket = Map<string, TrustEvent>;

/** Pure: counts the member's outcomes of the last PLAIN_WORDS_MONTHS months. */
export function outcomeCounts({ rows, explanation, memberId, now, timeZone }: CountsInput): OutcomeCounts {
  const since = monthsBefore(now, PLAIN_WORDS_MONTHS, timeZone);
  const explained = new Map<string, ExplainedEvent>();
  for (const e of explanation) if (!explained.has(e.eventId)) explained.set(e.eventId, e);

  const good = new Map<string | null, Bucket>();
  const mixed: Bucket = new Map();
  const poor: Bucket = new Map();
  const notContacted: Bucket = new Map();
  const giver: Bucket = new Map();
  let overdue = 0;
  let businessClosed = 0;

  const seen = new Set<string>();
  // As the scorer reads them: a verdict gives a flagged answer the weight of its link, a hold takes it away.
  for (const row of withReviews(rows)) {
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    const e = explained.get(row.id);
    if (!e || !e.counted || e.reversedBy !== null || row.memberId !== memberId) continue;
    const at = row.occurredAt.getTime();
    if (at <= since.getTime() || at > now.getTime()) continue;
    switch (row.kind) {
      case 'feedback':
        if (row.neverContacted === true) put(notContacted, row);
        else if (typeof row.rating === 'number') {
          if (row.rating >= 4) put(bucketOf(good, row.topic), row);
          else if (row.rating === 3) put(mixed, row);
          else put(poor, row);
        }
        break;
      case 'referrer_feedback':
        if (typeof row.rating === 'number') put(giver, row);
        break;
      case 'response_overdue':
        overdue += 1;
        break;
      case 'business_closed':
        businessClosed += 1;
        break;
      default:
        break;
    }
  }

  const goodByTopic = [...good]
    .map(([topic, bucket]) => ({ topic, ...answerCount(bucket) }))
    .sort((a, b) => b.count - a.count || (a.topic ?? '').localeCompare(b.topic ?? ''));
  const giverAnswers = answerCount(giver);
  const satisfied = [...giver.values()].filter((row) => (row.rating ?? 0) >= 4).length;
  const counts = {
    since,
    goodByTopic,
    mixed: answerCount(mixed),
    poor: answerCount(poor),
    notContacted: answerCount(notContacted),
    overdue,
    businessClosed,
    asGiver: { ...giverAnswers, satisfied },
  };
  const any =
    goodByTopic.length > 0 ||
    [counts.mixed, counts.poor, counts.notContacted, counts.asGiver].some((c) => c.count > 0) ||
    overdue > 0 ||
    businessClosed > 0;
  return { ...counts, any };
}

function bucketOf(buckets: Map<string | null, Bucket>, topic: string | null): Bucket {
  let bucket = buckets.get(topic);
  if (!bucket) buckets.set(topic, (bucket = new Map()));
  return bucket;
}

/** One client once: a later answer of the same client replaces the earlier one (rows come in ledger order). */
function put(bucket: Bucket, row: TrustEvent): void {
  const key = row.clientId ?? `event:${row.id}`;
  bucket.delete(key);
  bucket.set(key, row);
}

function answerCount(bucket: Bucket): AnswerCount {
  const verification: VerificationCounts = { mailbox: 0, shared: 0 };
  for (const row of bucket.values()) verification[verificationOf(row) === 'mailbox' ? 'mailbox' : 'shared'] += 1;
  return { count: bucket.size, verification };
}
