import { registerSubscriptions } from '../server/subscriptions.js';
import type { Db } from '../db/client.js';
import { createGroupWithHost } from '../server/groups/service.js';
import { addMemberAccount } from '../server/members/accounts.js';
import { saveProfile } from '../server/members/profile-editor.js';
import { profileSchema } from '../server/members/schemas.js';
import { seedDemoHistory } from './demo-history.js';
import { seedDemoBreakfasts, seedDemoOneToOnes } from './demo-meetings.js';
import { DEMO_GROUP, DEMO_MEMBERS, DEMO_PASSWORD, type DemoMember, demoEmail } from './demo-data.js';

// The use cases below dispatch domain events; their subscribers must be in place.
registerSubscriptions();

/** The demo member's profile as the editor form would submit it. */
function profileForm(m: DemoMember) {
  return profileSchema.parse({
    warum: m.warum,
    offer: m.offer,
    goodReferral: m.goodReferral,
    newTrade: m.trades[0],
    region: m.region,
    website: m.website,
    phone: m.phone,
    isPublic: m.isPublic ? 'on' : undefined,
  });
}

/** Creates the demo group through the same services the app uses, so the demo shows real behaviour. */
export async function seedDemoGroup(db: Db, now: Date) {
  const [hostData, ...others] = DEMO_MEMBERS;
  const host = hostData!;
  const { group, member: hostMember } = await createGroupWithHost(db, DEMO_GROUP, {
    name: host.name,
    email: demoEmail(host.name),
    password: DEMO_PASSWORD,
  });
  const members = [{ data: host, member: hostMember }];
  for (const data of others) {
    const { member } = await addMemberAccount(db, group.id, { name: data.name, email: demoEmail(data.name), password: DEMO_PASSWORD }, data.role);
    members.push({ data, member });
  }
  for (const { data, member } of members) {
    const result = await saveProfile(db, { id: member.id, groupId: group.id, oneSeatPerTrade: true }, profileForm(data), now);
    if (result.status !== 'saved') throw new Error(`demo profile of ${data.name} not saved: ${JSON.stringify(result)}`);
  }
  const pairs = await seedDemoHistory(db, { id: group.id, locale: group.locale, timeZone: group.timeZone, responseDeadlineDays: group.responseDeadlineDays }, members, now);
  const { lastHeld } = await seedDemoBreakfasts(db, group, members, now);
  await seedDemoOneToOnes(db, group, members, pairs, lastHeld, now);
  return { group, members };
}
