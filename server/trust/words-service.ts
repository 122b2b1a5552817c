/**
 * The trust page's plain words for one member: the group's zone and trade names from the database,
 * then the pure counting (outcome-counts.ts) and wording (plain-words.ts).
 */
import type { Db } from '../../db/client.js';
import type { Locale, Translate } from '../shared/i18n.js';
import { DEFAULT_TIME_ZONE } from '../shared/time.js';
import { outcomeCounts } from './outcome-counts.js';
import { type PlainWords, plainWords } from './plain-words.js';
import type { MemberTrust } from './service.js';
import { wordsQueries } from './words-queries.js';

export async function trustWords(db: Db, trust: MemberTrust, context: { locale: Locale; t: Translate; now: Date }): Promise<PlainWords> {
  const { subject, rows, score } = trust;
  const group = await wordsQueries(db).groupWords(subject.groupId);
  const counts = outcomeCounts({
    rows,
    explanation: score.explanation,
    memberId: subject.id,
    now: context.now,
    timeZone: group.timeZone ?? DEFAULT_TIME_ZONE,
  });
  return plainWords(counts, {
    locale: context.locale,
    t: context.t,
    name: subject.name,
    isOwn: subject.isOwn,
    hasScore: score.overall.score !== null,
    tradeNames: group.tradeNames,
  });
}
