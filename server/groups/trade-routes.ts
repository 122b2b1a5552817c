import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import { decideTradeRequest, listPendingTradeRequests } from '../members/trades.js';
import { hostParams } from './params.js';
import { tradeParams } from './schemas.js';

const decision = z.enum(['allow', 'refuse']);
const tradesQuery = z.object({ done: decision.optional() }).catch({});

/** One seat per trade: the host decides requests for a trade someone already holds. */
export default async function tradeRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/host/trades', { schema: { querystring: tradesQuery } }, async (request, reply) => {
    const host = requireHost(request);
    const requests = await listPendingTradeRequests(app.db, host.group.id);
    const { done } = request.query;
    return reply.page('host-trades', {
      title: request.t('host.trades.title'),
      requests,
      done: done ? request.t(`host.trades.done.${done}`) : null,
    });
  });

  const decisionParams = tradeParams.extend({ decision });
  app.post('/host/trades/:memberId/:tradeId/:decision', { schema: { params: decisionParams }, config: hostParams('decision') }, async (request, reply) => {
    const host = requireHost(request);
    const { memberId, tradeId, decision: chosen } = request.params;
    await decideTradeRequest(app.db, { groupId: host.group.id, memberId, tradeId, allow: chosen === 'allow' }, app.clock());
    return reply.redirect(`/host/trades?done=${chosen}`, 303);
  });
}
