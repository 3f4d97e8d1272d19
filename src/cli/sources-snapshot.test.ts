/**
 * `faultline sources` answers from a snapshot beside the store only while the store file is the one
 * the snapshot was read from: after any write, or with a write-ahead log, or for another build, the
 * store itself answers. Each call runs in this process as the binary runs it (runProgram).
 */
import assert from 'node:assert/strict';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import type { LedgerRow, SourcesAnswer } from '../app/answers.ts';
import { elsewhereHint } from './commands/sources.ts';
import { DuckDBInstance } from '@duckdb/node-api';
import {
  keepSourcesSnapshot,
  readSourcesSnapshot,
  refreshSourcesSnapshot,
  snapshotPath,
  storeStamp,
} from './sources-snapshot.ts';
import { createStore } from '../storage/index.ts';

const DATA = new URL('../../data/', import.meta.url).pathname;
const CANDIDATE = join(DATA, 'ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv');
const RETURNS = join(DATA, 'afghan-returns/afghan_returns_published.csv');

/** The temporary folders of this file's stores, removed after its tests (a run left them all behind). */
const temps: string[] = [];
after(() => temps.forEach((d) => rmSync(d, { recursive: true, force: true })));
function tempDir(): string {
  temps.push(mkdtempSync(join(tmpdir(), 'faultline-snapshot-')));
  return temps.at(-1)!;
}

/** A store file last modified a minute ago: settled, so a snapshot of it may be kept. */
function age(db: string): void {
  const past = new Date(Date.now() - 60_000);
  utimesSync(db, past, past);
}

async function sourcesJson(env: NodeJS.ProcessEnv): Promise<SourcesAnswer> {
  const r = await runProgram(env, ['sources', '--format', 'json']);
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as SourcesAnswer;
}

/** A file standing for a store where only its stamp matters (these checks never open it). */
function plainFile(): string {
  const db = join(tempDir(), 'store.duckdb');
  writeFileSync(db, 'not opened by these checks');
  return db;
}

let imported: string | undefined;

/**
 * A store file of its own with the Candidate file imported by `faultline import`, and what that
 * import left beside it (its snapshot, its archive): a copy of the folder of one such import, made
 * once for the file (each import into a file store and its close cost about a second of CPU).
 */
async function importedStore(): Promise<{ db: string; env: NodeJS.ProcessEnv }> {
  if (!imported) {
    imported = tempDir();
    const env = { ...process.env, FAULTLINE_DB: join(imported, 'store.duckdb') };
    assert.equal((await runProgram(env, ['import', CANDIDATE])).status, 0);
  }
  const dir = tempDir();
  cpSync(imported, dir, { recursive: true });
  const db = join(dir, 'store.duckdb');
  return { db, env: { ...process.env, FAULTLINE_DB: db } };
}

describe('the coverage table', () => {
  it('names every import it leaves out (they cover no days of events), by the command that lists them', () => {
    const row = (id: number, format: string) => ({ id, format }) as LedgerRow;
    assert.equal(
      elsewhereHint([row(1, 'ucdp-ged'), row(4, 'statistics'), row(5, 'series'), row(6, 'dyad-index')]),
      '(Coverage lists the event sources, by the days their events cover; published figures (imports 4 and 5) by faultline indicators, the relations index and GDELT (import 6) by faultline relations)\n',
    );
    assert.equal(elsewhereHint([row(1, 'ucdp-ged'), row(2, 'acled')]), '');
  });
});

describe('the sources snapshot', () => {
  it('is kept by a call that read an unchanged store, and answers the next call while the store stays as it was', async () => {
    const { db, env } = await importedStore();
    age(db);
    const read = await sourcesJson(env);
    assert.equal(read.imports.length, 1);
    const kept = JSON.parse(readFileSync(snapshotPath(db), 'utf8')) as { answer: SourcesAnswer };
    assert.deepEqual(kept.answer, read, 'the snapshot holds what the store answered');
    // Marked, so that an answer from it can be told from one read from the store.
    kept.answer.imports[0]!.file = 'marked-in-the-snapshot';
    writeFileSync(snapshotPath(db), JSON.stringify(kept));
    assert.equal((await sourcesJson(env)).imports[0]!.file, 'marked-in-the-snapshot');
    // Every format prints from the same answer.
    const table = await runProgram(env, ['sources']);
    assert.match(table.stdout, /marked-in-the-snapshot/);

    // An import changes the file: the store answers, with the new import, whatever the snapshot says.
    assert.equal((await runProgram(env, ['import', RETURNS])).status, 0);
    const after = await sourcesJson(env);
    assert.equal(after.imports.length, 2);
    assert.ok(!JSON.stringify(after).includes('marked-in-the-snapshot'));
    assert.deepEqual(after.imports[0], read.imports[0]);
    // The coverage table lists event sources only, and says where the published figures are listed.
    const both = await runProgram(env, ['sources', '--part', 'coverage']);
    assert.match(
      both.stdout,
      /\n\(Coverage lists the event sources, by the days their events cover; published figures \(import 2\) by faultline indicators\)\n$/,
    );
    // Just written, and kept all the same: the headers' fingerprint in the stamp tells this version of
    // the file from the next, even within one tick of the file system's clock (the test below).
    assert.deepEqual(await readSourcesSnapshot(db), after);
  });

  it('is refreshed by a command that wrote the store, from a read-only read after it closed the store', async () => {
    const { db } = await importedStore();
    await refreshSourcesSnapshot(db, () => createStore({ path: db, readOnly: true }));
    const kept = await readSourcesSnapshot(db);
    assert.equal(kept?.imports.length, 1);
    assert.equal(kept.imports[0]!.file, 'GEDEvent_v26_0_7_PAK_AFG.csv');
    // A store that cannot be read now (another process took it for writing): the older snapshot is
    // removed, and the command does not fail.
    await refreshSourcesSnapshot(db, () => Promise.reject(new Error('store is busy')));
    assert.equal(existsSync(snapshotPath(db)), false);
  });

  it("stamps DuckDB's headers: a committed write changes the stamp with the size and times as they were; a read does not", async () => {
    const db = join(tempDir(), 'headers.duckdb');
    const run = async (sql: string, readOnly = false) => {
      const instance = await DuckDBInstance.create(db, readOnly ? { access_mode: 'READ_ONLY' } : {});
      const c = await instance.connect();
      await c.run(sql);
      c.closeSync();
      instance.closeSync();
    };
    await run('CREATE TABLE t (a INTEGER); INSERT INTO t VALUES (1)');
    const parts = async () => (await storeStamp(db))!.stamp.split(':');
    const past = new Date(Date.now() - 60_000);
    utimesSync(db, past, past);
    const before = await parts();
    await run('SELECT count(*) FROM t', true);
    assert.deepEqual(await parts(), before, 'a read-only open writes nothing');
    await run('UPDATE t SET a = 2');
    utimesSync(db, past, past); // as if written within the same tick of the clock
    const after = await parts();
    assert.deepEqual([after[2], after[3]], [before[2], before[3]], 'same size and modification time');
    assert.notEqual(after[5], before[5], "the headers' fingerprint differs");
  });

  it('is not read beside a write-ahead log, by another build or format, or for a store stamped otherwise', async () => {
    const db = plainFile();
    age(db);
    const answer: SourcesAnswer = { imports: [], coverage: [], credits: [] };
    const stamp = await storeStamp(db);
    assert.ok(stamp);
    await keepSourcesSnapshot(db, stamp, stamp, answer);
    assert.deepEqual(await readSourcesSnapshot(db), answer);

    const body = JSON.parse(readFileSync(snapshotPath(db), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of [
      ['build', 'another-build'],
      ['format', 1],
      ['stamp', 'another-file'],
    ] as const) {
      writeFileSync(snapshotPath(db), JSON.stringify({ ...body, [key]: value }));
      assert.equal(await readSourcesSnapshot(db), null, `${key} ${value}`);
    }
    writeFileSync(snapshotPath(db), '{"format": 1, "bu');
    assert.equal(await readSourcesSnapshot(db), null, 'a torn file');

    writeFileSync(snapshotPath(db), JSON.stringify(body));
    writeFileSync(`${db}.wal`, '');
    assert.equal(await storeStamp(db), null);
    assert.equal(await readSourcesSnapshot(db), null, 'a write-ahead log holds changes the file does not');
  });

  it('is kept only when the store was the same before and after the read', async () => {
    const db = plainFile();
    age(db);
    const answer: SourcesAnswer = { imports: [], coverage: [], credits: [] };
    const stamp = (await storeStamp(db))!;
    const other = { ...stamp, stamp: `${stamp.stamp}x` };
    await keepSourcesSnapshot(db, stamp, other, answer);
    assert.equal(existsSync(snapshotPath(db)), false, 'changed during the read');
    await keepSourcesSnapshot(db, null, stamp, answer);
    assert.equal(existsSync(snapshotPath(db)), false, 'created during the read');
    await keepSourcesSnapshot(db, stamp, stamp, answer);
    assert.equal(existsSync(snapshotPath(db)), true);
    // A later read that cannot keep one removes the older snapshot.
    await keepSourcesSnapshot(db, stamp, other, answer);
    assert.equal(existsSync(snapshotPath(db)), false);
  });
});
