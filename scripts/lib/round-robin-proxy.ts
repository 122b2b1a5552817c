import { Agent, createServer, type IncomingHttpHeaders, type IncomingMessage, request as httpRequest } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { connect } from 'node:net';

/**
 * A small reverse proxy in front of several instances, for scripts/two-instances.ts: each HTTP
 * request goes to the next instance in turn, and so does each WebSocket upgrade (counted apart
 * from the requests, so the first two live-room sockets always land on different instances).
 * It adds X-Forwarded-For / -Proto as a real proxy does (the instances run with TRUST_PROXY=true).
 * Not for production: use nginx, Caddy or HAProxy there (README, "Running at scale").
 */
export type Backend = { host: string; port: number };
export type RoundRobinProxy = {
  url: string;
  port: number;
  /** Requests and upgrades each backend received, in the order of `backends`. */
  counts: { http: number[]; upgrades: number[] };
  close(): Promise<void>;
};

/** Hop-by-hop headers belong to one connection and are not passed on (RFC 9110 §7.6.1). */
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'te', 'trailer', 'upgrade']);

function forwardedHeaders(request: IncomingMessage, keepUpgrade: boolean): IncomingHttpHeaders {
  const headers: IncomingHttpHeaders = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (!HOP_BY_HOP.has(name) || (keepUpgrade && (name === 'connection' || name === 'upgrade'))) headers[name] = value;
  }
  const client = request.socket.remoteAddress ?? '';
  headers['x-forwarded-for'] = request.headers['x-forwarded-for'] ? `${request.headers['x-forwarded-for']}, ${client}` : client;
  headers['x-forwarded-proto'] = 'http';
  return headers;
}

export async function startRoundRobinProxy(backends: Backend[], port = 0): Promise<RoundRobinProxy> {
  const counts = { http: backends.map(() => 0), upgrades: backends.map(() => 0) };
  let nextRequest = 0;
  let nextUpgrade = 0;
  const agent = new Agent({ keepAlive: true });
  const sockets = new Set<Socket>();

  const server = createServer((request, response) => {
    const i = nextRequest++ % backends.length;
    counts.http[i]!++;
    const upstream = httpRequest(
      { ...backends[i]!, method: request.method, path: request.url, headers: forwardedHeaders(request, false), agent },
      (answer) => {
        const headers: string[] = [];
        for (let h = 0; h < answer.rawHeaders.length; h += 2) {
          if (!HOP_BY_HOP.has(answer.rawHeaders[h]!.toLowerCase())) headers.push(answer.rawHeaders[h]!, answer.rawHeaders[h + 1]!);
        }
        response.writeHead(answer.statusCode ?? 502, answer.statusMessage, headers);
        answer.pipe(response);
      },
    );
    upstream.on('error', () => {
      if (!response.headersSent) response.writeHead(502, { 'content-type': 'text/plain' });
      response.end('bad gateway');
    });
    request.pipe(upstream);
  });

  // WebSocket: replay the upgrade request to the chosen instance, then splice the two sockets.
  server.on('upgrade', (request: IncomingMessage, client: Socket, head: Buffer) => {
    const i = nextUpgrade++ % backends.length;
    counts.upgrades[i]!++;
    const upstream = connect(backends[i]!.port, backends[i]!.host, () => {
      const lines = [`${request.method} ${request.url} HTTP/1.1`];
      for (const [name, value] of Object.entries(forwardedHeaders(request, true))) {
        for (const v of Array.isArray(value) ? value : [value]) lines.push(`${name}: ${v}`);
      }
      upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
      if (head.length > 0) upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });

  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const actual = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${actual}`,
    port: actual,
    counts,
    async close() {
      for (const socket of sockets) socket.destroy();
      server.closeAllConnections();
      agent.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
