/**
 * The files published figures come from, named with their terms in the answer's meta (as every
 * other answer's `meta.sources` names its source versions), counted against the bundled files
 * read here without faultline.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import { createStore, type Store } from '../storage/index.ts';
import type { IndicatorsAnswer } from './answers.ts';
import { importFile } from './import-dataset.ts';

const DATA = '../../data/';
const FILES = [
  ['pakistan_security_reports.csv', 'published-statistics/pakistan_security_reports.csv'],
  ['afghan_returns_published.csv', 'afghan-returns/afghan_returns_published.csv'],
] as const;
const TERMS = 'facts as their publishers report them, quoted with attribution';

/** A bundled file's SHA-256 and its figures (of one metric, when given). */
function file(path: string, metric?: string): { sha256: string; figures: number } {
  const bytes = readFileSync(new URL(DATA + path, import.meta.url));
  const rows = parse(bytes, { columns: true }) as Record<string, string>[];
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    figures: rows.filter((r) => metric === undefined || r.metric === metric).length,
  };
}

describe('the sources of published figures', () => {
  const store = useBundledStore();

  it('GET /statistics names each file its figures came from, with how many and their terms', async () => {
    const res = await createApi({ store: store(), log: () => {} }).app.request('/api/v1/statistics');
    assert.equal(res.status, 200);
    const { statistics, meta } = (await res.json()) as IndicatorsAnswer;
    const expected = FILES.map(([name, path]) => {
      const f = file(path);
      return {
        source: 'statistics',
        version: `sha256:${f.sha256.slice(0, 12)}`,
        file: name,
        sha256: f.sha256,
        figures: f.figures,
        licence: TERMS,
        licence_id: null,
        licence_url: null,
        credit:
          'the organisation and report named on each figure (faultline indicators; returns figures also give the page and the quote)',
      };
    });
    assert.deepEqual(meta.sources, expected);
    // Every record read is named under its file; a record merged into the figure it repeats (IOM's
    // 501,242, compiled in both files) is counted there and in copies_merged, not listed again.
    assert.equal(
      meta.records,
      expected.reduce((n, x) => n + x.figures, 0),
    );
    assert.equal(statistics.length + meta.copies_merged, meta.records);
    assert.equal(
      statistics.reduce((n, s) => n + s.also_recorded.length, 0),
      meta.copies_merged,
    );
  });

  it('a filter counts only the figures it lists, and the CLI names the files and their terms', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const one = (await (
      await api.app.request('/api/v1/statistics?metric=returns')
    ).json()) as IndicatorsAnswer;
    // The security reports hold a returns figure too: each file is named with its own count.
    const counts = FILES.map(([name, path]) => [name, file(path, 'returns').figures] as const);
    assert.deepEqual(
      one.meta.sources.map((s) => [s.file, s.figures]),
      counts.filter(([, n]) => n > 0),
    );
    const cli = await runCli(store(), [registerIndicators], ['indicators', '--metric', 'returns']);
    assert.equal(cli.error, undefined);
    const named = one.meta.sources.map((x) => `statistics ${x.version} (${x.file}, ${x.figures} figure`);
    const line = cli.err.split('\n').find((l) => l.startsWith('sources: '))!;
    assert.ok(named.every((n) => line.includes(n)) && named.length === line.split('), ').length, line);
    const versions = one.meta.sources.map((x) => x.version).join(', ');
    assert.ok(cli.err.includes(`\nlicences: statistics ${versions}: ${TERMS}; credit: `), cli.err);
    const json = await runCli(
      store(),
      [registerIndicators],
      ['indicators', '--metric', 'returns', '--format', 'json'],
    );
    assert.deepEqual((JSON.parse(json.out) as IndicatorsAnswer).meta.sources, one.meta.sources);
  });

  it('CSV and NDJSON name the files and their terms beside the rows, from the API and the CLI alike, as event exports do', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const { meta } = (await (
      await api.app.request('/api/v1/statistics?country=PAK')
    ).json()) as IndicatorsAnswer;
    const sources = meta.sources
      .map((x) => `statistics ${x.version} (${x.file}, ${x.figures} figures)`)
      .join(', ');
    const licences = `statistics ${meta.sources.map((x) => x.version).join(', ')}: ${TERMS}`;
    for (const format of ['csv', 'ndjson']) {
      // The sources header said "statistics sha256:692c48f1bcc0 (undefined events)".
      const res = await api.app.request(`/api/v1/statistics?country=PAK&format=${format}`);
      assert.equal(res.status, 200);
      assert.deepEqual(
        [res.headers.get('x-faultline-sources'), res.headers.get('x-faultline-licences')],
        [sources, licences],
        format,
      );
      // The CLI's export said nothing of them (only its table did).
      const cli = await runCli(
        store(),
        [registerIndicators],
        ['indicators', '--country', 'PAK', '--format', format],
      );
      assert.equal(cli.error, undefined);
      assert.equal(cli.out, await res.text());
      const lines = cli.err.split('\n');
      assert.equal(
        lines.find((l) => l.startsWith('sources: ')),
        `sources: ${sources}`,
        format,
      );
      assert.ok(cli.err.includes(`\nlicences: ${licences}; credit: `), cli.err);
    }
  });
});

describe('a file of published figures whose name holds a comma or a parenthesis', () => {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-figure-names-'));
  // A real import of a copy of a bundled file, renamed as a download folder names a second copy.
  const name = 'pakistan_security_reports (copy, 2).csv';
  let store: Store;
  before(async () => {
    copyFileSync(new URL(DATA + FILES[0][1], import.meta.url), join(dir, name));
    store = await createStore({ path: ':memory:' });
    await importFile(store, join(dir, name));
  });
  after(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it("is quoted in the sources line of the CLI and of the API's CSV: bare, its comma and parentheses read as the list's own", async () => {
    const f = file(FILES[0][1]);
    // It was `statistics sha256:692c48f1bcc0 (pakistan_security_reports (copy, 2).csv, 35 figures)`.
    const line = `statistics sha256:${f.sha256.slice(0, 12)} ("${name}", ${f.figures} figures)`;
    const cli = await runCli(store, [registerIndicators], ['indicators', '--format', 'csv']);
    assert.equal(cli.error, undefined);
    assert.equal(
      cli.err.split('\n').find((l) => l.startsWith('sources: ')),
      `sources: ${line}`,
    );
    const res = await createApi({ store, log: () => {} }).app.request('/api/v1/statistics?format=csv');
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-faultline-sources'), line);
    // The JSON names the file as it is: only the line needs the quotes.
    const json = (await (
      await createApi({ store, log: () => {} }).app.request('/api/v1/statistics')
    ).json()) as IndicatorsAnswer;
    assert.deepEqual(
      json.meta.sources.map((x) => x.file),
      [name],
    );
  });
});
