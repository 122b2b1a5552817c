/**
 * One plain-language line per ledger event: what happened, who it came from, when, and what it
 * did to the score — or why it did nothing ("Kundin oder Kunde bestätigt Ergebnis (4 von 5),
 * Empfehlung von Anna Berger, Thema Steuerberatung, vor 4 Monaten: +0,58 / −0,19"). Pure: the scorer's
 * explanation and member names in, words out. Client data never appears: the ledger has none.
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { formatsFor } from '../shared/format.js';
import type { CountReason } from './tally.js';
import type { WeighedEvent } from './collusion.js';
import { collusionText } from './describe-collusion.js';
import type { Weights } from './weights.js';

export type LedgerLineInput = {
  explained: WeighedEvent;
  /** The row's own facts the explanation does not carry. */
  rating: number | null;
  neverContacted: boolean | null;
  giverName: string | null;
  /** Referrer accuracy: whom the member referred the client to. */
  receiverName: string | null;
  /** A reversal's target, when it is in the member's ledger. */
  target: { occurredAt: Date } | null;
  /** The 30-day rule: when the feedback that did count happened (`blockedBy`'s date). */
  blockedAt: Date | null;
  /** When the reversal that cancelled this event happened. */
  reversedAt: Date | null;
  /** A reversal made by a host by hand: who and why (trust_corrections). */
  correction?: { by: string; reason: string } | null;
};

/** How the contribution leans, for colour (never the only signal: the amount has its sign). */
export type Tone = 'positive' | 'negative' | 'mixed' | 'neutral';

export type LedgerLine = {
  /** What happened, from whom, about what, when. */
  what: string;
  /** The contribution, "+0,58 / −0,19"; null when the event did not count. */
  amount: string | null;
  /** Why it did not count, or that it was reversed later. */
  note: string | null;
  /** What the collusion factors did to it ("von 3 Empfehlungen derselben Person: Gewicht 0,58"). */
  weighing: string | null;
  /** The whole line as one sentence. */
  line: string;
  tone: Tone;
};

/** `timeZone`: the reader's group's, in which dates are written (the default zone without one). */
export type DescribeContext = { locale: Locale; t: Translate; now: Date; timeZone?: string };

export function describeEvent(input: LedgerLineInput, { locale, t, now, timeZone }: DescribeContext): LedgerLine {
  const f = formatsFor(locale, timeZone);
  const { explained } = input;
  const parts = [whatHappened(input, t, f.date)];
  if (input.giverName && explained.kind !== 'referral_given' && explained.kind !== 'reversal') {
    parts.push(t('trust.line.from', { giver: input.giverName }));
  }
  if (explained.topic) parts.push(t('trust.line.topic', { topic: displayTopic(explained.topic, locale) }));
  parts.push(f.age(explained.occurredAt, now));
  const what = parts.join(', ');

  const amount = explained.counted ? formatContribution(explained.contribution, f.signed) : null;
  const note = explained.counted
    ? input.reversedAt
      ? t('trust.line.reversed_later', { date: f.date(input.reversedAt) })
      : null
    : reasonText(explained.reason, input, t, f.date);
  const weighing = explained.counted ? collusionText(explained.collusion, t, f.plain) : null;
  const result = [amount && weighing ? `${amount} (${weighing})` : amount, note].filter((x): x is string => x !== null).join(' – ');
  return { what, amount, note, weighing, line: `${what}: ${result}`, tone: explained.counted ? toneOf(explained.contribution) : 'neutral' };
}

/** Topics are stored normalised to lower case; German nouns (and most topics) start upper case. */
export function displayTopic(topic: string, locale: Locale): string {
  return topic.charAt(0).toLocaleUpperCase(locale) + topic.slice(1);
}

/** "+0,58 / −0,19": the positive weight as a plus, the negative weight as a minus; "±0" for none. */
export function formatContribution({ r, s }: Weights, signed: (value: number) => string): string {
  const parts: string[] = [];
  if (r !== 0) parts.push(signed(r));
  if (s !== 0) parts.push(signed(-s));
  return parts.length > 0 ? parts.join(' / ') : '±0';
}

function whatHappened(input: LedgerLineInput, t: Translate, date: (d: Date) => string): string {
  const { explained, rating, neverContacted, giverName, receiverName } = input;
  switch (explained.kind) {
    case 'referral_given':
      return giverName ? t('trust.line.referral_given_from', { giver: giverName }) : t('trust.line.referral_given');
    case 'feedback':
      if (neverContacted) return t('trust.line.feedback_never_contacted');
      return rating === null ? t('trust.line.feedback_unrated') : t('trust.line.feedback', { rating });
    case 'referrer_feedback': {
      const outcome = neverContacted
        ? t('trust.line.feedback_never_contacted')
        : rating === null
          ? t('trust.line.feedback_unrated')
          : t('trust.line.feedback', { rating });
      return receiverName ? t('trust.line.referrer_to', { receiver: receiverName, outcome }) : t('trust.line.referrer', { outcome });
    }
    case 'business_closed':
      return t('trust.line.business_closed');
    case 'response_overdue':
      return t('trust.line.response_overdue');
    case 'reversal':
      if (input.correction && input.target) {
        const reason = t(`trust.correction.reason_short.${input.correction.reason}`);
        return t('trust.line.reversal_by', { name: input.correction.by, reason, date: date(input.target.occurredAt) });
      }
      return input.target ? t('trust.line.reversal', { date: date(input.target.occurredAt) }) : t('trust.line.reversal_unknown');
    case 'feedback_reviewed':
      // Not folded (trust/review.ts): the verdict shows as the answer's badge. Here only for completeness.
      return t('trust.line.feedback_reviewed');
    case 'feedback_held':
      return t('trust.line.feedback_held');
  }
}

function reasonText(reason: CountReason, input: LedgerLineInput, t: Translate, date: (d: Date) => string): string {
  switch (reason) {
    case 'counted':
      return '';
    case 'advance_not_scored':
      return t('trust.reason.advance_not_scored');
    case 'never_contacted_not_held_against_giver':
      return t('trust.reason.never_contacted_not_held_against_giver');
    case 'invalid_event':
      return t('trust.reason.invalid_event');
    case 'flagged_for_review':
      return t('trust.reason.flagged_for_review');
    case 'same_client_within_30_days':
      return input.blockedAt
        ? t('trust.reason.same_client_since', { date: date(input.blockedAt) })
        : t('trust.reason.same_client_within_30_days');
    case 'superseded_by_client_contact':
      return t('trust.reason.superseded_by_client_contact');
    case 'duplicate_event_id':
      return t('trust.reason.duplicate_event_id');
    case 'reversal_target_unknown':
      return t('trust.reason.reversal_target_unknown');
    case 'reversal_of_reversal':
      return t('trust.reason.reversal_of_reversal');
    case 'reversal_target_already_reversed':
      return t('trust.reason.reversal_target_already_reversed');
    case 'reversal_target_not_counted':
      return t('trust.reason.reversal_target_not_counted');
  }
}

/** A reversal's negative amounts lean the other way: taking back a good outcome is a loss. */
function toneOf({ r, s }: Weights): Tone {
  const up = r > 0 || s < 0;
  const down = s > 0 || r < 0;
  return up && down ? 'mixed' : up ? 'positive' : down ? 'negative' : 'neutral';
}
