import type { FastifyRequest } from 'fastify';
import { errors } from '../shared/errors.js';
import { DEFAULT_TIME_ZONE } from '../shared/time.js';
import type { Membership } from './queries.js';

/** The viewer's membership, or a 401 (the error handler sends a browser to the login page). */
export function requireMember(request: FastifyRequest): Membership {
  const member = request.viewer?.member;
  if (!member) throw errors.unauthorized();
  return member;
}

export function requireHost(request: FastifyRequest): Membership {
  const member = requireMember(request);
  if (member.role !== 'host') throw errors.forbidden('errors.host_only');
  return member;
}

/** The time zone dates are shown in for this request: the viewer's group's, or the default. */
export function viewerTimeZone(request: FastifyRequest): string {
  return request.viewer?.member?.group.timeZone ?? DEFAULT_TIME_ZONE;
}
