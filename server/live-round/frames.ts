import type { WebSocket } from 'ws';

/*
 * WebSocket frames for the live round's broadcasts: a message for a whole room is framed once
 * and written to every socket as is.
 */

/** A message for many sockets: its bytes, and the whole WebSocket frame, both built once. */
export type BroadcastFrame = { readonly payload: Buffer; readonly frame: Buffer };

export function broadcastFrame(payload: Buffer): BroadcastFrame {
  return { payload, frame: Buffer.concat([textFrameHeader(payload.length), payload]) };
}

/** RFC 6455 §5.2: a final, unmasked text frame (a server never masks) of `length` bytes. */
export function textFrameHeader(length: number): Buffer {
  if (length < 126) return Buffer.from([0x81, length]);
  if (length < 0x10000) {
    const header = Buffer.alloc(4);
    header[0] = 0x81;
    header[1] = 126;
    header.writeUInt16BE(length, 2);
    return header;
  }
  const header = Buffer.alloc(10);
  header[0] = 0x81;
  header[1] = 127;
  header.writeBigUInt64BE(BigInt(length), 2);
  return header;
}

/** What ws keeps inside a socket: its TCP socket and its sender's queue (see `send`). */
type WsInternals = { _socket?: { write(data: Buffer): boolean }; _sender?: { _state?: number; _queue?: unknown[] } };

/**
 * Always a text frame. A broadcast writes the frame built once straight to the TCP socket: ws
 * would frame it again for every socket (a header, two corked writes), which is a third of the
 * time a thousand sockets take. Only while ws has nothing of its own queued for the socket —
 * it queues only while compressing or reading a Blob, and compression is off here — so frames
 * keep their order; otherwise, and for a single message, ws sends it.
 */
export function send(socket: WebSocket, data: string | BroadcastFrame) {
  if (socket.readyState !== socket.OPEN) return;
  if (typeof data === 'string') return socket.send(data, { binary: false });
  const { _socket: tcp, _sender: sender } = socket as unknown as WsInternals;
  if (tcp && sender?._state === 0 && sender._queue?.length === 0) tcp.write(data.frame);
  else socket.send(data.payload, { binary: false });
}
