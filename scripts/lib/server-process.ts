import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

/**
 * The real server (server/main.ts) as a child process, the way it runs in production: its own
 * process, configured only through the environment. Started as `node --import tsx server/main.ts`
 * rather than through the `tsx` command, which would put a second process in between: a SIGKILL
 * must hit the server itself, and the memory sampled must be the server's.
 */
const root = fileURLToPath(new URL('../../', import.meta.url));
const mainScript = fileURLToPath(new URL('../../server/main.ts', import.meta.url));

export type ServerProcess = {
  child: ChildProcess;
  pid: number;
  port: number;
  url: string;
  /** Resolves when the process has ended, with its exit code or signal. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Resident memory of the server process in MB (Linux: /proc/<pid>/status). */
  rssMb(): number;
  /**
   * CPU time the server process has used so far, in seconds (Linux: /proc/<pid>/stat). Per
   * request it is a figure that holds on a shared machine, where wall-clock latency does not.
   */
  cpuSeconds(): number;
  /** SIGKILL: no shutdown hooks, no flushing — what a power cut looks like to the process. */
  kill(): Promise<void>;
  /** SIGTERM: the graceful shutdown of server/main.ts. */
  stop(): Promise<void>;
  /** The last lines the server wrote, for error messages. */
  output(): string;
};

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

export async function startServerProcess(options: { port?: number; env: Record<string, string>; readyTimeoutMs?: number }): Promise<ServerProcess> {
  const port = options.port ?? (await freePort());
  const env: NodeJS.ProcessEnv = {
    // Only what the server needs: nothing from the caller's environment decides the database.
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    PUBLIC_URL: `http://127.0.0.1:${port}`,
    LOG_LEVEL: 'warn',
    // Set, though empty, so a developer's .env (read by server/main.ts, which never overrides a
    // set variable) cannot point a test at a real database or send real mail.
    DATABASE_URL: '',
    SMTP_URL: '',
    ...options.env,
  };
  const child = spawn(process.execPath, ['--import', 'tsx', mainScript], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString().split('\n').filter(Boolean));
    if (lines.length > 40) lines.splice(0, lines.length - 40);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
  const url = `http://127.0.0.1:${port}`;
  const server: ServerProcess = {
    child,
    pid: child.pid!,
    port,
    url,
    exited,
    rssMb() {
      try {
        const match = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        return match ? Math.round(Number(match[1]) / 1024) : NaN;
      } catch {
        return NaN;
      }
    },
    cpuSeconds() {
      try {
        // Fields after the command name: state is 3rd, utime 14th, stime 15th (in clock ticks, 100/s on Linux).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return (Number(fields[11]) + Number(fields[12])) / 100;
      } catch {
        return NaN;
      }
    },
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
    output: () => lines.join('\n'),
  };

  // Ready when /healthz answers 200 (the database is open and migrated, the port listens).
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  let ended = false;
  void exited.then(() => (ended = true));
  for (;;) {
    if (ended) throw new Error(`server exited before it was ready:\n${server.output()}`);
    try {
      const response = await fetch(`${url}/healthz`);
      if (response.status === 200) return server;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      await server.kill();
      throw new Error(`server not ready after ${options.readyTimeoutMs ?? 120_000} ms:\n${server.output()}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
