import { z } from 'zod';
import { LOCALES } from '../i18n.js';

const text = (max: number) => z.string().trim().min(1).max(max);

export const password = z.string().min(10, { error: 'auth.errors.password_short' }).max(200);
export const email = z.string().trim().max(254).pipe(z.email({ error: 'forms.invalid_email' }));

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
