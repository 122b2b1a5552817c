import type { CreateRateLimitOptions } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { AppError, errors } from '../shared/errors.js';

/**
 * One preHandler enforcing several limits at once (e.g. per address AND per account).
 * @fastify/rate-limit runs only the first `app.rateLimit()` handler of a request, so an array of
 * them silently drops all but the first; `createRateLimit` checks without that guard.
 * `messageKey` replaces the generic "too many attempts" where a page can say more; it gets `{minutes}` to wait.
 */
export function allLimits(app: FastifyInstance, limits: CreateRateLimitOptions[], options: { messageKey?: string } = {}) {
  const checks = limits.map((options) => app.createRateLimit(options));
  return async function enforceLimits(request: FastifyRequest, reply: FastifyReply) {
    for (const check of checks) {
      const result = await check(request);
      if (!result.isAllowed && result.isExceeded) {
        reply.header('retry-after', result.ttlInSeconds);
        if (!options.messageKey) throw errors.tooManyRequests();
        throw new AppError('too_many_requests', 429, options.messageKey, { minutes: Math.max(1, Math.ceil(result.ttlInSeconds / 60)) });
      }
    }
  };
}

/** Keys for limits: per client address, and per e-mail address typed into a form. */
export const byAddress = (name: string) => (request: FastifyRequest) => `${name}-ip:${request.ip}`;
export const byTypedEmail = (name: string) => (request: FastifyRequest) =>
  `${name}-email:${String((request.body as { email?: unknown } | undefined)?.email ?? '').trim().toLowerCase()}`;
