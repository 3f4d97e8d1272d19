/**
 * A figure compiled twice in the list of published figures (GET /statistics, `faultline
 * indicators`), checked against the bundled files read here without faultline: IOM's 501,242
 * returns from Pakistan (15 September 2023 to 15 January 2024) are in both files, and the list gives
 * them once, naming the other record, as the dashboard's tables and the month view do, with the
 * records read and merged counted so that nothing is lost.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import type { IndicatorsAnswer } from './answers.ts';

const read = (path: string) => {
  const bytes = readFileSync(new URL(`../../data/${path}`, import.meta.url));
  return {
    sha256: createHash('sha256').update(bytes).digest('hex'),
    lines: bytes.toString('utf8').split('\n'),
    rows: parse(bytes, { columns: true }) as Record<string, string>[],
  };
};
const returnsFile = read('afghan-returns/afghan_returns_published.csv');
const reportsFile = read('published-statistics/pakistan_security_reports.csv');
const IOM = '501242';
const store = useBundledStore();

describe('a figure compiled twice, in the list of published figures', () => {
  it("is one record naming its other record, with the records read and merged counted: IOM's 501,242 returns, in both bundled files", async () => {
    const inFiles = [returnsFile, reportsFile].map((f) => f.rows.filter((r) => r.value === IOM));
    assert.deepEqual(
      inFiles.map((rows) => rows.length),
      [1, 1],
    );
    const api = createApi({ store: store(), log: () => {} }).app;
    const body = (await (await api.request('/api/v1/statistics')).json()) as IndicatorsAnswer;
    const iom = body.statistics.filter((s) => s.value === +IOM);
    assert.equal(iom.length, 1, 'listed once');
    // The record with a page to cite is kept; the other is named with its file and line.
    const [kept] = iom as [(typeof iom)[number]];
    assert.equal(kept.file_sha256, returnsFile.sha256);
    assert.equal(kept.also_recorded.length, 1);
    const other = kept.also_recorded[0]!;
    const [fromReports] = inFiles[1] as [Record<string, string>];
    assert.deepEqual(
      [other.organisation, other.report, other.url, other.file_sha256],
      [fromReports.source_org, fromReports.report, null, reportsFile.sha256],
    );
    assert.ok(reportsFile.lines[other.line! - 1]!.includes(`,${IOM},`), `line ${other.line}`);
    // Nothing lost: every record of both files is read, one merged, and the note says so.
    const records = returnsFile.rows.length + reportsFile.rows.length;
    assert.deepEqual(
      [body.meta.records, body.meta.copies_merged, body.statistics.length],
      [records, 1, records - 1],
    );
    assert.ok(
      body.meta.notes.includes(
        `1 record merged into the figure it repeats (a figure compiled twice: the same metric, period, exact value, unit and places), which names it in also_recorded: ${records} records read, ${records - 1} figures given`,
      ),
      body.meta.notes.join('\n'),
    );
    // The CLI's JSON is the API's.
    const cli = await runCli(store(), [registerIndicators], ['indicators', '--format', 'json']);
    assert.deepEqual(JSON.parse(cli.out), body);
  });

  it('CSV (the API and the CLI alike) and the table give it as one row, its other record in its also_recorded cell', async () => {
    const api = createApi({ store: store(), log: () => {} }).app;
    const res = await api.request('/api/v1/statistics?metric=returns&format=csv');
    const csv = await res.text();
    const args = ['indicators', '--metric', 'returns'];
    const cli = await runCli(store(), [registerIndicators], [...args, '--format', 'csv']);
    assert.equal(cli.out, csv);
    const rows = parse(csv, { columns: true }) as Record<string, string>[];
    const iom = rows.filter((r) => r.value === IOM);
    assert.equal(iom.length, 1);
    const fromReports = reportsFile.rows.find((r) => r.value === IOM)!;
    assert.equal(iom[0]!.also_recorded, `${fromReports.source_org}, ${fromReports.report}`);
    assert.ok(rows.filter((r) => r.value !== IOM).every((r) => r.also_recorded === ''));
    assert.match(csv.split('\n')[0]!, /,quote,also_recorded,secondary,file_sha256,line$/);
    // The merge is said beside the export, as every note is.
    assert.match(res.headers.get('x-faultline-notes') ?? '', /1 record merged into the figure it repeats/);
    assert.match(cli.err, /\nnote: 1 record merged into the figure it repeats /);
    const table = await runCli(store(), [registerIndicators], args);
    assert.match(table.out.split('\n')[0]!, /\burl +also_recorded +quote\b/);
    assert.equal(table.out.split('\n').filter((l) => l.includes('501242')).length, 1);
  });
});
