import type { FastifyRequest } from 'fastify';
import { errors } from '../shared/errors.js';
import { idParams } from './schemas.js';

/** The breakfast id in the URL; a malformed one is as unknown as a missing breakfast. */
export function breakfastId(request: FastifyRequest): string {
  const params = idParams.safeParse(request.params);
  if (!params.success) throw errors.notFound('breakfasts.errors.not_found');
  return params.data.id;
}
