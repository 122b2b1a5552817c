import type { FastifyRequest } from 'fastify';
import { requireHost } from '../auth/guards.js';
import { errors } from '../shared/errors.js';

/**
 * Route config for host actions on /host/…/:memberId/…/:verb: an id that is not a uuid is the
 * visitor's mistake (400, never a database error), an unknown verb a page that does not exist
 * (404) — both only after the visitor is known to be a host.
 */
export function hostParams(verb: string) {
  return {
    invalidParams: (params: string[], request: FastifyRequest) => {
      requireHost(request);
      return params.includes(verb) ? errors.notFound() : errors.badRequest();
    },
  };
}
