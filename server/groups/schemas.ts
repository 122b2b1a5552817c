import { z } from 'zod';
import { emailAddress, newPassword } from '../auth/schemas.js';
import { LOCALES } from '../shared/i18n.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const password = newPassword;
export const email = emailAddress;

export const setupSchema = z
  .object({
    groupName: text(100),
    city: text(100),
    locale: z.enum(LOCALES),
    hostName: text(100),
    email,
    password,
    passwordConfirm: z.string(),
  })
  .refine((v) => v.password === v.passwordConfirm, { path: ['passwordConfirm'], error: 'auth.errors.password_mismatch' });

export type SetupInput = z.infer<typeof setupSchema>;

/** A path id that must be a uuid: anything else is a 400 (groups/params.ts), never a database error. */
const id = z.uuid();

export const memberParams = z.object({ memberId: id });
export const tradeParams = z.object({ memberId: id, tradeId: id });

/** A checkbox sends its value when ticked and nothing when not. */
const checkbox = z
  .literal('on')
  .optional()
  .transform((value) => value === 'on');

const WHOLE_NUMBER = 'host.settings.errors.whole_number';

/** A whole number typed into a form field, within bounds; "zwei" or "1.5" get a clear message. */
const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .pipe(
      z.coerce
        .number<string>({ error: (issue) => (issue.code === 'invalid_type' ? WHOLE_NUMBER : undefined) })
        .int({ error: WHOLE_NUMBER })
        .min(min)
        .max(max),
    );

export const settingsSchema = z.object({
  name: text(100),
  city: text(100),
  locale: z.enum(LOCALES),
  secondsPerIntro: wholeNumber(10, 300),
  responseDeadlineDays: wholeNumber(1, 30),
  oneSeatPerTrade: checkbox,
});

export type SettingsInput = z.infer<typeof settingsSchema>;
