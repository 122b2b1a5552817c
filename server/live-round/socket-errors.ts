import type { FastifyRequest } from 'fastify';
import type { WebSocket } from 'ws';

/**
 * Errors on an open socket. A client that breaks the WebSocket protocol (a frame over the size
 * limit, a text frame that is not UTF-8, a bad opcode) makes ws fail with a `WS_ERR_*` code: the
 * client's mistake, so a warning, not an error for the operator. Either way the socket ends.
 */
export function socketErrorHandler(error: Error, socket: WebSocket, request: FastifyRequest) {
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('WS_ERR_')) request.log.warn({ err: error }, 'live: the client broke the socket protocol');
  else request.log.error({ err: error }, 'live: socket error');
  socket.terminate();
}
