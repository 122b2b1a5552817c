/**
 * The top of the trust page: the score told the way a member would tell it ("7 Kundinnen und
 * Kunden haben im letzten Jahr gute Arbeit in Steuerberatung bestätigt.", "1 Kundin oder Kunde
 * wurde nicht rechtzeitig kontaktiert."), each client count with how the answers were verified.
 * Pure: the counts of outcome-counts.ts in, sentences in the reader's language out (the plural
 * form follows the count: trust.words.*_one / *_other).
 */
import type { Locale, Translate } from '../shared/i18n.js';
import { displayTopic } from './describe.js';
import type { AnswerCount, CountedVerification, OutcomeCounts } from './outcome-counts.js';

/** A verification badge with a count: "3 über das Postfach der Kundschaft bestätigt". */
export type CountBadge = { kind: CountedVerification; count: number; label: string; title: string; tone: 'ok' | 'muted' };

export type PlainSentence = { text: string; badges: CountBadge[] };

export type PlainWords = {
  sentences: PlainSentence[];
  /** Nothing counted in the last year: why, in one sentence (no score yet, or only older entries). */
  empty: string | null;
};

export type PlainWordsContext = {
  locale: Locale;
  t: Translate;
  /** The member's name, and whether the reader is that member ("Deine Empfehlungen"). */
  name: string;
  isOwn: boolean;
  /** Whether the member has a score at all (from older entries, if none are in the window). */
  hasScore: boolean;
  /** Topic (lower case, as the ledger stores it) → the group's trade name ("steuerberatung" → "Steuerberatung"). */
  tradeNames?: ReadonlyMap<string, string>;
};

const ORDER: readonly CountedVerification[] = ['mailbox', 'shared'];
const TONES: Record<CountedVerification, CountBadge['tone']> = { mailbox: 'ok', shared: 'muted' };

/** Pure: the sentences for a member's counts; good work per topic first, the giver's record last. */
export function plainWords(counts: OutcomeCounts, context: PlainWordsContext): PlainWords {
  const { t, locale } = context;
  if (!counts.any) {
    return { sentences: [], empty: context.hasScore ? t('trust.words.empty_older') : t('trust.words.empty', { name: context.name }) };
  }
  const sentences: PlainSentence[] = [];
  const answers = (key: string, answer: AnswerCount, params: Record<string, unknown> = {}) => {
    if (answer.count > 0) sentences.push({ text: t(key, { count: answer.count, ...params }), badges: badgesOf(answer, t) });
  };
  for (const good of counts.goodByTopic) {
    if (good.topic === null) answers('trust.words.good', good);
    else answers('trust.words.good_in', good, { trade: tradeName(good.topic, locale, context.tradeNames) });
  }
  answers('trust.words.mixed', counts.mixed);
  answers('trust.words.poor', counts.poor);
  answers('trust.words.not_contacted', counts.notContacted);
  if (counts.overdue > 0) sentences.push({ text: t('trust.words.overdue', { count: counts.overdue }), badges: [] });
  if (counts.businessClosed > 0) sentences.push({ text: t('trust.words.business_closed', { count: counts.businessClosed }), badges: [] });
  const giver = counts.asGiver;
  if (giver.count > 0) {
    const params = { count: giver.count, satisfied: giver.satisfied, name: context.name };
    sentences.push({ text: t(context.isOwn ? 'trust.words.giver_own' : 'trust.words.giver', params), badges: badgesOf(giver, t) });
  }
  return { sentences, empty: null };
}

/** The group's spelling of a trade when the topic is one; otherwise the topic with a capital letter. */
export function tradeName(topic: string, locale: Locale, tradeNames?: ReadonlyMap<string, string>): string {
  return tradeNames?.get(topic.toLocaleLowerCase(locale)) ?? displayTopic(topic, locale);
}

/** The existing verification badges (trust.verification.*), each with how many answers it stands for. */
function badgesOf({ verification }: AnswerCount, t: Translate): CountBadge[] {
  return ORDER.filter((kind) => verification[kind] > 0).map((kind) => ({
    kind,
    count: verification[kind],
    label: t('trust.words.badge', { count: verification[kind], label: t(`trust.verification.${kind}`) }),
    title: t(`trust.verification.${kind}_title`),
    tone: TONES[kind],
  }));
}
