/**
 * Import reliability (issue 11): 2,000 damaged files and rows cut from real GED rows, and kill -9 at
 * 20 random moments of an import and of its commit. Prints the counts; every one but the accepted
 * and rejected rows must be 0, and the store must be exactly before or after each kill.
 */
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createStore } from '../src/storage/index.ts';
import { fuzzImports, prng } from '../test/helpers/import-fuzz.ts';
import { BIN, bigFile, CANDIDATE, debris, killImportAt, snapshot } from '../test/helpers/import-kill.ts';

/** Statements traced by FAULTLINE_SQL_PROFILE=1 (one line each). */
const statements = (trace: string) => trace.split('\n').filter((l) => l.startsWith('sql ')).length;

export async function benchFuzzImport(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-bench-fuzz-'));
  const store = await createStore({ path: ':memory:' });
  const t0 = performance.now();
  const c = await fuzzImports(store, dir, 2026, 2000);
  await store.close();
  const { problems, ...counts } = c;
  console.log(`import fuzz: ${JSON.stringify(counts)} in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const p of problems) console.log(`  ${p}`);

  // A base store (one import done), copied afresh for every kill.
  const base = join(dir, 'base');
  mkdirSync(base);
  const baseDb = join(base, 'store.duckdb');
  spawnSync(process.execPath, [BIN, 'import', CANDIDATE], { env: { ...process.env, FAULTLINE_DB: baseDb } });
  const file = bigFile(dir, 3_000);
  const args = [file, '--version', '99.1'];
  const fresh = (name: string) => {
    const d = join(dir, name);
    cpSync(base, d, { recursive: true });
    return { db: join(d, 'store.duckdb'), env: { ...process.env, FAULTLINE_DB: join(d, 'store.duckdb') } };
  };
  // One whole traced run: where the commit starts, how many statements there are, and the store after.
  const whole = fresh('whole');
  const run = spawnSync(process.execPath, [BIN, 'import', ...args], {
    env: { ...whole.env, FAULTLINE_SQL_PROFILE: '1' },
    encoding: 'utf8',
  });
  const trace = run.stderr.split('\n').filter((l) => l.startsWith('sql '));
  // The commit begins where the version is set: on stage_events (staged path) or on events (a direct first import).
  const commitAt = trace.findIndex((l) => /UPDATE (stage_)?events SET source_version/.test(l));
  const before = await snapshot(baseDb);
  const after = await snapshot(whole.db);
  const rnd = prng(11);
  const kills = { killed: 0, before: 0, after: 0, neither: 0, debris: 0, finishedFirst: 0 };
  for (let i = 0; i < 20; i++) {
    // Ten moments among the import's statements, ten among its commit's.
    const n =
      i < 10
        ? 1 + Math.floor(rnd() * commitAt)
        : commitAt + 1 + Math.floor(rnd() * (trace.length - commitAt));
    const s = fresh(`kill-${i}`);
    try {
      await killImportAt(s.env, args, (t) => statements(t) >= n);
      kills.killed++;
    } catch {
      kills.finishedFirst++;
    }
    // A spill folder as DuckDB leaves it when killed mid-spill.
    mkdirSync(`${s.db}.tmp`, { recursive: true });
    writeFileSync(join(`${s.db}.tmp`, 'duckdb_temp_storage_S32K-0.tmp'), 'x');
    const now = JSON.stringify(await snapshot(s.db));
    if (now === JSON.stringify(before)) kills.before++;
    else if (now === JSON.stringify(after)) kills.after++;
    else kills.neither++;
    if (debris(s.db).length) kills.debris++;
  }
  console.log(
    `import kill -9 at 20 moments (${trace.length} statements, commit from #${commitAt + 1}): ${JSON.stringify(kills)}`,
  );
}
