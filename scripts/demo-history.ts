import { registerSubscriptions } from '../server/subscriptions.js';
import type { Db } from '../db/client.js';
import type { members } from '../db/schema.js';
import { submitFeedback } from '../server/feedback/service.js';
import { processOverdueReferrals } from '../server/referrals/overdue.js';
import { newReferralSchema } from '../server/referrals/schemas.js';
import { giveReferral, moveReferral } from '../server/referrals/service.js';
import type { DemoMember } from './demo-data.js';

// The use cases below dispatch domain events; their subscribers must be in place.
registerSubscriptions();

type Seeded = { data: DemoMember; member: typeof members.$inferSelect };
type Group = { id: string; locale: 'de' | 'en'; timeZone: string; responseDeadlineDays: number };

const DAY = 24 * 60 * 60 * 1000;
const CLIENTS = [
  'Familie Özdemir', 'Bäckerei Kuhn', 'Jana Meier', 'Holzbau Seidel GmbH', 'Dr. Frank Albrecht', 'Café Lindenblüte',
  'Ingrid Vogt', 'Autohaus Brandt', 'Yusuf Arslan', 'Praxis Dr. Winter', 'Modehaus Keller', 'Tim Hartmann',
  'Gärtnerei Roth', 'Lea Zimmermann', 'Schreinerei Busch', 'Hotel Am Markt', 'Nina Graf', 'Weingut Sommer',
];

/** What a receiver's client typically needs, in the giver's words. */
const NEEDS: Record<string, string> = {
  Steuerberatung: 'Gründet gerade einen Onlineshop und weiß nicht, wie das mit der Umsatzsteuer im EU-Ausland läuft.',
  Webdesign: 'Die Website ist zehn Jahre alt und auf dem Handy kaum lesbar; sucht jemanden, der es ehrlich und bezahlbar macht.',
  Fotografie: 'Braucht neue Teamfotos für die Stellenanzeigen, am liebsten draußen und ohne steife Posen.',
  Versicherungsmakler: 'Hat zwei Mitarbeitende eingestellt und fragt sich, ob die Betriebshaftpflicht noch passt.',
  Elektroinstallation: 'Plant eine Photovoltaikanlage mit Speicher auf dem Werkstattdach und möchte ein Angebot.',
  Arbeitsrecht: 'Erster Arbeitsvertrag für eine Auszubildende; möchte alles richtig machen.',
  Physiotherapie: 'Das Büroteam klagt über Rückenschmerzen; sucht einen Workshop zur Arbeitsplatzergonomie.',
  Immobilienmakler: 'Erbt das Elternhaus und möchte es verkaufen, ist aber unsicher, was es wert ist.',
  Catering: 'Feiert im Frühjahr 25-jähriges Firmenjubiläum mit etwa 60 Gästen und sucht regionales Essen.',
  'IT-Service': 'Die Datensicherung läuft auf einer externen Festplatte im Schrank; sucht eine verlässliche Lösung.',
  Druckerei: 'Neues Logo ist fertig; braucht Visitenkarten, Briefpapier und einen Messeflyer auf Recyclingpapier.',
  Unternehmensberatung: 'Der Inhaber ist 62 und hat noch keinen Plan für die Nachfolge; die Kinder wollen nicht übernehmen.',
};

/** Deterministic, so every demo start tells the same story. */
export function lcg(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

/**
 * Ten months of the group's life through the real services: referrals given, moved along by their
 * receivers, answered by clients through their links, and one partner who never calls back —
 * so trust scores, topic scores and the ledger have something to show.
 */
export async function seedDemoHistory(db: Db, group: Group, seeded: Seeded[], now: Date) {
  const random = lcg(42);
  const env = { db, publicUrl: new URL('http://localhost:3000'), delivery: 'keep' as const };
  const unreliable = seeded.find((s) => s.data.trades.includes('Immobilienmakler'));
  const referralCount = 34;
  const pairCounts = new Map<string, { pair: [Seeded, Seeded]; count: number }>();
  for (let i = 0; i < referralCount; i++) {
    const at = new Date(now.getTime() - (300 - i * 8.5) * DAY + 9 * 60 * 60 * 1000);
    const giver = seeded[Math.floor(random() * seeded.length)]!;
    let receiver = seeded[Math.floor(random() * seeded.length)]!;
    if (receiver === giver) receiver = seeded[(seeded.indexOf(giver) + 1) % seeded.length]!;
    const trade = receiver.data.trades[0]!;
    const [first, second] = seeded.indexOf(giver) < seeded.indexOf(receiver) ? [giver, receiver] : [receiver, giver];
    const key = `${first.member.id}:${second.member.id}`;
    pairCounts.set(key, { pair: [first, second], count: (pairCounts.get(key)?.count ?? 0) + 1 });
    const clientName = CLIENTS[i % CLIENTS.length]!;
    const input = newReferralSchema.parse({
      receiver: receiver.member.id,
      topic: trade,
      clientName,
      clientEmail: `kunde${i}@demo-kunden.example`,
      clientPhone: '',
      need: NEEDS[trade] ?? 'Sucht Unterstützung und hat nach einer Empfehlung gefragt.',
      warmth: String(1 + Math.floor(random() * 5)),
      consent: 'on',
    });
    const result = await giveReferral(env, { memberId: giver.member.id, name: giver.data.name, group }, input, at);
    if (result.status !== 'created') throw new Error(`demo referral ${i} not created`);
    const recent = now.getTime() - at.getTime() < 10 * DAY;
    if (recent) continue; // the newest referrals are still open, as in real life

    if (receiver === unreliable && random() < 0.7) {
      // Never called: the deadline passes, and weeks later the client says so.
      await processOverdueReferrals(db, new Date(at.getTime() + 6 * DAY), { publicUrl: env.publicUrl, delivery: 'keep' });
      await submitFeedback(db, result.token, noContact(), new Date(at.getTime() + 20 * DAY));
      continue;
    }
    const move = (to: 'contacted' | 'meeting' | 'proposal', days: number) =>
      moveReferral(db, receiver.member.id, result.referralId, { to }, new Date(at.getTime() + days * DAY));
    await move('contacted', random() < 0.7 ? 0.3 : 1.5);
    await move('meeting', 5);
    const outcome = random();
    if (outcome < 0.55) {
      await move('proposal', 9);
      const euros = 400 + Math.round(random() * 40) * 100;
      await moveReferral(db, receiver.member.id, result.referralId, { to: 'won', value: euros * 100 }, new Date(at.getTime() + 16 * DAY));
    } else if (outcome < 0.75) {
      await moveReferral(db, receiver.member.id, result.referralId, { to: 'lost', reason: 'Budget wurde verschoben.' }, new Date(at.getTime() + 14 * DAY));
    }
    if (random() < 0.8) {
      const rating = random() < 0.8 ? 5 - Math.floor(random() * 2) : 2 + Math.floor(random() * 2);
      await submitFeedback(db, result.token, answered(rating, random() < 0.5), new Date(at.getTime() + 18 * DAY));
    }
  }
  await processOverdueReferrals(db, now, { publicUrl: env.publicUrl, delivery: 'keep' });
  // Who referred whom, most referrals first (stable order): these pairs meet for one-to-ones.
  return [...pairCounts.values()].sort((a, b) => b.count - a.count).map((entry) => entry.pair);
}

function answered(rating: number, withComment: boolean) {
  return {
    contacted: true,
    contactSpeed: rating >= 4 ? ('same_day' as const) : ('within_week' as const),
    rating,
    wouldRecommend: rating >= 4,
    comment: withComment ? (rating >= 4 ? 'Sehr schnell gemeldet, kompetent und freundlich. Gerne wieder!' : 'Hat gedauert, am Ende aber geklappt.') : null,
    commentPublic: withComment,
  };
}

function noContact() {
  return { contacted: false, contactSpeed: null, rating: null, wouldRecommend: false, comment: 'Leider hat sich niemand gemeldet.', commentPublic: false };
}
