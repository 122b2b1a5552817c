import { z } from 'zod';

/** The directory's URL parameters (GET, so every search is a link to share). Messages are locale keys. */

export const NEED_MAX = 200;
export const REGION_MAX = 100;

/** An empty select or field means "no filter". */
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((value) => (typeof value === 'string' && value.trim() === '' ? undefined : value), schema.optional());

export const directoryQuery = z.object({
  q: z
    .string()
    .max(NEED_MAX, { error: 'directory.errors.need_too_long' })
    .default('')
    .transform((value) => value.trim().replace(/\s+/g, ' ')),
  trade: optional(z.guid({ error: 'directory.errors.unknown_trade' })),
  region: optional(z.string().trim().max(REGION_MAX, { error: 'directory.errors.region_too_long' })),
  confirmed: z
    .union([z.literal('1'), z.literal('')])
    .optional()
    .transform((value) => value === '1'),
});

export type DirectoryQuery = z.infer<typeof directoryQuery>;
