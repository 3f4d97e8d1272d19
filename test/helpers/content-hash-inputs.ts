/**
 * The files whose stored content hashes are pinned by test/fixtures/content-hashes-before-h216.csv
 * (see test/fixtures/README.md): real rows of the bundled GED file as they are, the same rows as the
 * UCDP API gives them, and real or synthetic rows of each delimited format with one field at a time
 * replaced by the mapper-parity probes, so that every value rule (trimming, numbers, dates, lists,
 * flags) feeds a stored hash. Written into `dir` at run time, the same bytes every time.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import Papa from 'papaparse';
import type { ImportOptions } from '../../src/app/import-dataset.ts';
import { GED_FILE, gedRows } from './ged-rows.ts';
import { PROBES } from './mapper-parity.ts';
import { ucdpApiRecords } from './ucdp-api-records.ts';

const ACLED = new URL(
  '../../src/ingest/acled/fixtures/acled_2024-01-01-2024-03-31_synthetic.csv',
  import.meta.url,
).pathname;
const INCIDENTS = new URL('../../src/ingest/csv-mapped/fixtures/incidents_synthetic.csv', import.meta.url)
  .pathname;

/** More values: spaces JavaScript trims around real text, lists, and texts only a trim empties. */
const MORE = ['\u2003Bannu\u3000', ' a; b;;c ', '\ufeff', 'x\u00a0', '"a";"b"', '"a" ; "b";"c"'];

/** One input: its name in the fixture, its path, how it is imported. */
export interface HashInput {
  name: string;
  path: string;
  opts: ImportOptions;
}

/** `rows` (after the header) with each of `fields` in turn set to each probe, row ids made distinct by `id`. */
function probed(
  header: readonly string[],
  rows: readonly string[][],
  fields: readonly string[],
  id: (row: string[], n: number) => void,
): string[][] {
  const out: string[][] = [];
  let n = 0;
  for (const f of fields)
    for (const probe of [...PROBES, ...MORE]) {
      const r = [...rows[n % rows.length]!];
      id(r, n);
      r[header.indexOf(f)] = probe;
      out.push(r);
      n++;
    }
  return out;
}

/** Writes every input into `dir`. */
export function hashInputs(dir: string): HashInput[] {
  const write = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const ged = gedRows();
  const acled = Papa.parse<string[]>(readFileSync(ACLED, 'utf8'), { skipEmptyLines: true }).data;
  const incidents = Papa.parse<string[]>(readFileSync(INCIDENTS, 'utf8'), { skipEmptyLines: true }).data;
  const unparse = (rows: string[][]) => Papa.unparse(rows, { newline: '\n' }) + '\n';
  // A synthetic log with a column for every field a mapping fills, from the incidents fixture's rows.
  const logHeader = [
    ...incidents[0]!,
    'day_end',
    'precision',
    'kind',
    'killed_low',
    'killed_high',
    'title',
    'links',
  ];
  const logRows = incidents
    .slice(1)
    .map((r, i) => [
      ...r.slice(0, 10),
      r[10] === 'several' ? '3' : r[10]!,
      ...r.slice(11),
      '',
      String(i),
      'IED',
      '1',
      '9',
      `SYNTHETIC title ${i}`,
      'https://example.org/a; https://example.org/b',
    ]);
  const mapping = write(
    'full-log-synthetic.mapping.yaml',
    [
      'dataset: full-log',
      'version: "2023-06"',
      'exact_geo_precision: 2',
      'columns:',
      ...[
        ['source_id', 'incident_no'],
        ['date_start', 'day'],
        ['date_end', 'day_end'],
        ['admin1', 'province'],
        ['admin2', 'district'],
        ['place', 'town'],
        ['lat', 'lat'],
        ['lon', 'lng'],
        ['geo_precision', 'precision'],
        ['type', 'category'],
        ['subtype', 'kind'],
        ['actor1', 'perpetrator'],
        ['actor2', 'victims'],
        ['fatalities_best', 'killed'],
        ['fatalities_low', 'killed_low'],
        ['fatalities_high', 'killed_high'],
        ['deaths_civilians', 'civilians_killed'],
        ['headline', 'title'],
        ['notes', 'summary'],
        ['source_articles', 'links'],
      ].map(([f, c]) => `  ${f}: "${c}"`),
      'constants:',
      '  country: PAK',
      'type_map:',
      '  Bombing: remote-violence',
      '  "Armed attack": battle',
    ].join('\n') + '\n',
  );
  const opts = { link: false, alerts: false } as const;
  return [
    {
      // The bundled file's first 300 lines byte for byte (its HXL row and multi-line fields with them).
      name: 'ged-first-300-lines',
      path: write(
        'ged-first-300-lines.csv',
        readFileSync(GED_FILE, 'utf8').split('\n').slice(0, 300).join('\n') + '\n',
      ),
      opts: { ...opts, format: 'ucdp-ged', version: '22.1' },
    },
    {
      name: 'ged-probes',
      path: write(
        'ged-probes.csv',
        unparse([
          ged.header,
          ...probed(
            ged.header,
            ged.rows.slice(300, 700),
            [
              'latitude',
              'longitude',
              'where_prec',
              'best',
              'low',
              'deaths_a',
              'date_start',
              'date_end',
              'side_a',
              'adm_1',
              'where_coordinates',
              'source_article',
              'code_status',
              'date_prec',
            ],
            () => {},
          ),
        ]),
      ),
      opts: { ...opts, format: 'ucdp-ged', version: '22.1' },
    },
    {
      name: 'ged-api-first-120',
      path: write(
        'ucdp-ged-22.1-2026-12-03.ndjson',
        ucdpApiRecords(GED_FILE)
          .slice(0, 120)
          .map((r) => JSON.stringify(r) + '\n')
          .join(''),
      ),
      opts: { ...opts },
    },
    {
      name: 'acled-probes-synthetic',
      path: write(
        'acled-probes-synthetic.csv',
        unparse([
          acled[0]!,
          ...probed(
            acled[0]!,
            acled.slice(1),
            [
              'latitude',
              'longitude',
              'geo_precision',
              'fatalities',
              'time_precision',
              'event_date',
              'actor1',
              'assoc_actor_1',
              'admin1',
              'location',
              'source',
              'event_type',
              'country',
            ],
            (r, n) => {
              r[0] = `${r[0]}-${n}`;
            },
          ),
        ]),
      ),
      opts: { ...opts, format: 'acled-csv', version: '1.0' },
    },
    {
      name: 'csv-mapped-probes-synthetic',
      path: write(
        'full-log-probes-synthetic.csv',
        unparse([
          logHeader,
          ...probed(
            logHeader,
            logRows,
            [
              'day',
              'day_end',
              'lat',
              'lng',
              'precision',
              'killed',
              'killed_low',
              'civilians_killed',
              'perpetrator',
              'province',
              'town',
              'category',
              'links',
            ],
            (r, n) => {
              r[0] = `${r[0]}/${n}`;
            },
          ),
        ]),
      ),
      opts: { ...opts, mapping },
    },
  ];
}
