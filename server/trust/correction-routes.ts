import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember, viewerTimeZone } from '../auth/guards.js';
import { unknownAs } from '../plugins/errors.js';
import { errors } from '../shared/errors.js';
import { echoValues, type FieldErrors, parseForm } from '../shared/forms.js';
import { CORRECTION_REASONS, type CorrectionRefusal } from './corrections.js';
import { type CorrectionCandidate, correctEvent, correctionCandidate, type CorrectorViewer } from './corrections-service.js';
import { correctionForm, correctionParams } from './schemas.js';
import { ledgerLines } from './trust-view.js';

/** Every group the viewer belongs to, and where they are a host: hosts correct in their own group only. */
export function correctorViewer(request: FastifyRequest): CorrectorViewer {
  const memberships = request.viewer?.memberships ?? [];
  return {
    groupIds: memberships.map((m) => m.group.id),
    memberIds: memberships.map((m) => m.id),
    hostOf: memberships.filter((m) => m.role === 'host').map((m) => ({ groupId: m.group.id, memberId: m.id })),
  };
}

/** A malformed address or event id is an event that does not exist (for a member). */
const byEvent = { schema: { params: correctionParams }, config: unknownAs('trust.correct.not_found', requireMember) };

type Form = { values?: Record<string, unknown>; errors?: FieldErrors; refusal?: CorrectionRefusal | null };

/** The confirm page: the event in the trust page's words, the reason list, or why it cannot be corrected. */
function renderConfirm(request: FastifyRequest, reply: FastifyReply, candidate: CorrectionCandidate, form: Form, status: number) {
  const { trust, eventId } = candidate;
  const now = request.server.clock();
  const line = ledgerLines(trust.rows, trust.score.explanation, { locale: request.locale, t: request.t, now, timeZone: viewerTimeZone(request) }).find((l) => l.id === eventId);
  const refusal = form.refusal ?? candidate.refusal;
  const selected = form.values?.reason;
  reply.header('cache-control', 'no-store');
  return reply.page(
    'trust-correct',
    {
      title: request.t('trust.correct.title'),
      noindex: true,
      subject: trust.subject,
      line,
      action: `/m/${trust.subject.slug}/trust/correct/${eventId}`,
      refused: refusal ? request.t(`trust.correct.refused.${refusal}`) : null,
      reasons: CORRECTION_REASONS.map((value) => ({ value, label: request.t(`trust.correction.reason.${value}`), selected: value === selected })),
      errors: form.errors ?? null,
    },
    status,
  );
}

/** Host corrections of the trust ledger: a confirm page and the reversal itself (corrections-service.ts). */
export function correctionRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.get('/m/:slug/trust/correct/:eventId', byEvent, async (request, reply) => {
    requireMember(request);
    const { slug, eventId } = request.params;
    const candidate = await correctionCandidate(app.db, slug, eventId, correctorViewer(request), app.clock());
    return renderConfirm(request, reply, candidate, {}, candidate.refusal ? 409 : 200);
  });

  app.post('/m/:slug/trust/correct/:eventId', byEvent, async (request, reply) => {
    requireMember(request);
    const { slug, eventId } = request.params;
    const viewer = correctorViewer(request);
    const form = parseForm(correctionForm, request.body, request.t);
    if (!form.ok) {
      // Access first (403/404 before a form error), then the form again with the message.
      const candidate = await correctionCandidate(app.db, slug, eventId, viewer, app.clock());
      return renderConfirm(request, reply, candidate, { values: echoValues(request.body), errors: form.errors }, candidate.refusal ? 409 : 400);
    }
    const outcome = await correctEvent(app.db, { slug, eventId, reason: form.data.reason }, viewer, app.clock());
    if (!outcome.ok) {
      const candidate = await correctionCandidate(app.db, slug, eventId, viewer, app.clock());
      return renderConfirm(request, reply, candidate, { refusal: outcome.refusal }, 409);
    }
    return reply.redirect(`/m/${outcome.subject.slug}/trust#h-ledger`, 303);
  });
}
