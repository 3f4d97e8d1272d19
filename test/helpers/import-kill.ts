/** Killing imports with SIGKILL at chosen moments, and what a store looks like afterwards (tests and bench). */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBStore } from '../../src/storage/duckdb/duckdb-store.ts';
import { csvLine, gedRows } from './ged-rows.ts';

export const BIN = new URL('../../bin/faultline.js', import.meta.url).pathname;
export const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv', import.meta.url)
  .pathname;

/** A GED-shaped file of n real rows with fresh ids, big enough that its import takes seconds. */
export function bigFile(dir: string, n: number): string {
  const { header, rows } = gedRows();
  const out = [csvLine(header)];
  for (let i = 0; i < n; i++) {
    const r = [...rows[i % rows.length]!];
    r[0] = String(10_000_000 + i);
    out.push(csvLine(r));
  }
  const path = join(dir, 'ged-big.csv');
  writeFileSync(path, out.join('\n') + '\n');
  return path;
}

/** Events, imports, rejections and a digest of every stored row, read by opening the store (a "next start"). */
export async function snapshot(db: string) {
  const s = await DuckDBStore.open(db);
  const snap = {
    events: await s.countEvents({}),
    imports: (await s.listImports()).map((l) => l.id),
    rejections: (await s.select<{ n: number }>('SELECT count(*) AS n FROM rejections'))[0]!.n,
    // Every stored row's id and content, as one number: "exactly before or after", not just as many rows.
    content: String(
      (
        await s.select<{ h: bigint }>('SELECT sum(hash(id, content_hash, source_version)) AS h FROM events')
      )[0]!.h,
    ),
  };
  await s.close();
  return snap;
}

/** What a killed import may leave beside the store: half-written archive files and DuckDB's spill folder. */
export function debris(db: string): string[] {
  const tmp = join(db, '..', 'archive', 'tmp');
  return [
    ...(existsSync(tmp) ? readdirSync(tmp).map((f) => `archive/tmp/${f}`) : []),
    ...(existsSync(`${db}.tmp`) ? [`${db}.tmp`] : []),
  ];
}

/**
 * Starts `faultline import` with every SQL statement traced on stderr and kills it with SIGKILL once
 * the trace shows `moment` (a statement of the import or of its commit). Resolves when it is dead.
 */
export async function killImportAt(
  env: NodeJS.ProcessEnv,
  args: string[],
  moment: RegExp | ((trace: string) => boolean),
): Promise<string> {
  const reached = typeof moment === 'function' ? moment : (t: string) => moment.test(t);
  const child = spawn(process.execPath, [BIN, 'import', ...args], {
    env: { ...env, FAULTLINE_SQL_PROFILE: '1' },
  });
  let stderr = '';
  await new Promise<void>((resolve, reject) => {
    child.stderr.on('data', (d: Buffer) => {
      stderr += d.toString();
      if (reached(stderr)) {
        child.kill('SIGKILL');
        resolve();
      }
    });
    child.on('exit', (code) =>
      reject(new Error(`import finished (exit ${code}) before ${moment}: ${stderr.slice(-500)}`)),
    );
  });
  await new Promise((r) => child.on('close', r));
  return child.signalCode ?? '';
}
