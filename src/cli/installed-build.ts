/**
 * The builds in dist/, as scripts/build-cli.ts records them, seen from a running process. Each build
 * lists its files in `dist/builds/<build>.json`, and `dist/build.json` names the newest: the one
 * `faultline` runs now. A server holds the build it runs (`dist/builds/running-<pid>.json`), so later
 * builds keep that build's chunks, which it loads lazily, until it stops; and it watches
 * `dist/build.json`, to tell its operator once that a restart would serve the new build.
 */
import { renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sameBuild } from './build-id.ts';
import { makeDirsSync } from '../util/make-dirs.ts';

/** The compiled CLI's directory (this source's place in dist/ resolves to the same). */
export const DIST = fileURLToPath(new URL('../../dist/', import.meta.url));
/** Where each build's record and each server's hold live, inside dist/. */
export const BUILDS_DIR = 'builds';
/** The record of the newest build, inside dist/. */
export const CURRENT_BUILD = 'build.json';
/** Prefix of a server's hold on its build, `running-<pid>.json`, in dist/builds/. */
export const HOLD_PREFIX = 'running-';

/** What a build wrote into dist/ (its record). */
export interface BuildRecord {
  build: string;
  builtAt: string;
  /** File names in dist/: chunks, entries and their source maps. */
  files: string[];
}

/** A running process's hold on the build it runs. */
export interface BuildHold {
  pid: number;
  build: string;
  startedAt: string;
}

/** The build a server runs beside the one installed in dist/ (GET /api/v1/health says both). */
export interface BuildState {
  running: string;
  /** The newest build in dist/; null when there is no record of one. */
  installed: string | null;
  /** Whether faultline was rebuilt or upgraded since this process started: a restart would run other code. */
  restartNeeded: boolean;
}

/**
 * Records that this process runs `build`, so builds after it keep that build's files: returns the
 * release (also run at exit). Does nothing where dist/ is not writable (an install owned by another
 * user): the builds kept for their age and number (scripts/build-cli.ts) then cover it.
 */
export function holdBuild(build: string, dist = DIST, pid = process.pid): () => void {
  if (build === 'source') return () => {};
  const file = join(dist, BUILDS_DIR, `${HOLD_PREFIX}${pid}.json`);
  try {
    makeDirsSync(join(dist, BUILDS_DIR));
    const hold: BuildHold = { pid, build, startedAt: new Date().toISOString() };
    writeFileSync(`${file}.tmp`, JSON.stringify(hold) + '\n');
    renameSync(`${file}.tmp`, file);
  } catch {
    return () => {};
  }
  const release = () => {
    try {
      unlinkSync(file);
    } catch {
      // Already gone: a build found this process stopped (a reused pid) and removed it.
    }
  };
  process.once('exit', release);
  return () => {
    process.off('exit', release);
    release();
  };
}

/** The newest build recorded in dist/, or null when there is none (not built, or built before records). */
export async function installedBuild(dist = DIST): Promise<string | null> {
  try {
    const record = JSON.parse(await readFile(join(dist, CURRENT_BUILD), 'utf8')) as Partial<BuildRecord>;
    return typeof record.build === 'string' ? record.build : null;
  } catch {
    return null;
  }
}

/** A watch on the installed build: its last reading, and a stop. */
export interface InstalledBuildWatch {
  /** The state at the last reading (no file read: /health answers without I/O). */
  current(): BuildState;
  /** Reads dist/build.json now and returns the new state. */
  check(): Promise<BuildState>;
  stop(): void;
}

/**
 * Reads the installed build now and every `intervalMs`, and logs one line the first time it differs
 * from the running one. Code run from the sources ('source') never needs a restart for a build.
 */
export async function watchInstalledBuild(o: {
  running: string;
  log: (line: string) => void;
  dist?: string;
  intervalMs?: number;
}): Promise<InstalledBuildWatch> {
  let state: BuildState = { running: o.running, installed: null, restartNeeded: false };
  let told = false;
  const check = async (): Promise<BuildState> => {
    const installed = await installedBuild(o.dist);
    state = { running: o.running, installed, restartNeeded: !sameBuild(o.running, installed ?? undefined) };
    if (state.restartNeeded && !told) {
      told = true;
      o.log(
        `faultline was rebuilt or upgraded since this server started: it runs build ${o.running}, and build ${installed} is installed; it keeps answering from its own build, restart it to run the new one`,
      );
    }
    return state;
  };
  await check();
  const timer = setInterval(() => void check(), o.intervalMs ?? 30_000);
  timer.unref();
  return { current: () => state, check, stop: () => clearInterval(timer) };
}
