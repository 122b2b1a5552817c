import type { z } from 'zod';
import { errors } from '../shared/errors.js';

/** Route params through zod: a malformed id is the visitor's mistake (400), never a database error. */
export function parseParams<S extends z.ZodType>(schema: S, params: unknown): z.infer<S> {
  const parsed = schema.safeParse(params);
  if (!parsed.success) throw errors.badRequest();
  return parsed.data;
}
