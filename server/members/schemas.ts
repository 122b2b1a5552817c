import { z } from 'zod';
import { checkbox, guid, multiline, optionalText, slug } from '../shared/fields.js';

/** Form fields of the profile editor and the photo form. Messages are locale keys (see server/forms.ts). */

export const WARUM_MIN = 40;
export const TEXT_MAX = 1000;
export const TRADE_NAME_MAX = 60;

/** A textarea's text, lines normalised, up to `max` characters. */
const longText = (max: number) => multiline.pipe(z.string().max(max));

/** A group of checkboxes sends nothing, one value or several. */
const idList = z.preprocess(
  (value) => (value === undefined || value === '' ? [] : Array.isArray(value) ? value : [value]),
  z
    .array(z.string())
    .max(30)
    .refine((ids) => ids.every((id) => guid.safeParse(id).success), { error: 'members.errors.trade_unknown' }),
);

const tradeChoice = z.object({
  trades: idList,
  newTrade: z
    .string()
    .transform((name) => name.replace(/\s+/g, ' ').trim())
    .pipe(z.string().max(TRADE_NAME_MAX))
    .optional()
    .default(''),
});

/** A phone number as members type it (optional): digits with + ( ) / . - and spaces. */
export const phoneNumber = z
  .string()
  .trim()
  .max(40)
  .regex(/^(\+?[0-9 ()/.-]{3,40})?$/, { error: 'members.errors.phone' })
  .refine((value) => value === '' || /[0-9].*[0-9].*[0-9]/.test(value), { error: 'members.errors.phone' })
  .optional()
  .default('');

export const profileSchema = z
  .object({
    warum: multiline.pipe(z.string().min(WARUM_MIN, { error: 'members.errors.warum_short' }).max(TEXT_MAX)),
    offer: longText(TEXT_MAX).optional().default(''),
    goodReferral: longText(TEXT_MAX).optional().default(''),
    ...tradeChoice.shape,
    region: optionalText(100),
    website: z
      .string()
      .trim()
      .max(200)
      .pipe(
        z.union([
          z.literal(''),
          z.url({ protocol: /^https?$/, hostname: z.regexes.domain, error: 'members.errors.website' }),
        ]),
      )
      .optional()
      .default(''),
    phone: phoneNumber,
    isPublic: checkbox,
    requestAnyway: checkbox,
  })
  .refine((form) => form.trades.length > 0 || form.newTrade !== '', {
    path: ['trades'],
    error: 'members.errors.trade_required',
    // Runs even when other fields failed, so the member sees every problem at once.
    when: (payload) => tradeChoice.safeParse(payload.value).success,
  });

export type ProfileInput = z.infer<typeof profileSchema>;

export const slugParams = z.object({ slug });

export const savedQuery = z.object({ saved: z.literal('1').optional() }).catch({});

/** `?page=N` on the roster: a positive whole number; anything else is not a page (see routes.ts). */
export const rosterQuery = z.object({
  page: z
    .string()
    .regex(/^[0-9]{1,6}$/)
    .transform(Number)
    .pipe(z.number().int().min(1))
    .optional(),
});
