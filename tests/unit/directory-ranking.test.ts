import { describe, expect, it } from 'vitest';
import { type Candidate, isMatch, rankCandidates, type StoredStats } from '../../server/directory/ranking.js';
import { STATS_EPOCH } from '../../server/directory/topic-stats.js';

const NOW = STATS_EPOCH; // stored weights equal today's weights
const OPTIONS = { now: NOW, hasNeed: true, confirmedOnly: false };

/** A stored row with `good` outcomes of r = 1 and `bad` of s = 1, each a confirmed outcome. */
function row(good: number, bad: number, extra: Partial<StoredStats> = {}): StoredStats {
  return {
    positiveScaled: good,
    negativeScaled: bad,
    confirmedOutcomes: good + bad,
    distinctClients: good + bad,
    distinctGivers: Math.min(good + bad, 3),
    medianFirstContactSeconds: null,
    lastOutcomeAt: null,
    ...extra,
  };
}

function candidate(name: string, stats: Record<string, StoredStats>, extra: Partial<Candidate> = {}): Candidate {
  return {
    memberId: name,
    name,
    textMatch: true,
    textRank: 0.1,
    matchedTopics: ['steuerberatung'],
    needMatchesTopic: true,
    tradeSimilarity: 1,
    stats: new Map(Object.entries(stats)),
    ...extra,
  };
}

const names = (list: { memberId: string }[]) => list.map((r) => r.memberId);

describe('directory ranking', () => {
  it('one positive outcome never outranks twelve positive and one negative (Wilson)', () => {
    const lucky = candidate('Lucky', { '': row(1, 0), steuerberatung: row(1, 0) }, { textRank: 0.9 });
    const proven = candidate('Proven', { '': row(12, 1), steuerberatung: row(12, 1) }, { textRank: 0.01 });
    const ranked = rankCandidates([lucky, proven], OPTIONS);
    expect(names(ranked)).toEqual(['Proven', 'Lucky']);
    expect(ranked[1]).toMatchObject({ evidence: 'little', confirmedOutcomes: 1 });
    expect(ranked[0]!.score!).toBeGreaterThan(ranked[1]!.score!);
  });

  it('ranks by trust in the matched topic, not overall trust', () => {
    // Strong overall record, but all of it in another topic; one bad outcome in this one.
    const elsewhere = candidate('Elsewhere', { '': row(20, 1), webdesign: row(20, 0), steuerberatung: row(0, 1) });
    const inTopic = candidate('InTopic', { '': row(6, 0), steuerberatung: row(6, 0) });
    expect(names(rankCandidates([elsewhere, inTopic], OPTIONS))).toEqual(['InTopic', 'Elsewhere']);
  });

  it('a topic without evidence is ordered by its prior: below a good record, above a poor one, and shows no score', () => {
    const none = candidate('None', {});
    const poor = candidate('Poor', { '': row(0, 2), steuerberatung: row(0, 2) });
    const good = candidate('Good', { '': row(3, 0), steuerberatung: row(3, 0) });
    const ranked = rankCandidates([poor, none, good], OPTIONS);
    expect(names(ranked)).toEqual(['Good', 'None', 'Poor']);
    expect(ranked[1]).toMatchObject({ score: null, evidence: 'none' });
  });

  it('members matched by trade or topic come before those only mentioning the need', () => {
    const mentions = candidate('Mentions', { '': row(30, 0) }, { matchedTopics: [], needMatchesTopic: false, tradeSimilarity: 0, textRank: 0.9 });
    const trade = candidate('Trade', {}, { textRank: 0.05 });
    expect(names(rankCandidates([mentions, trade], OPTIONS))).toEqual(['Trade', 'Mentions']);
  });

  it('members who only mention the need are ordered by the match first, then by overall trust', () => {
    const textOnly = { matchedTopics: [], needMatchesTopic: false, tradeSimilarity: 0 };
    const photographer = candidate('Foto', { '': row(9, 0) }, { ...textOnly, textRank: 0.06 });
    const webDesigner = candidate('Web', {}, { ...textOnly, textRank: 0.3 });
    const alsoPhotos = candidate('Bilder', { '': row(2, 0) }, { ...textOnly, textRank: 0.06 });
    expect(names(rankCandidates([photographer, alsoPhotos, webDesigner], OPTIONS))).toEqual(['Web', 'Foto', 'Bilder']);
  });

  it('equal shown scores are ordered by text match, then by name', () => {
    const a = candidate('Anna', { '': row(2, 0), steuerberatung: row(2, 0) }, { textRank: 0.1 });
    const b = candidate('Bert', { '': row(2, 0), steuerberatung: row(2, 0) }, { textRank: 0.5 });
    const c = candidate('Carl', { '': row(2, 0), steuerberatung: row(2, 0) }, { textRank: 0.1 });
    expect(names(rankCandidates([c, a, b], OPTIONS))).toEqual(['Bert', 'Anna', 'Carl']);
  });

  it('without a need everyone is listed, by overall trust', () => {
    const list = [
      candidate('Low', { '': row(0, 3) }, { textMatch: false, matchedTopics: [], needMatchesTopic: false }),
      candidate('High', { '': row(9, 0) }, { textMatch: false, matchedTopics: [], needMatchesTopic: false }),
      candidate('New', {}, { textMatch: false, matchedTopics: [], needMatchesTopic: false }),
    ];
    const ranked = rankCandidates(list, { ...OPTIONS, hasNeed: false });
    expect(names(ranked)).toEqual(['High', 'New', 'Low']);
    expect(ranked.every((r) => r.topic === '')).toBe(true);
  });

  it('a need must match: text or a matched topic', () => {
    expect(isMatch(candidate('x', {}, { textMatch: false, matchedTopics: [], needMatchesTopic: false }), true)).toBe(false);
    expect(isMatch(candidate('x', {}, { textMatch: false }), true)).toBe(true);
    // The trade filter alone is no match for a need.
    expect(isMatch(candidate('x', {}, { textMatch: false, needMatchesTopic: false }), true)).toBe(false);
    expect(isMatch(candidate('x', {}, { textMatch: true, matchedTopics: [], needMatchesTopic: false }), true)).toBe(true);
    expect(isMatch(candidate('x', {}, { textMatch: false, matchedTopics: [], needMatchesTopic: false }), false)).toBe(true);
  });

  it('"only confirmed" keeps members with confirmed outcomes in the shown topic', () => {
    const none = candidate('None', { '': row(4, 0) }); // confirmed elsewhere, not in the topic
    const some = candidate('Some', { '': row(1, 0), steuerberatung: row(1, 0) });
    expect(names(rankCandidates([none, some], { ...OPTIONS, confirmedOnly: true }))).toEqual(['Some']);
  });

  it('the card shows the best matched topic with its own figures', () => {
    const c = candidate('Multi', { '': row(5, 1), steuerberatung: row(1, 1), buchhaltung: row(4, 0, { medianFirstContactSeconds: 3600 }) }, {
      matchedTopics: ['steuerberatung', 'buchhaltung'],
    });
    const [r] = rankCandidates([c], OPTIONS);
    expect(r).toMatchObject({ topic: 'buchhaltung', confirmedOutcomes: 4, medianFirstContactSeconds: 3600 });
  });
});

describe('search terms of a need', async () => {
  const { searchTerms } = await import('../../server/directory/need.js');
  it('drops the words of asking, keeps the need', () => {
    expect(searchTerms('jemand für unsere Website')).toBe('Website');
    expect(searchTerms('Ich suche eine Steuerberaterin für mein Café')).toBe('Steuerberaterin Café');
    expect(searchTerms('someone for our website')).toBe('website');
    expect(searchTerms('für uns')).toBe('uns');
    expect(searchTerms('für')).toBe('für');
  });
});

describe('parts of German compounds', async () => {
  const { namesPartOf } = await import('../../server/directory/need.js');
  it('finds a trade by a word inside its name, not by short fragments', () => {
    expect(namesPartOf('Umzugsservice', 'Umzug Büro')).toBe(true);
    expect(namesPartOf('Steuerberatung', 'Steuer für mein Café')).toBe(true);
    expect(namesPartOf('Gartenbau', 'bau')).toBe(false);
    expect(namesPartOf('Webdesign', 'Website')).toBe(false);
  });
});
