import type { Locale } from '../shared/i18n.js';
import { formatCalendarDate } from '../shared/time.js';
import type { PartyRow } from './queries.js';
import type { KnownOneToOnes } from './service.js';
import { actionsFor, isFinal, type OneToOneFacts, type Side, sideOf, waitingFor } from './transitions.js';

/** Pure shaping of one-to-ones for the pages: dates in the reader's language, who has to act. */

/**
 * "12. März 2026" / "12 March 2026"; the year is left out when it is `currentYear` ("am 12. März").
 * `iso` is a calendar date, so it is formatted as such (noon UTC keeps it on the same day everywhere).
 */
export function formatMeetingDate(iso: string, locale: Locale, currentYear?: number): string {
  return formatCalendarDate(iso, locale, currentYear);
}

function factsOf(row: PartyRow): OneToOneFacts {
  return { status: row.status, loggedBy: row.loggedBy ? sideOf(row, row.loggedBy) : null };
}

function stateOf(status: PartyRow['status'], askedByMe: boolean, loggedByMe: boolean): string {
  if (status === 'requested') return askedByMe ? 'asked_by_me' : 'asked_by_other';
  if (status === 'logged') return loggedByMe ? 'logged_by_me' : 'logged_by_other';
  return status;
}

export type OneToOneItem = ReturnType<typeof oneToOneItem>;

/** One one-to-one for the viewer on `side`: what they see and which buttons they get. */
export function oneToOneItem(row: PartyRow & { side: Side }, locale: Locale) {
  const facts = factsOf(row);
  const turn = waitingFor(facts);
  const actions = actionsFor(facts, row.side);
  const loggedByMe = row.loggedBy !== null && row.loggedBy !== row.otherId;
  return {
    id: row.id,
    status: row.status,
    other: { id: row.otherId, name: row.otherName, slug: row.otherSlug, active: row.otherActive },
    metOn: row.metOn,
    metOnLabel: row.metOn ? formatMeetingDate(row.metOn, locale) : null,
    durationMinutes: row.durationMinutes,
    fromBreakfast: row.breakfastId !== null,
    /** I asked / they asked: which way a request went. */
    askedByMe: row.side === 'requester',
    loggedByMe,
    /** The sentence saying where it stands, from the viewer's side. */
    stateKey: `one_to_ones.state.${stateOf(row.status, row.side === 'requester', loggedByMe)}`,
    myTurn: turn === row.side,
    final: isFinal(row.status),
    ownNote: row.ownNote,
    can: {
      accept: actions.includes('accept'),
      decline: actions.includes('decline'),
      confirm: actions.includes('confirm'),
      dispute: actions.includes('dispute'),
    },
  };
}

/** The page's three lists: waiting for me, waiting for the other side, the history. */
export function groupedItems(items: readonly OneToOneItem[]) {
  return {
    myTurn: items.filter((item) => item.myTurn),
    theirTurn: items.filter((item) => !item.myTurn && !item.final),
    history: items.filter((item) => item.final),
  };
}

/** "kennen sich" for the profile partial: the viewer's meeting date in words ("12. März"). */
export function knownView(known: KnownOneToOnes, locale: Locale, now: Date) {
  const year = now.getUTCFullYear();
  return {
    people: known.people,
    openWithViewer: known.openWithViewer,
    withViewer: known.withViewer
      ? { ...known.withViewer, dateLabel: known.withViewer.metOn ? formatMeetingDate(known.withViewer.metOn, locale, year) : null }
      : null,
  };
}
