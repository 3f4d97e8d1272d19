/**
 * The discovery file a serving process writes next to the store it owns (`<store>.server.json`),
 * so that other faultline commands on the same store run through it instead of opening the file
 * (DuckDB lets one process hold a store file). Mode 0600: the token in it is the key to the
 * server's internal CLI route.
 */
import { lstatSync, readFileSync, realpathSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { BUILD } from './build-id.ts';

/** What a serving process announces about itself. */
export interface ServerDiscovery {
  pid: number;
  host: string;
  /** 0 while `start` imports before it serves (the file then says who holds the store). */
  port: number;
  url: string;
  db: string;
  startedAt: string;
  token: string;
  /** The server's build (build-id.ts); absent in files of builds before it was written. */
  build?: string;
}

// Checked by hand, not with zod: every CLI call reads this file, and loading zod was half of --help.
const isInt = (v: unknown, min: number, max: number): boolean =>
  typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max;

/** Whether a parsed JSON value is a well-formed discovery file. */
function isDiscovery(v: unknown): v is ServerDiscovery {
  if (v === null || typeof v !== 'object') return false;
  const d = v as Record<string, unknown>;
  return (
    isInt(d.pid, 1, Number.MAX_SAFE_INTEGER) &&
    typeof d.host === 'string' &&
    isInt(d.port, 0, 65535) &&
    typeof d.url === 'string' &&
    typeof d.db === 'string' &&
    d.db.length > 0 &&
    typeof d.startedAt === 'string' &&
    typeof d.token === 'string' &&
    d.token.length >= 32 &&
    (d.build === undefined || typeof d.build === 'string')
  );
}

/** The absolute path of a store file as a server and its clients both name it (symlinks resolved). */
export function storePath(db: string, cwd = process.cwd()): string {
  const abs = resolve(cwd, db);
  try {
    return realpathSync(abs);
  } catch {
    // Not created yet: resolve the directory, which may exist.
    try {
      return join(realpathSync(dirname(abs)), basename(abs));
    } catch {
      return abs;
    }
  }
}

/** The discovery file of a store: `<store file>.server.json`, so two stores in one directory do not clash. */
export function discoveryPath(db: string): string {
  return `${storePath(db)}.server.json`;
}

/** A fresh secret for the internal route (256 bits). */
export function newToken(): string {
  // Web Crypto's generator (the same CSPRNG as node:crypto), so a command that never serves does
  // not load node:crypto at start-up.
  return Buffer.from(crypto.getRandomValues(new Uint8Array(32))).toString('base64url');
}

/** Writes the discovery file atomically (a new 0600 temporary file renamed over it). */
export function writeDiscovery(d: ServerDiscovery): string {
  const file = discoveryPath(d.db);
  const tmp = `${file}.${process.pid}.tmp`;
  rmQuietly(tmp); // a leftover of a crashed run; 'wx' below never follows or reuses one
  writeFileSync(tmp, JSON.stringify(d, null, 2) + '\n', { mode: 0o600, flag: 'wx' });
  renameSync(tmp, file);
  return file;
}

/**
 * Announces that this process holds the store and will serve it once its import is done (port 0),
 * so other commands wait for it instead of failing on the lock. Call it only while holding the store.
 */
export function announceStarting(db: string): { token: string; startedAt: string; withdraw(): void } {
  const d = { pid: process.pid, host: '', port: 0, url: '', db: storePath(db), build: BUILD };
  const who = { token: newToken(), startedAt: new Date().toISOString() };
  writeDiscovery({ ...d, ...who });
  const withdraw = () => removeDiscovery(d.db, who.token);
  process.once('exit', withdraw);
  return { ...who, withdraw };
}

/**
 * The discovery file of a store when there is a well-formed one that this user wrote and only this
 * user can change (a client sends the file's host its token and arguments), else null.
 */
export function readDiscovery(db: string): ServerDiscovery | null {
  const file = discoveryPath(db);
  try {
    const st = lstatSync(file);
    if (!st.isFile() || (st.mode & 0o022) !== 0) return null;
    if (process.getuid && st.uid !== process.getuid()) return null;
    const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
    return isDiscovery(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

/** Removes a store's discovery file if it is still the one with this token (a newer server's file stays). */
export function removeDiscovery(db: string, token: string): void {
  if (readDiscovery(db)?.token !== token) return;
  rmQuietly(discoveryPath(db));
}

function rmQuietly(file: string): void {
  try {
    unlinkSync(file);
  } catch {
    // Already gone (another process saw the file stale and removed it), or never there.
  }
}

/** Whether a process with this id is running (on this machine). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    // EPERM: it runs, under another user.
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The address a client on this machine dials for a server listening on `host`. */
export function dialHost(host: string): string {
  if (host === '0.0.0.0' || host === '') return '127.0.0.1';
  if (host === '::' || host === '[::]') return '::1';
  return host.replace(/^\[(.*)\]$/, '$1');
}
