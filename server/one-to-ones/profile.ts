import type { Db } from '../../db/client.js';
import type { Locale } from '../shared/i18n.js';
import { knownOneToOnes } from './service.js';
import { knownView } from './view-models.js';

/**
 * What a profile shows about one-to-ones (views/partials/one-to-ones-known.hbs): one query. Only
 * for viewers of the member's own group; `viewerAccountId` finds the viewer's side of a pair.
 */
export async function oneToOnesOnProfile(db: Db, profileMemberId: string, viewerAccountId: string | null, locale: Locale, now: Date) {
  return knownView(await knownOneToOnes(db, profileMemberId, viewerAccountId), locale, now);
}
