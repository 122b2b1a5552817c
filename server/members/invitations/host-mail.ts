import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Membership } from '../../auth/queries.js';
import { deliveryFor } from '../../mail/service.js';
import type { InvitationMail } from './service.js';

/** The invitation mail's sender and language: the inviting host's group (invitees have no language yet). */
export function hostInvitationMail(app: FastifyInstance, request: FastifyRequest, host: Membership): InvitationMail {
  return {
    locale: host.group.locale,
    timeZone: host.group.timeZone,
    groupName: host.group.name,
    hostName: request.viewer?.name ?? host.group.name,
    delivery: deliveryFor(app.config),
  };
}
