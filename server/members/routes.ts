import type { FastifyInstance } from 'fastify';
import { requireMember } from '../auth/guards.js';
import { groupRoster } from './service.js';

export default async function memberRoutes(app: FastifyInstance) {
  app.get('/roster', async (request, reply) => {
    const member = requireMember(request);
    const roster = await groupRoster(app.db, member.group.id);
    return reply.page('roster', { title: request.t('members.roster.title'), roster });
  });
}
