import { z } from 'zod';
import { guid, multiline, optionalEmail, requiredText, slug } from '../shared/fields.js';
import { parseEuroCents } from '../shared/money.js';

/** Form fields and URL parameters of the referrals pages. Messages are locale keys (see server/forms.ts). */

export const TOPIC_MAX = 100;
export const CLIENT_NAME_MAX = 120;
export const NEED_MIN = 10;
export const NEED_MAX = 2000;
export const LOST_REASON_MAX = 500;
export const WARMTH_LEVELS = [1, 2, 3, 4, 5] as const;

/** Browsers send \r\n in textareas; counting it as one character matches what the member sees. */

/** Any 8-4-4-4-12 hex id; other strings never reach the database. */
export const idParams = z.object({ id: guid });

export const newReferralQuery = z.object({
  to: slug.optional().catch(undefined),
  /** A pledge from a breakfast to complete (server/breakfasts/drafts.ts). */
  draft: guid.optional().catch(undefined),
});

/** One-time notices on the referral page after a redirect. */
export const detailQuery = z
  .object({ moved: z.literal('1').optional(), erased: z.literal('1').optional() })
  .catch({});
export type DetailFlags = z.infer<typeof detailQuery>;

const contactFields = z.object({
  clientEmail: optionalEmail,
  clientPhone: z
    .string()
    .trim()
    .max(40)
    .regex(/^(\+?[0-9 ()/.-]{3,40})?$/, { error: 'referrals.errors.phone' })
    .refine((value) => value === '' || /[0-9].*[0-9].*[0-9]/.test(value), { error: 'referrals.errors.phone' })
    .optional()
    .default(''),
});

export const newReferralSchema = z
  .object({
    receiver: z.guid({ error: 'referrals.errors.receiver_required' }),
    topic: requiredText(TOPIC_MAX),
    clientName: requiredText(CLIENT_NAME_MAX),
    ...contactFields.shape,
    need: multiline.pipe(z.string().min(NEED_MIN).max(NEED_MAX)),
    warmth: z.enum(['1', '2', '3', '4', '5'], { error: 'referrals.errors.warmth' }).transform(Number),
    consent: z.literal('on', { error: 'referrals.errors.consent' }),
    /** The breakfast pledge this referral completes, if any; anything else is ignored. */
    draft: guid.optional().catch(undefined),
  })
  .refine((form) => form.clientEmail !== '' || form.clientPhone !== '', {
    path: ['clientContact'],
    error: 'referrals.errors.contact_required',
    // Runs even when other fields failed, so the member sees every problem at once.
    when: (payload) => contactFields.safeParse(payload.value).success,
  });

export type NewReferralInput = z.infer<typeof newReferralSchema>;

/** One form per allowed step on the referral page; `won` may carry a value, `lost` needs a reason. */
export const moveSchema = z.discriminatedUnion(
  'to',
  [
    z.object({ to: z.enum(['contacted', 'meeting', 'proposal']) }),
    z.object({
      to: z.literal('won'),
      value: z
        .string()
        .trim()
        .max(20)
        .optional()
        .default('')
        .transform((value, ctx) => {
          if (value === '') return null;
          const cents = parseEuroCents(value);
          if (cents === null) {
            ctx.issues.push({ code: 'custom', message: 'referrals.errors.value', input: value });
            return z.NEVER;
          }
          return cents;
        }),
    }),
    z.object({
      to: z.literal('lost'),
      reason: z
        .string({ error: 'referrals.errors.reason_required' })
        .transform((value) => value.replace(/\r\n?/g, '\n').trim())
        .pipe(z.string().min(1, { error: 'referrals.errors.reason_required' }).max(LOST_REASON_MAX)),
    }),
  ],
  { error: 'referrals.errors.step_unknown' },
);

export type MoveInput = z.infer<typeof moveSchema>;

export const eraseSchema = z.object({
  confirm: z.literal('on', { error: 'referrals.errors.erase_confirm' }),
});

/** The referral list's notice after a pledge was dismissed. */
export const draftsQuery = z.object({ dismissed: z.literal('1').optional() }).catch({});
