import { z } from 'zod';
import { checkbox, emailAddress as email, newPassword as password, text, uuid as id } from '../shared/fields.js';
import { LOCALES } from '../shared/i18n.js';

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

export const memberParams = z.object({ memberId: id });
export const tradeParams = z.object({ memberId: id, tradeId: id });

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
