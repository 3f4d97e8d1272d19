// test-run: alone, about 9 s (large imports)
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createApi, startServer } from '../api/server.ts';
import { registerImport } from '../cli/commands/import.ts';
import { registerSources } from '../cli/commands/sources.ts';
import { exitCodeFor, failureLine } from '../cli/fail.ts';
import { InvalidInputError, RemovalsNotAllowedError } from '../domain/errors.ts';
import { createStore, type Store } from '../storage/index.ts';
import { csvLine, GED_FILE, gedRows } from '../../test/helpers/ged-rows.ts';
import { createApiKey } from './api-keys.ts';
import { importFile } from './import-dataset.ts';
import { REAL_GDELT_FILE } from '../../test/helpers/gdelt-rows.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-consent-'));
const CANDIDATE = new URL('../../data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv', import.meta.url).pathname;

// The bundled GED file parsed once for the file (gedSubset cuts five files from it).
let ged: ReturnType<typeof gedRows> | undefined;
/** A GED file of every `step`-th record of the bundled one from `offset` (all its years and places), named `name`. */
function gedSubset(name: string, step: number, offset: number): string {
  const { header, rows } = (ged ??= gedRows());
  const path = join(tmp, name);
  const picked = rows.filter((_, i) => i % step === offset);
  writeFileSync(path, [header, ...picked].map(csvLine).join('\n') + '\n');
  return path;
}

let store: Store;
let STORED = 0;
before(async () => {
  store = await createStore({ path: join(tmp, 'consent.duckdb') });
  // A quarter of the real rows (every 4th), spread over all years: the later files hold other rows.
  const r = await importFile(store, gedSubset('conflict_data_pak_quarter.csv', 4, 0));
  STORED = r.ledger.accepted;
  assert.ok(STORED > 1500);
});
// The store is thrown away: closed without DuckDB's checkpoint (discard-store.ts).
after(() => closeDiscarded(store));

/** Runs `faultline import|rejections ...` in-process over the test store; resolves to the error it raised, if any. */
function cli(...args: string[]): Promise<{ out: string; err: string; error?: unknown }> {
  return runCli(store, [registerImport, registerSources], args);
}

/** An upload to the import route: the file's bytes and name, and the form fields beside it. */
type Upload = (fields: Record<string, string>, name: string, body: Uint8Array | string) => Promise<Response>;

/** Runs `fn` with the API served over the test store on a free port and `upload` posting to its import route with an analyst key. */
async function withImportRoute(fn: (upload: Upload) => Promise<void>): Promise<void> {
  const key = (await createApiKey(store, { role: 'analyst', name: 'import route test' })).key;
  const server = await startServer(createApi({ store, log: () => {} }), '127.0.0.1', 0);
  try {
    await fn((fields, name, body) => {
      const f = new FormData();
      f.set('file', new Blob([typeof body === 'string' ? body : new Uint8Array(body)]), name);
      for (const [k, v] of Object.entries(fields)) f.set(k, v);
      return fetch(`${server.url}/api/v1/imports`, {
        method: 'POST',
        body: f,
        headers: { authorization: `Bearer ${key}` },
      });
    });
  } finally {
    await server.close();
  }
}

/** The message of an error answer. */
const errorMessage = async (r: Response) =>
  ((await r.json()) as { error: { message: string } }).error.message;

describe('nothing stored is removed without consent (issue 11)', () => {
  it('a GED-shaped file whose version is inferred removes nothing (it used to remove every stored event outside it)', async () => {
    const r = await importFile(store, gedSubset('pwned.csv', 20, 0));
    assert.equal(r.ledger.versionInferred, true);
    assert.equal(r.ledger.removed, 0);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), STORED);
  });

  it('a GED file whose name states its version would remove more than 5%: it stops, names the count, and writes nothing', async () => {
    const path = gedSubset('GEDEvent_v23_1.csv', 20, 1);
    const imports = (await store.listImports()).length;
    const e = await importFile(store, path).then(
      () => null,
      (x: unknown) => x,
    );
    assert.ok(e instanceof RemovalsNotAllowedError, String(e));
    assert.match(
      e.message,
      /^"GEDEvent_v23_1\.csv": this import would remove [\d,]+ of [\d,]+ stored ucdp-ged events, more than 5% without consent; nothing was imported; if the file is a complete release, run again with --allow-removals \d+$/,
    );
    assert.ok(e.removals > STORED * 0.05);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), STORED);
    assert.equal((await store.listImports()).length, imports);
    // The CLI says the same in one line and exits 2; `--no-full-release` imports it without removing.
    const refused = await cli('import', path);
    assert.equal(exitCodeFor(refused.error), 2);
    assert.equal((refused.error as Error).message, e.message);
    const kept = await cli('import', path, '--no-full-release', '--output', 'json');
    assert.equal(kept.error, undefined);
    const { ledger } = JSON.parse(kept.out)[0];
    assert.deepEqual([ledger.removed, ledger.added], [0, ledger.accepted]);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), STORED + ledger.added);
  });

  it('--allow-removals N lets a declared full release remove N events, and the ledger says so', async () => {
    const path = gedSubset('GEDEvent_v24_1.csv', 20, 2);
    const stored = await store.countEvents({ source: ['ucdp-ged'] });
    const e = (await importFile(store, path).catch((x: unknown) => x)) as RemovalsNotAllowedError;
    assert.ok(e instanceof RemovalsNotAllowedError);
    assert.equal(e.stored, stored);
    const short = await cli('import', path, '--allow-removals', String(e.removals - 1));
    assert.ok(short.error instanceof RemovalsNotAllowedError);
    const done = await cli('import', path, '--allow-removals', String(e.removals), '--output', 'json');
    assert.equal(done.error, undefined, String(done.error));
    const { ledger } = JSON.parse(done.out)[0];
    assert.equal(ledger.removed, e.removals);
    assert.equal(await store.countEvents({ source: ['ucdp-ged'] }), stored - e.removals + ledger.added);
  });

  it('a Candidate file uploaded under another name is still read as Candidate (detection reads the content)', async () => {
    const path = join(tmp, 'pwned-candidate.csv');
    copyFileSync(CANDIDATE, path);
    const r = await importFile(store, path);
    assert.equal(r.ledger.format, 'ucdp-candidate');
    assert.equal(r.ledger.source, 'ucdp-candidate');
    assert.equal(r.ledger.removed, 0);
  });

  it('a version that does not match the strict pattern is refused in one line, quoting it', async () => {
    await assert.rejects(importFile(store, GED_FILE, { version: '../../<script>' }), {
      message: `invalid version: "../../<script>" (use 1 to 32 letters, digits, '.', '_', '+' or '-')`,
    });
    const r = await cli('import', GED_FILE, '--version', 'v\u0000\u001b[31m');
    assert.equal(exitCodeFor(r.error), 2);
    assert.equal(
      (r.error as Error).message,
      `invalid version: "v\\x00\\x1b[31m" (use 1 to 32 letters, digits, '.', '_', '+' or '-')`,
    );
    const bad = await cli('import', GED_FILE, '--allow-removals', '-3');
    assert.equal(exitCodeFor(bad.error), 2);
  });

  it('the API import route takes full_release and allow_removals, refuses bad values with 400, and names its own fields (allow_removals=N), never the CLI flags', async () => {
    await withImportRoute(async (post) => {
      const message = errorMessage;
      const slice = readFileSync(gedSubset('GEDEvent_v25_1.csv', 20, 3));
      const bad = await post({ full_release: 'maybe' }, 'GEDEvent_v25_1.csv', slice);
      assert.equal(bad.status, 400);
      assert.deepEqual(await bad.json(), {
        error: {
          code: 'invalid_input',
          message: 'invalid full_release: "maybe" (use true, false, yes, no, 1 or 0)',
        },
      });
      const negative = await post({ allow_removals: '-1' }, 'GEDEvent_v25_1.csv', slice);
      assert.equal(negative.status, 400);
      assert.equal(await message(negative), 'invalid allow_removals: "-1" (a count >= 0)');
      // The CLI is told `--allow-removals N` (above); an API client the form field it sends.
      const refused = await post({}, 'GEDEvent_v25_1.csv', slice);
      assert.equal(refused.status, 400);
      const why = await message(refused);
      const n = Number(/would remove (\d+) of/.exec(why)?.[1]);
      assert.equal(
        why,
        `"GEDEvent_v25_1.csv": this import would remove ${n} of ${await store.countEvents({ source: ['ucdp-ged'] })} stored ucdp-ged events, more than 5% without consent; nothing was imported; if the file is a complete release, run again with allow_removals=${n}`,
      );
      const short = await post({ allow_removals: String(n - 1) }, 'GEDEvent_v25_1.csv', slice);
      assert.equal(short.status, 400);
      assert.match(await message(short), new RegExp(`run again with allow_removals=${n}$`));
      const kept = await post({ full_release: 'false' }, 'GEDEvent_v25_1.csv', slice);
      assert.equal(kept.status, 201);
      assert.equal(((await kept.json()) as { ledger: { removed: number } }).ledger.removed, 0);
    });
  });
});

describe('the API import route names what an upload can give', () => {
  it('dataset_format=csv-mapped is refused up front, not with the CLI flag --mapping FILE an upload cannot send', async () => {
    await withImportRoute(async (upload) => {
      const post = async (dataset_format: string) => {
        const res = await upload({ dataset_format }, 'mapped.csv', 'a,b\n1,2\n');
        return [res.status, await errorMessage(res)];
      };
      assert.deepEqual(await post('csv-mapped'), [
        400,
        'invalid dataset_format: "csv-mapped" (a mapped CSV is read through a column-mapping file, which this route does not take: import it with faultline import FILE --mapping MAPPING)',
      ]);
      const [status, message] = await post('bogus');
      assert.equal(status, 400);
      assert.match(String(message), /^invalid dataset_format: "bogus" \(use ucdp-ged, .* or gdelt\)$/);
      assert.doesNotMatch(String(message), /csv-mapped/);
    });
    // The CLI lists its choices in the same words (it said "unknown input format: ... (use one of a, b, c)").
    const csv = join(tmp, 'mapped.csv');
    writeFileSync(csv, 'a,b\n1,2\n');
    const bad = await cli('import', csv, '--input-format', 'bogus');
    assert.equal(exitCodeFor(bad.error), 2);
    assert.match(
      failureLine(bad.error),
      /^faultline: invalid --input-format: "bogus" \(use ucdp-ged, ucdp-candidate, .* or gdelt\)\n$/,
    );
    // --format naming a file format says which --input-format to give, in its listed form.
    const old = await cli('import', csv, '--format', 'UCDP-GED');
    assert.equal(
      (old.error as Error).message,
      `invalid format: "UCDP-GED" (--format is the output format, table or json; give the file's format with --input-format ucdp-ged)`,
    );
  });

  it('a file of no known format names dataset_format to an API client and --input-format to a CLI user, never both', async () => {
    const files = {
      'notes.csv': ['a,b\n1,2\n', '"notes.csv": unrecognised format (header starts "a,b"); choose one with'],
      'notes.ndjson': [
        '{"x":1,"y":2}\n',
        '"notes.ndjson": unrecognised records (keys start "x,y"); choose one with',
      ],
    };
    await withImportRoute(async (upload) => {
      for (const [name, [body, message]] of Object.entries(files)) {
        const res = await upload({}, name, body);
        assert.equal(res.status, 400, name);
        assert.equal(await errorMessage(res), `${message} dataset_format`);
      }
    });
    for (const [name, [body, message]] of Object.entries(files)) {
      writeFileSync(join(tmp, name), body);
      const r = await cli('import', join(tmp, name));
      assert.equal(exitCodeFor(r.error), 2, name);
      assert.equal((r.error as Error).message, `${message} --input-format`);
    }
  });
});

describe('the API import route refuses release fields for a GDELT file', () => {
  it('full_release=true, allow_removals and allow_older=true answer 400 naming the field, and nothing is imported', async () => {
    await withImportRoute(async (upload) => {
      const post = async (fields: Record<string, string>) => {
        const res = await upload(fields, basename(REAL_GDELT_FILE), readFileSync(REAL_GDELT_FILE));
        return [res.status, ((await res.json()) as { error?: { message: string } }).error?.message];
      };
      const name = JSON.stringify(basename(REAL_GDELT_FILE));
      assert.deepEqual(await post({ full_release: 'true' }), [
        400,
        `full_release=true does not apply to GDELT files (a GDELT import removes no stored rows); ${name} is one`,
      ]);
      assert.deepEqual(await post({ allow_removals: '3' }), [
        400,
        `allow_removals does not apply to GDELT files (a GDELT import removes no stored rows); ${name} is one`,
      ]);
      assert.deepEqual(await post({ allow_older: 'true' }), [
        400,
        `allow_older=true does not apply to GDELT files (it applies to UCDP GED releases only); ${name} is one`,
      ]);
      const gdeltImports = async () => (await store.listImports()).filter((i) => i.format === 'gdelt').length;
      assert.equal(await gdeltImports(), 0, 'nothing was imported');
      // What a GDELT import does anyway is accepted: full_release=false.
      assert.equal((await post({ full_release: 'false' }))[0], 201);
      assert.equal(await gdeltImports(), 1);
    });
  });
});

describe('clean CLI errors for files and import ids (issue 11)', () => {
  it('a missing file or a directory exits 2 with one line naming it (not ENOENT or EISDIR)', async () => {
    const missing = await cli('import', join(tmp, 'nope.csv'));
    assert.equal(exitCodeFor(missing.error), 2);
    assert.equal((missing.error as Error).message, `no such file: "${join(tmp, 'nope.csv')}"`);
    const dir = join(tmp, 'a-dir.csv');
    mkdirSync(dir);
    const isDir = await cli('import', dir);
    assert.ok(isDir.error instanceof InvalidInputError);
    assert.equal((isDir.error as Error).message, `"${dir}" is a directory, not a file`);
    assert.equal(exitCodeFor(isDir.error), 2);
  });

  it('`rejections` of an unknown import id exits 3 (not found) with a message, not an empty table', async () => {
    const r = await cli('rejections', '99999');
    assert.equal(exitCodeFor(r.error), 3);
    assert.equal(
      (r.error as Error).message,
      'unknown import id: "99999" (faultline sources lists the imports)',
    );
    assert.equal(r.out, '');
    // Not a whole number: refused with what to give (it said only `invalid import id: "1e0"`).
    const bad = await cli('rejections', '1e0');
    assert.equal(exitCodeFor(bad.error), 2);
    assert.equal(
      (bad.error as Error).message,
      'invalid import id: "1e0" (use a whole number: faultline sources lists the imports)',
    );
  });
});
