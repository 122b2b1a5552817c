import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { errors } from '../shared/errors.js';

/**
 * One preHandler enforcing several limits at once (e.g. per address AND per account).
 * @fastify/rate-limit runs only the first `app.rateLimit()` handler of a request, so an array of
 * them silently drops all but the first; `createRateLimit` checks without that guard.
 */
export function allLimits(app: FastifyInstance, limits: CreateRateLimitOptions[]) {
  const checks = limits.map((options) => app.createRateLimit(options));
  return async function enforceLimits(request: FastifyRequest, reply: FastifyReply) {
    for (const check of checks) {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', result.ttlInSeconds);
        // Answered by the error handler as 429 with "too many attempts" in the visitor's language.
        throw errors.tooManyRequests();
      }
    }
  };
}

/** Keys for limits: per client address, and per e-mail address typed into a form. */
export const byAddress = (name: string) => (request: FastifyRequest) => `${name}-ip:${request.ip}`;
export const byTypedEmail = (name: string) => (request: FastifyRequest) =>
  `${name}-email:${String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`;
