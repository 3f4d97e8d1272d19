import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import type { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createStore } from '../storage/index.ts';
import { importGdelt, refuseReleaseOptions } from './import-gdelt.ts';
import { importGdeltFiles } from './import-gdelt-files.ts';
import type { LedgerRow } from './answers.ts';
import { registerImport } from '../cli/commands/import.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { exitCodeFor } from '../cli/fail.ts';
import { gdeltFiles, realGdeltRows, setGdeltField as setField } from '../../test/helpers/gdelt-rows.ts';

const real = realGdeltRows();
const { dir, write } = gdeltFiles('faultline-gdelt-files-test-');
/** Real rows 0-5 and 6-11, and a later copy of row 0 (a re-sent event: synthetic change of a real row). */
const a = write('a_synthetic.export.CSV', real.slice(0, 6));
const b = write('b_synthetic.export.CSV', real.slice(6, 12));
const resent = write('resent_synthetic.export.CSV', [
  setField(setField(real[0]!, 59, '20250808001500'), 31, '9'),
  ...real.slice(12, 14),
]);
/** Bytes that are not UTF-8 stop DuckDB's reader: this file fails whole. */
const latin1 = join(dir, 'latin1_synthetic.export.CSV');
writeFileSync(
  latin1,
  Buffer.concat([
    Buffer.from(real[14]! + '\n'),
    // Actor1Name with a Latin-1 byte (synthetic change of a real row).
    Buffer.from(setField(real[15]!, 6, `${real[15]!.split('\t')[6]}\u00c9`) + '\n', 'latin1'),
  ]),
);
const c = write('c_synthetic.export.CSV', real.slice(16, 22));

/** What the store holds: each import's counts, and every stored event with its mentions, DATEADDED and record number. */
async function state(s: DuckDBStore) {
  const imports = (await s.listImports()).map((l) => [
    l.fileName,
    l.rowsRead,
    l.accepted,
    l.added,
    l.changed,
    l.unchanged,
    l.stale,
  ]);
  const events = (
    await s.select<Record<string, unknown>>(
      `SELECT global_event_id AS id, num_mentions AS nm, strftime(date_added, '%Y%m%d%H%M%S') AS da, record_no AS r
       FROM gdelt_events ORDER BY 1`,
    )
  ).map((e) => [Number(e.id), e.nm, e.da, e.r]);
  const [{ n }] = await s.select<{ n: number }>(`SELECT sum(rows) AS n FROM gdelt_volume`);
  return { imports, events, volume: Number(n) };
}

describe('GDELT files of one run, in batches of one transaction', () => {
  it('a batch stores each file as its own ledger entry with the same rows and counts as file by file, re-sent events included; again, a no-op', async () => {
    const one = (await createStore({ path: ':memory:' })) as DuckDBStore;
    for (const f of [a, b, resent]) await importGdelt(one, f);
    const batched = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const seen: string[] = [];
    const r = await importGdeltFiles(batched, [a, b, resent], { onFile: (p) => seen.push(p) });
    assert.deepEqual(seen, [a, b, resent]);
    assert.deepEqual(
      r.map((x) => [x.alreadyImported, x.ledger.accepted, x.ledger.added, x.ledger.changed]),
      [
        [false, 6, 6, 0],
        [false, 6, 6, 0],
        [false, 3, 2, 1],
      ],
      'the later copy of row 0 in the third file replaces the one the first file stored in the same batch',
    );
    const want = await state(one);
    assert.deepEqual(await state(batched), want);
    assert.deepEqual(want.events[0], [Number(real[0]!.split('\t')[0]), 9, '20250808001500', 0]);
    // Batches of at most 7 rows: a commit after each pair of files; the same answer.
    const small = (await createStore({ path: ':memory:' })) as DuckDBStore;
    await importGdeltFiles(small, [a, b, resent], { batchRows: 7 });
    assert.deepEqual(await state(small), want);
    // Re-running the run: every file already stored, nothing added; the same bytes twice in one batch too.
    const again = await importGdeltFiles(batched, [a, b, resent, a]);
    assert.deepEqual(
      again.map((x) => x.alreadyImported),
      [true, true, true, true],
    );
    assert.deepEqual(await state(batched), want);
    const fresh = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const twice = await importGdeltFiles(fresh, [a, a]);
    assert.deepEqual(
      twice.map((x) => [x.alreadyImported, x.ledger.id]),
      [
        [false, twice[0]!.ledger.id],
        [true, twice[0]!.ledger.id],
      ],
    );
    for (const s of [one, batched, small, fresh]) await s.close();
  });

  it('a file failing inside a batch leaves the files before it stored and nothing of itself; the run stops there, or goes on with onError', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    await assert.rejects(
      importGdeltFiles(s, [a, b, latin1, c]),
      /^InvalidInputError: "latin1_synthetic\.export\.CSV": line 2 holds bytes that are not UTF-8 text; nothing was imported$/,
    );
    const after = await state(s);
    assert.deepEqual(
      after.imports.map((i) => i[0]),
      ['a_synthetic.export.CSV', 'b_synthetic.export.CSV'],
    );
    // The same store as importing those two files one by one (events, record numbers, volume).
    const byFile = (await createStore({ path: ':memory:' })) as DuckDBStore;
    for (const f of [a, b]) await importGdelt(byFile, f);
    assert.deepEqual(after, await state(byFile));
    assert.equal(after.events.length, 12);
    await byFile.close();
    // Going on past it: the last file is stored too, the failure reported with its file.
    const t = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const failed: string[] = [];
    const r = await importGdeltFiles(t, [a, latin1, b, c], {
      onError: (p, e) => failed.push(`${p}: ${(e as Error).message.replace(/ holds .*/, '')}`),
    });
    assert.deepEqual(failed, [`${latin1}: "latin1_synthetic.export.CSV": line 2`]);
    assert.deepEqual(
      r.map((x) => x.ledger.fileName),
      ['a_synthetic.export.CSV', 'b_synthetic.export.CSV', 'c_synthetic.export.CSV'],
    );
    assert.equal((await state(t)).events.length, 18);
    // Re-running the whole run after the failure: the stored files are no-ops, the failing one fails again alone.
    const again = await importGdeltFiles(t, [a, b, c, latin1], { onError: () => undefined });
    assert.deepEqual(
      again.map((x) => x.alreadyImported),
      [true, true, true],
    );
    await s.close();
    await t.close();
  });

  it('faultline import takes GDELT files given together as one run: a report per file, in order, --countries kept; again, all already imported', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const args = ['import', a, b, resent, '--countries', 'PAK,AFG,IND', '--format', 'json'];
    const r = await runCli(s, [registerImport], args);
    assert.equal(r.error, undefined, String(r.error));
    const got = JSON.parse(r.out) as { file: string; ledger: LedgerRow }[];
    assert.deepEqual(
      got.map(({ file, ledger: l }) => [file, l.rows_read, l.accepted + l.out_of_scope!, l.scope]),
      [
        [a, 6, 6, 'AFG,IND,PAK'],
        [b, 6, 6, 'AFG,IND,PAK'],
        [resent, 3, 3, 'AFG,IND,PAK'],
      ],
    );
    const again = JSON.parse((await runCli(s, [registerImport], args)).out) as Record<string, unknown>[];
    assert.deepEqual(
      again.map((j) => j.already_imported),
      [true, true, true],
    );
    await s.close();
  });

  it('faultline import refuses --full-release, --allow-removals, --allow-older and --mapping for a GDELT file in one line naming the option (exit 2), before importing anything', async () => {
    const s = (await createStore({ path: ':memory:' })) as DuckDBStore;
    const refused = async (option: string[]) => {
      const r = await runCli(s, [registerImport], ['import', a, b, ...option]);
      assert.equal(exitCodeFor(r.error), 2, String(r.error));
      return (r.error as Error).message;
    };
    const removes = 'does not apply to GDELT files (a GDELT import removes no stored rows)';
    assert.equal(await refused(['--full-release']), `--full-release ${removes}; "${a}" is one`);
    assert.equal(await refused(['--allow-removals', '3']), `--allow-removals ${removes}; "${a}" is one`);
    assert.equal(
      await refused(['--allow-older']),
      `--allow-older does not apply to GDELT files (it applies to UCDP GED releases only); "${a}" is one`,
    );
    // A mapping would be ignored as well.
    const mapping = join(dir, 'mapping.yaml');
    writeFileSync(mapping, 'dataset: x\n');
    assert.equal(
      await refused(['--mapping', mapping]),
      `--mapping applies to generic CSV files (format csv-mapped), not GDELT ones; "${a}" is one`,
    );
    assert.equal((await s.listImports()).length, 0);
    // The API names its form fields its own way.
    assert.throws(() => refuseReleaseOptions('up.CSV', { allowOlder: 'allow_older' }), {
      message:
        'allow_older does not apply to GDELT files (it applies to UCDP GED releases only); "up.CSV" is one',
    });
    // --no-full-release says what a GDELT import does anyway: accepted.
    const r = await runCli(s, [registerImport], ['import', a, '--no-full-release']);
    assert.equal(r.error, undefined, String(r.error));
    assert.equal((await s.listImports()).length, 1);
    await s.close();
  });
});
