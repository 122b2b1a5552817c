/**
 * The collusion factors of one event in words, for its line on the trust page ("von 3
 * Empfehlungen derselben Person: Gewicht 0,58; gegenseitige Empfehlungen (2): gedämpft ×0,36").
 * Pure: the event's note (collusion.ts) in, one phrase or null out.
 */
import type { Translate } from '../shared/i18n.js';
import { COLLUSION_RULES, type CollusionNote } from './collusion.js';

/** Factors are shown with two decimals, in the reader's number format. */
const twoDecimals = (value: number) => Math.round(value * 100) / 100;

export function collusionText(note: CollusionNote | undefined, t: Translate, plain: (value: number) => string): string | null {
  if (!note) return null;
  const parts: string[] = [];
  if (note.sameGiver) {
    const factor = note.sameGiver.factorR < 1 ? note.sameGiver.factorR : note.sameGiver.factorS;
    const values = { count: note.sameGiver.pieces, factor: plain(twoDecimals(factor)), cap: plain(COLLUSION_RULES.sameGiverCap) };
    parts.push(t(note.sameGiver.capped ? 'trust.collusion.same_giver_capped' : 'trust.collusion.same_giver', values));
  }
  if (note.reciprocal) {
    parts.push(t('trust.collusion.reciprocal', { mutual: note.reciprocal.mutual, factor: plain(twoDecimals(note.reciprocal.factor)) }));
  }
  if (note.giverWeight < 1) parts.push(t('trust.collusion.giver_weight', { factor: plain(twoDecimals(note.giverWeight)) }));
  return parts.length > 0 ? parts.join('; ') : null;
}
