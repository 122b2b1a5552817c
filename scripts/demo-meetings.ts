import type { Db } from '../db/client.js';
import type { members } from '../db/schema.js';
import { registerGuest } from '../server/breakfasts/guests.js';
import { liveQueries } from '../server/live-round/queries.js';
import { breakfastFormSchemaIn, guestFormSchema } from '../server/breakfasts/schemas.js';
import { type Actor as BreakfastActor, answerRsvp, cancelBreakfast, endsAt, scheduleBreakfast } from '../server/breakfasts/service.js';
import { localDate, localToUtc } from '../server/shared/time.js';
import { logSchema } from '../server/one-to-ones/schemas.js';
import { answer, askForOneToOne, createRequestsFromRound, logMeeting, saveOwnNote, todayIn } from '../server/one-to-ones/service.js';
import { DEMO_GROUP, type DemoMember, GUESTS, ONE_TO_ONE_NOTES, TALKS } from './demo-data.js';
import { lcg } from './demo-history.js';

type Seeded = { data: DemoMember; member: typeof members.$inferSelect };
type Group = { id: string; timeZone: string };
/** Who referred whom in the history (unordered pairs, most referrals first). */
export type Pair = [Seeded, Seeded];

const DAY = 24 * 60 * 60 * 1000;
const BREAKFAST_COUNT = 22; // every two weeks over ten months
/** The group meets in person; who cannot come joins the call. */
const VIDEO_URL = 'https://meet.demo.kreis.example/fruehstuecksrunde-musterstadt';
/** How reliably each member comes; the rest of the group shows up at 90 %. */
const TURNOUT: Record<string, number> = { 'Sabine Krüger': 0.98, 'Thomas Berger': 0.9, 'Stefan Wagner': 0.55, 'Jonas Weber': 0.75 };

/** A calendar day `days` after `date` ("2026-11-24", 14 → "2026-12-08"). */
function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(Date.UTC(y, m - 1, d) + days * DAY).toISOString().slice(0, 10);
}

/** The first Tuesday 07:30 on the group's clock that starts after `now`: the next breakfast. */
function nextTuesday(now: Date, timeZone: string): string {
  let day = localDate(now, timeZone);
  for (;;) {
    const [y, m, d] = day.split('-').map(Number) as [number, number, number];
    if (new Date(Date.UTC(y, m - 1, d)).getUTCDay() === 2 && localToUtc(day, '07:30', timeZone)!.getTime() > now.getTime()) return day;
    day = addDays(day, 1);
  }
}

function agenda(talk: { speaker: string; title: string }, index: number): string {
  const closing = index % 3 === 0 ? '08:45 Besucherinnen und Besucher stellen sich vor' : '08:45 Danke-Runde: Welche Empfehlung hat sich gelohnt?';
  return [
    'Ort: Landgasthof Krone, Hauptstraße 12, Musterstadt',
    '07:30 Ankommen, Kaffee und Frühstück',
    '07:45 Vorstellungsrunde – 60 Sekunden pro Person',
    `08:15 Impuls (10 Minuten): ${talk.speaker} – ${talk.title}`,
    '08:30 Empfehlungen und Gesuche',
    closing,
    '08:55 Termine, Eins-zu-eins-Verabredungen, Abschluss',
  ].join('\n');
}

/**
 * The breakfasts of the last ten months: a Tuesday every two weeks, scheduled by the host a few
 * weeks ahead, answered by the members, attended as the live room records it (most come most
 * times, some miss a few), a handful of guests, the summer break cancelled — and the next one.
 * Returns the newest breakfast held, for the round's one-to-one request.
 */
export async function seedDemoBreakfasts(db: Db, group: Group, seeded: Seeded[], now: Date) {
  const random = lcg(7);
  const host = seeded.find((s) => s.data.role === 'host')!;
  const actorOf = (s: Seeded): BreakfastActor => ({ id: s.member.id, role: s.data.role, group: { id: group.id, name: DEMO_GROUP.name } });
  const next = nextTuesday(now, group.timeZone);
  const live = liveQueries(db);
  let summerBreak = false;
  let lastHeld: { id: string; startsAt: Date } | null = null;
  for (let i = BREAKFAST_COUNT; i >= 0; i--) {
    const date = addDays(next, -14 * i);
    const talk = TALKS[(BREAKFAST_COUNT - i) % TALKS.length]!;
    const input = breakfastFormSchemaIn(group.timeZone).parse({ date, time: '07:30', durationMinutes: '90', videoUrl: VIDEO_URL, agenda: agenda(talk, i) });
    const scheduledAt = new Date(input.startsAt.getTime() - 21 * DAY);
    const { id } = await scheduleBreakfast(db, actorOf(host), input, scheduledAt);
    if (!summerBreak && date.slice(5, 7) === '08' && i > 0) {
      summerBreak = true; // the Landgasthof closes for its summer holidays
      await cancelBreakfast(db, actorOf(host), id, new Date(scheduledAt.getTime() + 7 * DAY));
      continue;
    }
    const past = i > 0;
    const coming = new Map<string, 'yes' | 'no' | 'maybe'>();
    for (const s of seeded) {
      if (!past && s.data.role === 'member' && s.data.name === 'Thomas Berger') continue; // the demo member answers himself
      const turnout = TURNOUT[s.data.name] ?? 0.9;
      const roll = random();
      const said = roll < turnout ? 'yes' : roll < turnout + 0.05 ? 'maybe' : 'no';
      coming.set(s.member.id, said);
      if (!past && random() < 0.15) continue; // not everybody has answered yet
      await answerRsvp(db, actorOf(s), id, said, new Date(input.startsAt.getTime() - (2 + random() * 8) * DAY));
    }
    const guests = GUESTS.filter((g) => g.breakfastsAgo === i);
    const guestIds = [];
    for (const guest of guests) {
      const registration = await registerGuest(
        db,
        { id, groupId: group.id, groupName: DEMO_GROUP.name, groupLocale: 'de', groupTimeZone: group.timeZone, startsAt: input.startsAt, endsAt: endsAt(input), videoUrl: VIDEO_URL },
        guestFormSchema.parse(guest),
        new Date(input.startsAt.getTime() - 4 * DAY),
      );
      guestIds.push(registration.guest.id);
    }
    if (!past) continue;
    // The live room marks people present as they arrive; a "maybe" came half of the time.
    for (const s of seeded) {
      const said = coming.get(s.member.id);
      if (said === 'no' || (said === 'maybe' && random() < 0.5)) continue;
      await live.recordAttendance(id, s.member.id, 'member', new Date(input.startsAt.getTime() - (2 - random() * 10) * 60 * 1000));
    }
    for (const guestId of guestIds) await live.recordAttendance(id, guestId, 'guest', new Date(input.startsAt.getTime() + 3 * 60 * 1000));
    lastHeld = { id, startsAt: input.startsAt };
  }
  return { lastHeld };
}

const DURATIONS = [45, 60, 60, 60, 75, 90];

/** A private note, in the writer's words, about meeting `other`. */
function noteAbout(other: DemoMember, random: () => number): string {
  const first = other.name.split(' ')[0]!;
  if (random() < 0.4) return `Gute Empfehlung für ${first}: ${other.goodReferral}`;
  return ONE_TO_ONE_NOTES[Math.floor(random() * ONE_TO_ONE_NOTES.length)]!.replace(/\{name\}/g, first);
}

/**
 * One-to-ones between members who refer each other: about twenty met and confirmed by both over
 * the months (one side logs, the other confirms a day or two later), two logged and waiting for
 * the other side, and two open requests — one to the demo member, one to the host from the round.
 */
export async function seedDemoOneToOnes(db: Db, group: Group, seeded: Seeded[], pairs: Pair[], lastHeld: { id: string; startsAt: Date } | null, now: Date) {
  const random = lcg(11);
  const byName = (name: string) => seeded.find((s) => s.data.name === name)!;
  const actorOf = (s: Seeded) => ({ memberId: s.member.id, groupId: group.id });
  const thomas = byName('Thomas Berger');
  // Every pair that refers each other meets once; the closest meet again; Thomas's pairs come first
  // so the demo member has time invested to show.
  const ordered = [...pairs.filter((p) => p.includes(thomas)).slice(0, 4), ...pairs.filter((p) => !p.includes(thomas))];
  const meetings: Pair[] = [...ordered.slice(0, 16), ...ordered.slice(0, 4)];
  for (let i = 0; i < meetings.length; i++) {
    const [a, b] = random() < 0.5 ? meetings[i]! : [meetings[i]![1], meetings[i]![0]];
    const metAt = new Date(now.getTime() - (285 - i * 13.5 - random() * 5) * DAY);
    const loggedAt = new Date(metAt.getTime() + (0.3 + random()) * DAY);
    const input = logSchema(todayIn(loggedAt, group.timeZone)).parse({
      partner: b.member.id,
      metOn: todayIn(metAt, group.timeZone),
      durationMinutes: String(DURATIONS[Math.floor(random() * DURATIONS.length)]),
      note: noteAbout(b.data, random),
    });
    const logged = await logMeeting(db, actorOf(a), input, loggedAt);
    if (logged.status !== 'logged') throw new Error(`demo one-to-one ${i} not logged: ${JSON.stringify(logged)}`);
    const confirmedAt = new Date(loggedAt.getTime() + (0.5 + random() * 2) * DAY);
    await answer(db, actorOf(b), logged.id, 'confirm', confirmedAt);
    if (random() < 0.6) await saveOwnNote(db, actorOf(b), logged.id, noteAbout(a.data, random), new Date(confirmedAt.getTime() + 60 * 1000));
  }

  // Logged, waiting for the other side: one for the demo member to confirm, one he logged himself.
  const waiting: [string, string, string, number][] = [
    ['Aylin Demir', 'Thomas Berger', 'Thomas erklärt Zahlen so, dass man sie versteht. Gemeinsames Gründerpaket (Website + Steuer) durchrechnen.', 4],
    ['Thomas Berger', 'Kai Richter', 'Kai prüft Datensicherungen in kleinen Betrieben – passt zu meinen Mandanten mit GoBD-Fragen. Gemeinsamen Infoabend planen.', 2],
  ];
  for (const [from, to, note, daysAgo] of waiting) {
    const at = new Date(now.getTime() - daysAgo * DAY);
    const input = logSchema(todayIn(now, group.timeZone)).parse({ partner: byName(to).member.id, metOn: todayIn(at, group.timeZone), durationMinutes: '60', note });
    const logged = await logMeeting(db, actorOf(byName(from)), input, new Date(at.getTime() + 8 * 60 * 60 * 1000));
    if (logged.status !== 'logged') throw new Error(`demo one-to-one ${from} → ${to} not logged`);
  }

  // Open requests: Petra asks the demo member from his profile; Lena asked the host in the last round.
  await askForOneToOne(db, actorOf(byName('Petra Hoffmann')), thomas.member.id, new Date(now.getTime() - 1.5 * DAY));
  if (lastHeld) {
    const lena = byName('Lena Fischer');
    const sabine = byName('Sabine Krüger');
    await createRequestsFromRound(
      db,
      { groupId: group.id, breakfastId: lastHeld.id, requests: [{ requesterMemberId: lena.member.id, partnerMemberId: sabine.member.id }] },
      new Date(lastHeld.startsAt.getTime() + 40 * 60 * 1000),
    );
  }
}
