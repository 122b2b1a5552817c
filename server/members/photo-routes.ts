import type { MultipartFile } from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { requireMember } from '../auth/guards.js';
import { errors } from '../shared/errors.js';
import { renderEditor } from './editor-page.js';
import { removePhoto, savePhoto } from './photos.js';
import { slugParams } from './schemas.js';
import { visiblePhoto } from './service.js';
import { profileViewer } from './viewer.js';

type Upload = { ok: true; mimetype: string; bytes: Buffer } | { ok: false; status: 400 | 413; messageKey: string };

function isFileTooLarge(error: unknown): boolean {
  return (error as { code?: string } | null)?.code === 'FST_REQ_FILE_TOO_LARGE';
}

/** The one uploaded file, read into memory (at most 5 MB, @fastify/multipart's limit in app.ts). */
async function readUpload(request: FastifyRequest): Promise<Upload> {
  if (!request.isMultipart()) return { ok: false, status: 400, messageKey: 'members.errors.photo_missing' };
  let file: MultipartFile | undefined;
  try {
    file = await request.file();
    if (!file || file.filename === '') return { ok: false, status: 400, messageKey: 'members.errors.photo_missing' };
    const bytes = await file.toBuffer();
    if (bytes.length === 0) return { ok: false, status: 400, messageKey: 'members.errors.photo_missing' };
    return { ok: true, mimetype: file.mimetype, bytes };
  } catch (error) {
    if (isFileTooLarge(error)) return { ok: false, status: 413, messageKey: 'members.errors.photo_too_large' };
    // Everything else the parser throws is about the body the client sent (cut off, no boundary,
    // a part without headers): the client's fault, so a 400 that changes nothing, never a 500.
    request.log.info({ err: error }, 'malformed multipart upload');
    return { ok: false, status: 400, messageKey: 'members.errors.photo_malformed' };
  }
}

/** 304 when the browser's copy is current. */
function matchesEtag(request: FastifyRequest, etag: string): boolean {
  const header = request.headers['if-none-match'];
  return header !== undefined && header.split(',').some((candidate) => candidate.trim() === etag);
}

export default async function photoRoutes(fastify: FastifyInstance) {
  const app = fastify.withTypeProvider<ZodTypeProvider>();
  app.post('/profile/photo', async (request, reply) => {
    const member = requireMember(request);
    const upload = await readUpload(request);
    if (!upload.ok) return renderEditor(app, request, reply, { photoError: request.t(upload.messageKey) }, upload.status);
    const outcome = await savePhoto(app.db, member.id, upload, app.clock());
    if (outcome === 'not_image') {
      return renderEditor(app, request, reply, { photoError: request.t('members.errors.photo_not_image') }, 400);
    }
    return reply.redirect('/profile/edit#photo', 303);
  });

  app.post('/profile/photo/delete', async (request, reply) => {
    const member = requireMember(request);
    await removePhoto(app.db, member.id);
    return reply.redirect('/profile/edit#photo', 303);
  });

  /** Served under the profile's own visibility; a public profile's photo may sit in shared caches briefly. */
  app.get('/m/:slug/photo', { schema: { params: slugParams } }, async (request, reply) => {
    const photo = await visiblePhoto(app.db, request.params.slug, profileViewer(request));
    if (!photo) throw errors.notFound();
    reply
      .header('etag', photo.etag)
      .header('cache-control', photo.access === 'public' ? 'public, max-age=300' : 'private, no-cache')
      .header('vary', 'Cookie');
    if (matchesEtag(request, photo.etag)) return reply.code(304).send();
    return reply.type(photo.contentType).send(photo.bytes);
  });
}
