import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember } from '../auth/guards.js';
import { parseForm } from '../shared/forms.js';
import { breakfastUrl, byMemberBreakfastId } from './params.js';
import { attendanceQuery, attendanceSchema, idParams } from './schemas.js';
import { attendanceSheet, saveAttendance } from './service.js';

/** The host corrects who was there after the breakfast (the live room records it as people join). */
export default async function attendanceRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();

  async function render(request: FastifyRequest, reply: FastifyReply, id: string, extra: Record<string, unknown> = {}, status = 200) {
    const member = requireMember(request);
    const sheet = await attendanceSheet(app.db, member, id);
    return reply.page('breakfast-attendance', { title: request.t('breakfasts.attendance.title'), ...sheet, noindex: true, ...extra }, status);
  }

  app.get('/breakfasts/:id/attendance', { schema: { params: idParams, querystring: attendanceQuery }, ...breakfastUrl }, async (request, reply) => {
    return render(request, reply, request.params.id, { saved: request.query.saved === '1' });
  });

  app.post('/breakfasts/:id/attendance', byMemberBreakfastId, async (request, reply) => {
    const member = requireMember(request);
    const { id } = request.params;
    const form = parseForm(attendanceSchema, request.body, request.t);
    // The page is rendered only for the host, so a refused visitor gets 403/404, never the form's messages.
    if (!form.ok) return render(request, reply, id, { errors: form.errors }, 400);
    await saveAttendance(app.db, member, id, form.data.present, app.clock());
    return reply.redirect(`/breakfasts/${id}/attendance?saved=1`, 303);
  });
}
