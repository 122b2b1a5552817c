import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireHost } from '../auth/guards.js';
import type { Membership } from '../auth/queries.js';
import { REVIEW_VERDICTS } from '../../db/schema.js';
import { flaggedAnswers, reviewFlaggedAnswer } from './review.js';

const reviewParams = z.object({ feedbackId: z.uuid() });
const verdictForm = z.object({ verdict: z.enum(REVIEW_VERDICTS) });
const reviewQuery = z.object({ done: z.enum(REVIEW_VERDICTS).optional() }).catch({});

type Notice = { done?: string; error?: string };

async function renderReview(request: FastifyRequest, reply: FastifyReply, host: Membership, notice: Notice = {}, status = 200) {
  const t = request.t;
  const rows = await flaggedAnswers(request.server.db, host.group.id);
  const answers = rows.map((row) => ({
    ...row,
    reasons: row.reasons.map((reason) => t(`signals.reason.${reason}`)),
    outcome: row.contacted ? (row.rating === null ? t('signals.review.contacted') : t('signals.review.rating', { rating: row.rating })) : t('signals.review.never_contacted'),
    verdictText: row.verdict ? t(`signals.review.verdict.${row.verdict}`) : null,
    link: t(`signals.review.link.${row.linkKind}`),
  }));
  reply.header('cache-control', 'no-store');
  return reply.page(
    'host-review',
    {
      title: t('signals.review.title'),
      open: answers.filter((a) => !a.verdict),
      reviewed: answers.filter((a) => a.verdict),
      done: notice.done ? t(`signals.review.done.${notice.done}`) : null,
      error: notice.error ?? null,
    },
    status,
  );
}

/** The hosts' review of flagged client answers: /host/review (works without JavaScript). */
export default async function signalRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  app.get('/host/review', { schema: { querystring: reviewQuery } }, async (request, reply) =>
    renderReview(request, reply, requireHost(request), { done: request.query.done }),
  );

  app.post('/host/review/:feedbackId', { attachValidation: true }, async (request, reply) => {
    const host = requireHost(request);
    const params = reviewParams.safeParse(request.params);
    const form = verdictForm.safeParse(request.body);
    if (!params.success || !form.success) return renderReview(request, reply, host, { error: request.t('signals.review.invalid') }, 400);
    const outcome = await reviewFlaggedAnswer(
      app.db,
      { feedbackId: params.data.feedbackId, verdict: form.data.verdict },
      { groupId: host.group.id, memberId: host.id },
      app.clock(),
    );
    if (!outcome.ok) {
      const verdict = request.t(`signals.review.verdict.${outcome.verdict}`);
      return renderReview(request, reply, host, { error: request.t('signals.review.already_reviewed', { verdict }) }, 409);
    }
    return reply.redirect(`/host/review?done=${form.data.verdict}`, 303);
  });
}
