import type { FastifyInstance } from 'fastify';
import { requireMember } from '../auth/guards.js';
import { relativeTime } from '../shared/relative-time.js';
import type { Translate } from '../shared/i18n.js';
import { listNotifications, markAllRead, NOTIFICATION_KINDS } from './service.js';

const KNOWN_KINDS = new Set<string>(NOTIFICATION_KINDS);

/** The text of a notification in the reader's language; a kind this version does not know still reads well. */
function messageOf(kind: string, params: Record<string, string>, t: Translate): string {
  return KNOWN_KINDS.has(kind) ? t(`notifications.kind.${kind}`, params) : t('notifications.kind.other', params);
}

export default async function notificationRoutes(app: FastifyInstance) {
  app.get('/notifications', async (request, reply) => {
    const member = requireMember(request);
    const now = app.clock();
    const rows = await listNotifications(app.db, member.id);
    return reply.page('notifications', {
      title: request.t('notifications.title'),
      notifications: rows.map((row) => ({
        ...row,
        unread: row.readAt === null,
        href: row.referralId
          ? `/referrals/${row.referralId}`
          : row.kind.startsWith('one_to_one_')
            ? '/one-to-ones'
            : row.kind === 'trust_corrected'
              ? `/m/${member.slug}/trust`
              : null,
        iso: row.createdAt.toISOString(),
        age: relativeTime(row.createdAt, now, request.locale),
        message: messageOf(row.kind, { giver: row.giverName ?? '', receiver: row.receiverName ?? '', topic: row.topic ?? '' }, request.t),
      })),
      unread: rows.some((row) => row.readAt === null),
      noindex: true,
    });
  });

  /** No body: the member reads everything up to now. */
  app.post('/notifications/read', async (request, reply) => {
    const member = requireMember(request);
    await markAllRead(app.db, member.id, app.clock());
    return reply.redirect('/notifications', 303);
  });
}
