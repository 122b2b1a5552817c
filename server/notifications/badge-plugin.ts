import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { unreadCount } from './service.js';

declare module 'fastify' {
  interface FastifyRequest {
    /** Unread notifications of the viewer, for the header badge; 0 for anonymous visitors. */
    unreadNotifications: number;
  }
}

/** Counts unread notifications once per page view of a member (an indexed count). */
export default fp(
  async function notificationBadge(app: FastifyInstance) {
    app.decorateRequest('unreadNotifications', 0);
    app.addHook('preHandler', async (request) => {
      const member = request.viewer?.member;
      if (request.method !== 'GET' || !member || request.url.startsWith('/public/')) return;
      request.unreadNotifications = await unreadCount(app.db, member.id);
    });
  },
  { name: 'notification-badge', dependencies: ['sessions'] },
);
