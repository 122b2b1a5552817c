import { randomUUID } from 'node:crypto';
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * One process per PGlite data directory. PostgreSQL's own lock (postmaster.pid) cannot do it in
 * PGlite: the WebAssembly postgres writes a made-up process id there, so a second process opening
 * the same directory succeeds, both write, and the directory may no longer open. So whoever opens
 * a directory (the server, a script, a backup) first writes `kreis.lock` into it with its process
 * id, and refuses a directory whose lock names a process that is still alive. A lock left by a
 * killed process (SIGKILL, power cut) names a dead process and is taken over.
 */
export const LOCK_FILE = 'kreis.lock';

type LockContent = { pid: number; token: string; since: string; command: string };

export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holder: LockContent,
  ) {
    super(
      `The data directory ${dataDir} is in use by process ${holder.pid} (${holder.command}, since ${holder.since}). ` +
        'PGlite allows one process per data directory: stop that process first (SIGTERM or Ctrl-C for the server). ' +
        `If no such process runs any more, delete ${join(dataDir, LOCK_FILE)}.`,
    );
    this.name = 'DataDirInUseError';
  }
}

/** Tokens of the locks this process holds: our own process id in a lock file is ours only with one of these. */
const held = new Set<string>();

function readLock(path: string): LockContent | null {
  try {
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockContent>;
    return typeof parsed.pid === 'number' && typeof parsed.token === 'string'
      ? { pid: parsed.pid, token: parsed.token, since: String(parsed.since ?? '?'), command: String(parsed.command ?? '?') }
      : null;
  } catch {
    return null; // gone meanwhile, or half-written by a process that died: not a live holder
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether the lock's holder still has the directory open. Our own process id counts only with a
 * token we hold: in a container the server is process 1 after every restart, and a restored
 * backup brings the lock file of the process that made it.
 */
function holds(content: LockContent): boolean {
  if (content.pid === process.pid) return held.has(content.token);
  return isAlive(content.pid);
}

export type DataDirLock = {
  /** Writes our lock again, e.g. after a restored tarball put the backup's lock file in its place. */
  rewrite(): void;
  release(): void;
};

/** Takes the directory's lock, or throws DataDirInUseError naming the process that holds it. */
export function lockDataDir(dataDir: string): DataDirLock {
  const dir = resolve(dataDir);
  const path = join(dir, LOCK_FILE);
  const content: LockContent = {
    pid: process.pid,
    token: randomUUID(),
    since: new Date().toISOString(),
    command: process.argv.slice(1, 3).join(' ') || 'node',
  };
  const text = `${JSON.stringify(content)}\n`;
  for (let attempt = 0; ; attempt++) {
    try {
      // O_EXCL: of two processes opening the directory at the same moment, one creates the file.
      const fd = openSync(path, 'wx');
      try {
        writeSync(fd, text);
      } finally {
        closeSync(fd);
      }
      break;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const existing = readLock(path);
      if (existing && holds(existing)) throw new DataDirInUseError(dir, existing);
      if (attempt > 0) throw new Error(`could not take ${path}: another process keeps replacing it`);
      // Stale: its process is gone.
      try {
        unlinkSync(path);
      } catch (unlinkError) {
        if ((unlinkError as NodeJS.ErrnoException).code !== 'ENOENT') throw unlinkError;
      }
    }
  }
  held.add(content.token);
  const releaseOnExit = () => release();
  process.once('exit', releaseOnExit);
  function release() {
    if (!held.delete(content.token)) return;
    process.off('exit', releaseOnExit);
    try {
      if (readLock(path)?.token === content.token) unlinkSync(path);
    } catch {
      /* the directory is gone: nothing to release */
    }
  }
  return {
    rewrite: () => writeFileSync(path, text),
    release,
  };
}
