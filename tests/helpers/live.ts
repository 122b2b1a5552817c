import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import WebSocket from 'ws';
import { createSession, SESSION_COOKIE } from '../../server/auth/session.js';
import { ORIGIN } from './app.js';

/** The Cookie header of a signed-in account (a session made directly: many log-ins would meet the rate limit). */
export async function memberCookie(app: FastifyInstance, accountId: string): Promise<string> {
  const { token } = await createSession(app.db, accountId, app.clock());
  return `${SESSION_COOKIE}=${token}`;
}

export function wsUrl(app: FastifyInstance, breakfastId: string): string {
  const { port } = app.server.address() as AddressInfo;
  return `ws://127.0.0.1:${port}/breakfasts/${breakfastId}/socket`;
}

type Message = { v: number; type: string; [key: string]: unknown };
type StateMessage = Message & {
  type: 'state';
  serverNow: number;
  view: {
    status: string;
    version: number;
    currentSpeakerId: string | null;
    nextSpeakerId: string | null;
    endsAt: number | null;
    /** The speaking order's ids: only when they changed, and in every answer to joining or sync. */
    speakers?: string[];
    speakersKey: string;
    slots: string;
    pledgeCounts: Record<string, number>;
  };
  personal?: { pledgesReceived: unknown[]; pledgesGiven: unknown[] };
};

/** A real WebSocket client of the live room that keeps every message it receives. */
export class LiveClient {
  readonly messages: Message[] = [];
  private waiters: (() => void)[] = [];
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
  }

  static connect(url: string, cookie: string, origin: string = ORIGIN): Promise<LiveClient> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url, { headers: { cookie, origin } });
      const client = new LiveClient(socket);
      socket.once('open', () => resolve(client));
      socket.once('unexpected-response', (_request, response) => reject(new Error(`upgrade refused: ${response.statusCode}`)));
      socket.once('error', reject);
    });
  }

  send(message: unknown) {
    this.socket.send(typeof message === 'string' ? message : JSON.stringify(message));
  }

  command(command: Record<string, unknown>) {
    this.send({ v: 2, type: 'command', command });
  }

  /** The first message from index `from` on that matches, waiting up to `timeoutMs`. */
  async waitFor<T extends Message = Message>(match: (m: Message) => boolean, from = 0, timeoutMs = 5_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.slice(from).find(match);
      if (found) return found as T;
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching message; got ${JSON.stringify(this.messages.slice(from)).slice(0, 800)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** The next state message at or after `version`. */
  waitForState(match: (m: StateMessage) => boolean, from = 0, timeoutMs = 5_000): Promise<StateMessage> {
    return this.waitFor<StateMessage>((m) => m.type === 'state' && match(m as StateMessage), from, timeoutMs);
  }

  latestState(): StateMessage | undefined {
    return [...this.messages].reverse().find((m): m is StateMessage => m.type === 'state');
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
