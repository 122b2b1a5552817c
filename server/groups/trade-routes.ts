import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import { errors } from '../shared/errors.js';
import { decideTradeRequest, listPendingTradeRequests } from '../members/trades.js';
import { parseParams } from './params.js';
import { tradeParams } from './schemas.js';

const decision = z.enum(['allow', 'refuse']);
const tradesQuery = z.object({ done: decision.optional() }).catch({});

/** One seat per trade: the host decides requests for a trade someone already holds. */
export default async function tradeRoutes(app: FastifyInstance) {
  app.get('/host/trades', async (request, reply) => {
    const host = requireHost(request);
    const requests = await listPendingTradeRequests(app.db, host.group.id);
    const { done } = tradesQuery.parse(request.query);
    return reply.page('host-trades', {
      title: request.t('host.trades.title'),
      requests,
      done: done ? request.t(`host.trades.done.${done}`) : null,
    });
  });

  app.post('/host/trades/:memberId/:tradeId/:decision', async (request, reply) => {
    const host = requireHost(request);
    const chosen = decision.safeParse((request.params as { decision?: unknown }).decision);
    if (!chosen.success) throw errors.notFound();
    const { memberId, tradeId } = parseParams(tradeParams, request.params);
    await decideTradeRequest(app.db, { groupId: host.group.id, memberId, tradeId, allow: chosen.data === 'allow' });
    return reply.redirect(`/host/trades?done=${chosen.data}`, 303);
  });
}
