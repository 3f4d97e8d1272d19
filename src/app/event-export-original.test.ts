import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { bundledApi } from '../../test/helpers/bundled-api.ts';
import { bundledStoreCopy } from '../../test/helpers/bundled-store.ts';
import { runProgram } from '../../test/helpers/in-process-cli.ts';
import { exportEvents, type ExportFormat } from './event-export.ts';
import { originalRecord } from './original-record.ts';

const api = bundledApi();
// Events of two sources: final GED 22.1 (2021) and a Candidate release (2026).
const Q = { country: ['PAK'], from: '2021-06-01', to: '2021-08-31' };
const Q26 = { country: ['PAK'], from: '2026-07-01', to: '2026-07-31' };

/** The whole export as text. */
async function exported(
  format: ExportFormat,
  original: boolean,
  q: object = Q,
  hxl = false,
): Promise<string> {
  let text = '';
  await exportEvents(
    api.store(),
    { ...q, sort: 'date' },
    format,
    { write: async (c) => void (text += String(c)) },
    { original, hxl },
  );
  return text;
}

/**
 * Each exported event's original record as the event's detail reads it (originalRecord), by id;
 * the events listed under the export's filter `q` (every one of them exported, checked below).
 */
async function originalsById(ids: string[], q: object) {
  const out = new Map<string, { text: string; fields: Record<string, string> } | null>();
  const wanted = new Set(ids);
  const rows = (await api.store().queryEvents({ ...q, limit: 100_000 })).rows.filter((e) => wanted.has(e.id));
  assert.equal(rows.length, wanted.size);
  for (const e of rows) out.set(e.id, await originalRecord(api.store(), e));
  return out;
}

describe('exports with the original records (--original, original=true)', () => {
  it('ndjson and json rows gain `original`, the record’s fields as the event detail gives them; the rest is unchanged', async () => {
    for (const q of [Q, Q26]) {
      const plain = (await exported('ndjson', false, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l));
      const withOriginal = (await exported('ndjson', true, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      assert.ok(plain.length > 20, `${plain.length} events`);
      assert.deepEqual(
        withOriginal.map(({ original: _, ...rest }) => rest),
        plain,
      );
      const originals = await originalsById(
        plain.map((r) => String(r.id)),
        q,
      );
      for (const r of withOriginal) {
        const o = originals.get(String(r.id));
        assert.ok(o, `${String(r.id)} has an original record`);
        assert.deepEqual(r.original, o.fields);
      }
      const json = JSON.parse(await exported('json', true, q)) as Record<string, unknown>[];
      assert.deepEqual(json, withOriginal);
    }
  });

  it('csv rows gain an `original` column with the record’s exact text (HXL #meta+record); geojson features carry it in their properties', async () => {
    const plain = parse(await exported('csv', false), { columns: true }) as Record<string, string>[];
    const text = await exported('csv', true, Q, true);
    const [header, hxl, ...rows] = parse(text) as string[][];
    assert.equal(header!.at(-1), 'original');
    assert.equal(hxl!.at(-1), '#meta+record');
    assert.equal(rows.length, plain.length);
    const originals = await originalsById(
      plain.map((r) => r.id!),
      Q,
    );
    rows.forEach((r, i) => {
      assert.deepEqual(Object.fromEntries(header!.slice(0, -1).map((h, j) => [h, r[j]])), plain[i]);
      // A record whose text starts like a formula would be escaped as every cell is; these do not.
      assert.equal(r.at(-1), originals.get(plain[i]!.id!)!.text);
    });
    const geo = JSON.parse(await exported('geojson', true)) as {
      features: { id: string; properties: Record<string, unknown> }[];
    };
    assert.equal(geo.features.length, plain.length);
    for (const f of geo.features) assert.deepEqual(f.properties.original, originals.get(f.id)!.fields);
  });

  it("every row names its file (sha256) and record, and the source's district: an independent read of the bundled files finds that record", async () => {
    // The bundled files, hashed and parsed here (csv-parse, whole), by sha256: record k is row k (header 0).
    const files = new Map<string, string[][]>();
    for (const f of [
      'data/ucdp-ged/conflict_data_pak.csv',
      'data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv',
      'data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv',
    ]) {
      const bytes = readFileSync(f);
      files.set(
        createHash('sha256').update(bytes).digest('hex'),
        parse(bytes, { bom: true, relax_column_count: true }),
      );
    }
    for (const q of [Q, Q26]) {
      const rows = (await exported('ndjson', false, q))
        .trimEnd()
        .split('\n')
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      const districts = new Set<unknown>();
      for (const r of rows) {
        const records = files.get(String(r.file_sha256));
        assert.ok(records, `${String(r.id)}: file ${String(r.file_sha256)} is a bundled file`);
        const header = records[0]!;
        const rec = records[Number(r.record_no)]!;
        assert.equal(`${String(r.source)}:${rec[header.indexOf('id')]}`, r.id);
        assert.equal(r.admin2, rec[header.indexOf('adm_2')]!.trim() || null);
        districts.add(r.admin2);
      }
      assert.ok(districts.size > 5, `${districts.size} source districts`);
      // The csv export carries the same three columns, last.
      const [header, ...csv] = parse(await exported('csv', false, q)) as string[][];
      assert.deepEqual(header!.slice(-3), ['admin2', 'file_sha256', 'record_no']);
      assert.deepEqual(
        csv.map((c) => c.slice(-3)),
        rows.map((r) => [String(r.admin2 ?? ''), String(r.file_sha256), String(r.record_no)]),
      );
    }
  });

  it('refuses xlsx and parquet with the original records, in one line', async () => {
    for (const format of ['xlsx', 'parquet'] as const)
      await assert.rejects(
        exported(format, true),
        /^InvalidInputError: invalid format "\w+" with original records/,
      );
  });

  it('over HTTP: the JSON page and the csv export carry them; parquet with original=true is a 400', async () => {
    const page = (await (
      await api.get('/api/v1/events?country=PAK&from=2021-06-01&to=2021-06-30&limit=5&original=true')
    ).json()) as { events: { id: string; original: unknown }[] };
    assert.equal(page.events.length, 5);
    for (const e of page.events) {
      const detail = (await (await api.get(`/api/v1/events/${encodeURIComponent(e.id)}`)).json()) as {
        event: { original: unknown };
      };
      assert.deepEqual(e.original, detail.event.original);
    }
    const csv = await (
      await api.get('/api/v1/events?country=PAK&from=2021-06-01&to=2021-06-30&format=csv&original=true')
    ).text();
    assert.equal((parse(csv) as string[][])[0]!.at(-1), 'original');
    const bad = await api.get('/api/v1/events?country=PAK&format=parquet&original=true');
    assert.equal(bad.status, 400);
    assert.match(await api.errorOf(bad), /^invalid format parquet with original=true/);
  });

  it('the CLI: --original on an export, and a one-line error with the table', async () => {
    const env = { ...process.env, FAULTLINE_DB: await bundledStoreCopy() };
    const ok = await runProgram(env, [
      'events',
      '--country',
      'PAK',
      '--from',
      '2021-06-01',
      '--to',
      '2021-06-30',
      '--format',
      'ndjson',
      '--original',
    ]);
    assert.equal(ok.status, 0, ok.stderr);
    const lines = ok.stdout.trimEnd().split('\n');
    assert.ok(lines.length > 5);
    for (const l of lines) assert.equal(typeof (JSON.parse(l) as { original: unknown }).original, 'object');
    const bad = await runProgram(env, ['events', '--country', 'PAK', '--original']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /invalid --original with --format "table": it applies to exports/);
  });
});
