import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { requireHost } from '../../auth/guards.js';
import { allLimits } from '../../auth/rate-limits.js';
import { hostInvitationMail } from '../invitations/host-mail.js';
import type { ImportLine } from './lines.js';
import { confirmImport, type ImportPreview, previewImport } from './service.js';
import { IMPORT_MAX_BYTES, IMPORT_MAX_LINES, readFile, readTable, type Table, type TableError } from './table.js';

/**
 * Each confirmed import may send up to 500 mails: per host and per group, so neither a stolen
 * session nor several hosts together can turn Kreis into a spam relay. Previews write nothing
 * but read the whole group: limited more loosely. Counted per instance like the invitation limits.
 */
export const IMPORT_LIMITS = {
  perHost: { max: 5, timeWindow: '1 hour' },
  perGroup: { max: 10, timeWindow: '24 hours' },
  previewsPerHost: { max: 60, timeWindow: '1 hour' },
} as const;

const confirmSchema = z.object({
  text: z.string().max(IMPORT_MAX_BYTES * 4),
  digest: z.string().regex(/^[0-9a-f]{64}$/),
});

type Input = { ok: true; table: Table } | { ok: false; error: TableError | 'malformed' };

const isFileTooLarge = (error: unknown) => (error as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';

/** The uploaded file (when one was chosen) or else the pasted text; multipart or a plain form. */
async function readInput(request: FastifyRequest): Promise<Input> {
  if (!request.isMultipart()) {
    const text = (request.body as { text?: unknown } | undefined)?.text;
    return { ok: true, table: readTable(typeof text === 'string' ? text : '') };
  }
  let file: Buffer | undefined;
  let text = '';
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (part.fieldname === 'file' && part.filename !== '' && bytes.length > 0) file = bytes;
      } else if (part.fieldname === 'text' && typeof part.value === 'string') {
        if (part.valueTruncated) return { ok: false, error: 'too_large' };
        text = part.value;
      }
    }
  } catch (error) {
    if (isFileTooLarge(error)) return { ok: false, error: 'too_large' };
    // Cut off, no boundary, a part without headers: the client's body, so a 400 that changes nothing.
    request.log.info({ err: error }, 'malformed multipart member import');
    return { ok: false, error: 'malformed' };
  }
  return { ok: true, table: file ? readFile(file) : readTable(text) };
}

export default async function memberImportRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  const hostKey = (request: FastifyRequest) => request.viewer?.member?.id ?? request.ip;
  const groupKey = (request: FastifyRequest) => request.viewer?.member?.group.id ?? request.ip;
  const confirmLimits = allLimits(
    app,
    [
      { ...IMPORT_LIMITS.perHost, keyGenerator: (request) => `import-host:${hostKey(request)}` },
      { ...IMPORT_LIMITS.perGroup, keyGenerator: (request) => `import-group:${groupKey(request)}` },
    ],
    { messageKey: 'members.import.errors.too_many' },
  );
  const previewLimits = allLimits(app, [{ ...IMPORT_LIMITS.previewsPerHost, keyGenerator: (request) => `import-preview:${hostKey(request)}` }], {
    messageKey: 'members.import.errors.too_many',
  });

  function page(request: FastifyRequest, reply: FastifyReply, view: { preview?: ImportPreview; error?: string; notice?: string }, status = 200) {
    const preview = view.preview && {
      ...view.preview,
      lines: view.preview.lines.map((line: ImportLine) => ({
        ...line,
        reasons: line.problems.map((problem) => request.t(`members.import.problems.${problem}`)),
      })),
    };
    // The preview's text goes back with the confirmation: kept out of caches.
    reply.header('cache-control', 'no-store');
    return reply.page(
      'member-import',
      { title: request.t('members.import.title'), maxLines: IMPORT_MAX_LINES, maxKb: IMPORT_MAX_BYTES / 1024, ...view, preview },
      status,
    );
  }

  const tableError = (request: FastifyRequest, error: TableError | 'malformed') =>
    request.t(`members.import.errors.${error}`, { lines: IMPORT_MAX_LINES, kb: IMPORT_MAX_BYTES / 1024 });

  app.get('/host/members/import', async (request, reply) => {
    requireHost(request);
    return page(request, reply, {});
  });

  app.post('/host/members/import', { preHandler: previewLimits }, async (request, reply) => {
    const host = requireHost(request);
    const input = await readInput(request);
    if (!input.ok) return page(request, reply, { error: tableError(request, input.error) }, input.error === 'too_large' ? 413 : 400);
    const { table } = input;
    if (!table.ok) return page(request, reply, { error: tableError(request, table.error) }, table.error === 'too_large' ? 413 : 400);
    const preview = await previewImport(app.db, host.group, table.text, table.rows, app.clock());
    return page(request, reply, { preview });
  });

  app.post('/host/members/import/confirm', { preHandler: confirmLimits }, async (request, reply) => {
    const host = requireHost(request);
    const form = confirmSchema.safeParse(request.body);
    if (!form.success) return page(request, reply, { error: tableError(request, 'malformed') }, 400);
    const result = await confirmImport(
      app.db,
      {
        group: host.group,
        createdBy: host.id,
        text: form.data.text,
        digest: form.data.digest,
        publicUrl: app.config.publicUrl,
        mail: hostInvitationMail(app, request, host),
      },
      app.clock(),
    );
    if (result.status === 'unreadable') return page(request, reply, { error: tableError(request, 'malformed') }, 400);
    if (result.status === 'changed') {
      return page(request, reply, { preview: result.preview, error: request.t('members.import.errors.changed') }, 409);
    }
    return reply.redirect(`/host/invitations?imported=${result.invited}`, 303);
  });
}
