/**
 * How people phrase a need ("Ich suche jemanden für unsere Website") carries words that say
 * nothing about the need itself, and PostgreSQL's stop lists keep some of them ("jemand",
 * "unsere" → 'uns'). With OR-ed search terms each would match half the group, so they are
 * dropped before searching. Pure.
 */
const FILLER = new Set(
  [
    // German
    'ich', 'wir', 'suche', 'suchen', 'sucht', 'brauche', 'brauchen', 'braucht', 'benötige', 'benötigen', 'jemand', 'jemanden',
    'jemandem', 'wer', 'wen', 'wem', 'kann', 'könnte', 'hilft', 'helfen', 'hilfe', 'bei', 'für', 'fuer', 'mit', 'von', 'unser',
    'unsere', 'unseren', 'unserem', 'unserer', 'unseres', 'mein', 'meine', 'meinen', 'meinem', 'meiner', 'ein', 'eine', 'einen',
    'einem', 'einer', 'der', 'die', 'das', 'den', 'dem', 'und', 'oder', 'gute', 'guten', 'guter', 'gutes', 'empfehlung', 'bitte',
    // English
    'someone', 'somebody', 'anyone', 'need', 'needs', 'looking', 'for', 'our', 'my', 'a', 'an', 'the', 'with', 'and', 'or', 'who',
    'help', 'good', 'please', 'we', 'i',
  ].map((word) => word.toLowerCase()),
);

/** The need without filler words; the need itself when nothing else is left. */
export function searchTerms(need: string): string {
  const words = need.split(/\s+/).filter(Boolean);
  const kept = words.filter((word) => !FILLER.has(word.toLowerCase().replace(/[.,;:!?"„“”()]/g, '')));
  return kept.length > 0 ? kept.join(' ') : need;
}

/** Shorter words would find too much inside other words ("bau" in "Gartenbau" and "Baustoffe"). */
const COMPOUND_PART_MIN = 5;

/**
 * German compounds: "Umzug" names the trade "Umzugsservice", "Steuer" is in "Steuerberatung",
 * though neither stemming nor trigram similarity of the whole name sees it. True when a word of
 * the need of at least five letters is part of the name.
 */
export function namesPartOf(name: string, need: string): boolean {
  const lowered = name.toLowerCase();
  return need
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .some((word) => word.length >= COMPOUND_PART_MIN && lowered.includes(word));
}
