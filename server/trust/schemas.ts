import { z } from 'zod';
import { slug, uuid } from '../shared/fields.js';
import { CORRECTION_REASONS } from '../../db/schema.js';

/** A member's profile address, as in /m/:slug; anything else is "not found". */
export const trustParams = z.object({ slug });

/** `?all=1` shows the whole ledger; anything else the newest entries. */
export const trustPageQuery = z.object({ all: z.literal('1').optional() }).catch({});

/** /m/:slug/trust/correct/:eventId; a malformed event id is a page that does not exist. */
export const correctionParams = trustParams.extend({ eventId: uuid });

/** The host's reason for a correction: one of the fixed list, nothing else. */
export const correctionForm = z.object({
  reason: z.enum(CORRECTION_REASONS, { error: 'trust.correct.reason_required' }),
});
