/**
 * Which files of earlier builds stay in dist/. A process started before a rebuild (a server, a long
 * import) goes on loading its own build's chunks lazily, by their content-hashed names: a route's
 * first request, an alert evaluation, a forwarded command. So a build removes only the files that no
 * kept build lists: the last KEEP_BUILDS builds, those built in the last day, and those a live server
 * holds (src/cli/installed-build.ts). Each build's list is its record, dist/builds/<build>.json.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  BUILDS_DIR,
  CURRENT_BUILD,
  HOLD_PREFIX,
  type BuildHold,
  type BuildRecord,
} from '../src/cli/installed-build.ts';
import { processAlive } from '../src/cli/server-discovery.ts';

/** Builds kept whatever their age: a server restarted after each of the last few rebuilds still runs. */
export const KEEP_BUILDS = 3;
/** Builds (and files no build lists: a build under way beside this one) younger than this are kept. */
export const KEEP_MS = 24 * 60 * 60 * 1000;

const writeAtomically = (file: string, text: string) => {
  writeFileSync(`${file}.${process.pid}.tmp`, text);
  renameSync(`${file}.${process.pid}.tmp`, file);
};

/** Writes a build's record and names it the installed build (dist/build.json). */
export function recordBuild(dist: string, record: BuildRecord): void {
  mkdirSync(join(dist, BUILDS_DIR), { recursive: true });
  const text = JSON.stringify(record) + '\n';
  writeAtomically(join(dist, BUILDS_DIR, `${record.build}.json`), text);
  writeAtomically(join(dist, CURRENT_BUILD), text);
}

/**
 * The build before records existed (its esbuild metafile, dist/meta.json) as a record, so a server
 * still running it keeps its chunks through the first builds that prune by records. Once.
 */
export function recordLegacyBuild(dist: string): void {
  if (readRecords(dist).length > 0) return;
  try {
    const meta = JSON.parse(readFileSync(join(dist, 'meta.json'), 'utf8')) as {
      outputs: Record<string, unknown>;
    };
    const files = Object.keys(meta.outputs).map((p) => p.split('/').pop()!);
    const builtAt = statSync(join(dist, 'meta.json')).mtime.toISOString();
    mkdirSync(join(dist, BUILDS_DIR), { recursive: true });
    writeAtomically(
      join(dist, BUILDS_DIR, 'legacy.json'),
      JSON.stringify({ build: 'legacy', builtAt, files }),
    );
  } catch {
    // No earlier build, or not one of esbuild's metafiles: nothing to keep.
  }
}

/** What a prune kept and removed, by file name. */
export interface PruneReport {
  builds: string[];
  removedBuilds: string[];
  removedFiles: string[];
}

/**
 * Removes the records of builds no longer kept, the holds of stopped processes, and every .js and
 * .js.map in dist/ that no kept build lists (unless no build lists it and it is younger than KEEP_MS).
 */
export function pruneBuilds(dist: string, now = new Date()): PruneReport {
  const held = new Set<string>();
  for (const name of names(join(dist, BUILDS_DIR)).filter((n) => n.startsWith(HOLD_PREFIX))) {
    const hold = readJson<BuildHold>(join(dist, BUILDS_DIR, name));
    if (hold && processAlive(hold.pid)) held.add(hold.build);
    else rmSync(join(dist, BUILDS_DIR, name), { force: true });
  }
  const records = readRecords(dist).sort((a, b) => b.builtAt.localeCompare(a.builtAt));
  const kept = records.filter(
    (r, i) => i < KEEP_BUILDS || now.getTime() - Date.parse(r.builtAt) < KEEP_MS || held.has(r.build),
  );
  const removedBuilds = records.filter((r) => !kept.includes(r)).map((r) => r.build);
  for (const b of removedBuilds) rmSync(join(dist, BUILDS_DIR, `${b}.json`), { force: true });
  const keep = new Set(kept.flatMap((r) => r.files));
  const listed = new Set(records.flatMap((r) => r.files));
  const removedFiles: string[] = [];
  for (const f of names(dist)) {
    if (!/\.js(\.map)?$/.test(f) || keep.has(f)) continue;
    const path = join(dist, f);
    if (!listed.has(f) && now.getTime() - statSync(path).mtimeMs < KEEP_MS) continue;
    rmSync(path, { force: true });
    removedFiles.push(f);
  }
  return { builds: kept.map((r) => r.build), removedBuilds, removedFiles };
}

function readRecords(dist: string): BuildRecord[] {
  return names(join(dist, BUILDS_DIR))
    .filter((n) => n.endsWith('.json') && !n.startsWith(HOLD_PREFIX))
    .flatMap((n) => {
      const r = readJson<BuildRecord>(join(dist, BUILDS_DIR, n));
      return r && typeof r.builtAt === 'string' && Array.isArray(r.files) ? [r] : [];
    });
}

function names(dir: string): string[] {
  try {
    return readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => d.name);
  } catch {
    return [];
  }
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as T;
  } catch {
    return null;
  }
}
