/**
 * What the live room's page and the round's summary show: the people who may appear in the room
 * (members of the group, guests of the breakfast) as speaker cards, and the round at one moment.
 * The page is complete without JavaScript; the script then keeps it current.
 */
import type { Db } from '../../db/client.js';
import type { Translate } from '../shared/i18n.js';
import { trustSummary, type TrustSummary } from '../trust/service.js';
import { tradesOfMembers } from '../members/service.js';
import { liveQueries } from './queries.js';
import { type LiveBreakfast, type RoomActor, loadRound } from './service.js';
import { ERROR_CODES } from './protocol.js';
import { PLEDGE_NOTE_MAX_LENGTH, type RoundState, SECONDS_EACH } from './round.js';
import { attendeeView, view } from './round-view.js';

/** The host's "+15 s" button. */
export const EXTEND_STEP_SECONDS = 15;

export type Person = {
  id: string;
  kind: 'member' | 'guest';
  name: string;
  slug: string | null;
  hasPhoto: boolean;
  trades: string;
  warum: string;
  goodReferral: string;
  trust: TrustSummary | null;
};

/** Everyone who may be in the room, by id. */
export async function roomPeople(db: Db, breakfast: LiveBreakfast, now: Date, viewer: RoomActor): Promise<Map<string, Person>> {
  // Guests see what the round shows, not what only the group may see: private photos and trust stay hidden.
  const guest = viewer.kind === 'guest';
  const q = liveQueries(db);
  const [members, guests] = await Promise.all([q.groupMembers(breakfast.groupId), q.guests(breakfast.id)]);
  const [tradesOf, trust] = await Promise.all([
    tradesOfMembers(db, members.map((m) => m.id)),
    guest ? Promise.resolve([]) : Promise.all(members.map((m) => trustSummary(db, m.id, now))),
  ]);
  const people = new Map<string, Person>();
  members.forEach((m, i) =>
    people.set(m.id, {
      id: m.id,
      kind: 'member',
      name: m.name,
      slug: m.slug,
      hasPhoto: m.hasPhoto && (!guest || m.isPublic),
      trades: (tradesOf.get(m.id) ?? []).join(', '),
      warum: m.warum,
      goodReferral: m.goodReferral,
      trust: trust[i] ?? null,
    }),
  );
  for (const g of guests) {
    people.set(g.id, { id: g.id, kind: 'guest', name: g.name, slug: null, hasPhoto: false, trades: g.trade, warum: g.warum, goodReferral: '', trust: null });
  }
  return people;
}

/** The live page's data: the round now, the speaker's card, who is next, who is here. */
export async function livePage(db: Db, breakfast: LiveBreakfast, actor: RoomActor, online: readonly string[], now: Date) {
  const [state, people] = await Promise.all([loadRound(db, breakfast.id), roomPeople(db, breakfast, now, actor)]);
  const current = view(state, now.getTime());
  const name = (id: string | null) => (id ? (people.get(id)?.name ?? null) : null);
  const present = [...new Set(online)]
    .map((id) => people.get(id))
    .filter((p): p is Person => p !== undefined)
    .sort((a, b) => a.name.localeCompare(b.name, 'de'));
  const live = current.status === 'running' || current.status === 'paused';
  return {
    round: current,
    live,
    /** Pledge and one-to-one: for everyone but the speaker, while someone speaks. */
    showActions: live && current.currentSpeakerId !== null && current.currentSpeakerId !== actor.id,
    clock: clockText(current.remainingMs ?? (current.secondsEach ?? 0) * 1000),
    clockDuration: clockDuration(current.remainingMs ?? (current.secondsEach ?? 0) * 1000),
    speaker: current.currentSpeakerId ? (people.get(current.currentSpeakerId) ?? null) : null,
    nextName: name(current.nextSpeakerId),
    order: current.order.map((slot) => ({
      ...slot,
      name: name(slot.attendeeId) ?? '',
      current: slot.attendeeId === current.currentSpeakerId,
      // The host's skip and move-up buttons, for those still to speak.
      pending: live && !slot.done && !slot.skipped && slot.attendeeId !== current.currentSpeakerId,
    })),
    people: [...people.values()],
    present,
    isHost: actor.isHost,
    defaultSeconds: Math.min(SECONDS_EACH.max, Math.max(SECONDS_EACH.min, breakfast.secondsPerIntro)),
    limits: { secondsMin: SECONDS_EACH.min, secondsMax: SECONDS_EACH.max, noteMax: PLEDGE_NOTE_MAX_LENGTH },
    extendSeconds: EXTEND_STEP_SECONDS,
  };
}

/** The round afterwards, as one attendee sees it: who spoke, their own pledges and 1:1 requests. */
export async function summaryPage(db: Db, breakfast: LiveBreakfast, actor: RoomActor, now: Date) {
  const q = liveQueries(db);
  const [state, people, present] = await Promise.all([
    loadRound(db, breakfast.id),
    roomPeople(db, breakfast, now, actor),
    actor.isHost ? q.presentAttendees(breakfast.id) : Promise.resolve([]),
  ]);
  const name = (id: string) => people.get(id)?.name ?? '';
  const mine = attendeeView(state, actor.id);
  const ended = state.status === 'ended';
  return {
    ended,
    started: state.status !== 'waiting',
    spoke: spokeList(state).map(name),
    pledgesGiven: mine.pledgesGiven.map((p) => ({ name: name(p.forAttendeeId), note: p.note })),
    // Pledges received are the speaker's to read after the round, not while others still talk.
    pledgesReceived: ended ? mine.pledgesReceived.map((p) => ({ name: name(p.by), note: p.note })) : [],
    oneToOneMade: mine.oneToOneRequestsMade.map((r) => name(r.withAttendeeId)),
    oneToOneReceived: mine.oneToOneRequestsReceived.map((r) => name(r.by)),
    attendance: actor.isHost ? present.map((p) => ({ name: name(p.id), guest: p.kind === 'guest' })) : null,
    isMember: actor.kind === 'member',
  };
}

/** Whether this attendee may read the summary: hosts always, others when they were in the room. */
export async function maySeeSummary(db: Db, breakfast: LiveBreakfast, actor: RoomActor): Promise<boolean> {
  return actor.isHost || (await liveQueries(db).wasPresent(breakfast.id, actor.id));
}

function spokeList(state: RoundState): string[] {
  if (state.status === 'waiting') return [];
  return state.slots.filter((slot) => slot.status === 'done').map((slot) => slot.attendeeId);
}

/** The texts the room's script needs, translated: it has no access to the locale files. */
const SCRIPT_TEXTS = [
  'live.status.waiting',
  'live.status.running',
  'live.status.paused',
  'live.status.ended',
  'live.cue.last_ten',
  'live.cue.thanks',
  'live.next',
  'live.announce.speaker',
  'live.announce.ended',
  'live.connection.connecting',
  'live.connection.online',
  'live.connection.reconnecting',
  'live.pledge.sent',
  'live.one_to_one.sent',
  'live.order.done',
  'live.order.skipped',
  'live.order.skip',
  'live.order.move_up',
  'live.guest',
  'live.confirm.end.title',
  'live.confirm.end.text',
  'live.confirm.end.yes',
  'live.confirm.skip.title',
  'live.confirm.skip.text',
  'live.confirm.skip.yes',
] as const;

export function scriptTexts(t: Translate): Record<string, string> {
  const texts: Record<string, string> = {};
  for (const key of SCRIPT_TEXTS) texts[key] = t(key);
  for (const code of ERROR_CODES) texts[`live.errors.${code}`] = t(`live.errors.${code}`);
  return texts;
}

/** The countdown as an HTML duration ("PT95S"), for the datetime of its <time>. */
export function clockDuration(ms: number | null): string {
  return `PT${Math.max(0, Math.ceil((ms ?? 0) / 1000))}S`;
}

/** m:ss, as the countdown shows it. */
export function clockText(ms: number | null): string {
  const seconds = Math.max(0, Math.ceil((ms ?? 0) / 1000));
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}
