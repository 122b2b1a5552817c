import type { FastifyRequest } from 'fastify';
import type { ProfileViewer } from './service.js';

/** The groups and member ids of whoever is looking; anonymous visitors have none. */
export function profileViewer(request: FastifyRequest): ProfileViewer {
  const memberships = request.viewer?.memberships ?? [];
  return { groupIds: memberships.map((m) => m.group.id), memberIds: memberships.map((m) => m.id) };
}
