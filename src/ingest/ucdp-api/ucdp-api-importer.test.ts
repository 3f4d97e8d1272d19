import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event } from '../../domain/event.ts';
import { readDelimited } from '../delimited/read-delimited.ts';
import { fetchToNdjson } from '../fetch-to-file.ts';
import { readNdjson } from '../json/read-ndjson.ts';
import { ucdpGedFormat } from '../ucdp-ged/ucdp-ged-importer.ts';
import {
  ucdpApiFileName,
  ucdpApiFileVersion,
  ucdpApiFormat,
  ucdpCandidateApiFormat,
  ucdpGedApiFormat,
} from './ucdp-api-importer.ts';
import type { UcdpPage } from './ucdp-api-schema.ts';

const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/gedevents-22.1-pak-page.json', import.meta.url), 'utf8'),
) as UcdpPage;
const CSV = new URL('../../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url).pathname;

let dir: string;
let path: string;
const records: Record<string, string>[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-ucdp-api-'));
  path = join(dir, ucdpApiFileName('ged', '22.1', '2026-11-24'));
  await fetchToNdjson([fixture.Result], path);
  for await (const item of readNdjson(path)) if (item.kind === 'record') records.push(item.fields);
});
after(() => rm(dir, { recursive: true, force: true }));

function mapped(format = ucdpGedApiFormat): Event[] {
  return records.map((rec) => {
    const m = format.map(rec, '22.1');
    assert.equal(m.ok, true, JSON.stringify(m));
    return (m as { value: Event }).value;
  });
}

describe('ucdpApiFormat', () => {
  it('maps the API records of a fetched file to GED events with ids, deaths and dates', () => {
    const events = mapped();
    assert.deepEqual(
      events.map((e) => [
        e.id,
        e.sourceType,
        e.dateStart,
        e.dateEnd,
        e.datePrecision,
        e.fatalitiesBest,
        e.fatalitiesLow,
        e.fatalitiesHigh,
        e.country,
      ]),
      [
        ['ucdp-ged:374523', 'one-sided', '2021-01-03', '2021-01-03', 'day', 11, 11, 11, 'PAK'],
        ['ucdp-ged:380881', 'state-based', '2021-01-14', '2021-01-14', 'day', 5, 5, 5, 'PAK'],
        ['ucdp-ged:394781', 'non-state', '2021-04-19', '2021-04-19', 'day', 1, 1, 1, 'PAK'],
        ['ucdp-ged:413129', 'state-based', '2021-08-29', '2021-08-29', 'day', 4, 2, 5, 'PAK'],
        ['ucdp-ged:413775', 'state-based', '2021-08-30', '2021-08-31', 'week', 11, 11, 11, 'PAK'],
      ],
    );
    assert.deepEqual(
      events.map((e) => e.sourceVersion),
      Array(5).fill('22.1'),
    );
  });

  it('maps each API record to the same event as the same row of the CSV release', async () => {
    const ids = new Set(records.map((r) => r.id));
    const header: string[] = [];
    const fromCsv = new Map<string, Event>();
    for await (const item of readDelimited(CSV)) {
      if (item.kind !== 'record') continue;
      if (!header.length) {
        header.push(...item.fields);
        continue;
      }
      const rec = Object.fromEntries(header.map((h, i) => [h, item.fields[i]!]));
      if (!ids.has(rec.id!)) continue;
      const m = ucdpGedFormat.map(rec, '22.1');
      if (m.ok === true) fromCsv.set(rec.id!, m.value);
    }
    assert.equal(fromCsv.size, 5);
    for (const event of mapped()) {
      // `original` differs by design: the CSV has HDX's iso3 and text dates, the API numbers and ISO date-times.
      assert.deepEqual(
        { ...event, original: null },
        { ...fromCsv.get(event.sourceId)!, original: null },
        `event ${event.sourceId}`,
      );
    }
  });

  it('keeps the values as text in the original record (numbers, booleans, null)', () => {
    const rec = records.find((r) => r.id === '394781')!;
    assert.equal(rec.active_year, 'false');
    assert.equal(rec.latitude, '34.016667');
    assert.equal(rec.gwnoa, '');
    assert.equal(rec.date_start, '2021-04-19T00:00:00');
  });

  it('records Candidate downloads under the ucdp-candidate source', () => {
    const [first] = mapped(ucdpCandidateApiFormat);
    assert.equal(first!.id, 'ucdp-candidate:374523');
    assert.equal(ucdpApiFormat('ucdp-candidate').source, 'ucdp-candidate');
  });

  it('detects UCDP records by their keys and prefers the dataset the file name says', () => {
    const keys = Object.keys(records[0]!);
    const ged = 'ucdp-ged-22.1-2026-11-24.ndjson';
    const candidate = 'ucdp-candidate-26.0.7-2026-11-24.ndjson';
    assert.ok(ucdpGedApiFormat.detect(keys, ged) > ucdpCandidateApiFormat.detect(keys, ged));
    assert.ok(ucdpCandidateApiFormat.detect(keys, candidate) > ucdpGedApiFormat.detect(keys, candidate));
    assert.ok(ucdpGedApiFormat.detect(keys, 'download.ndjson') > 0);
    assert.equal(
      ucdpGedApiFormat.detect(['event_id_cnty', 'event_date', 'event_type', 'fatalities'], ged),
      0,
    );
  });

  it('reads dataset and version from the file names the fetcher writes', () => {
    assert.equal(
      ucdpApiFileName('candidate', '26.0.7', '2026-11-24'),
      'ucdp-candidate-26.0.7-2026-11-24.ndjson',
    );
    assert.deepEqual(ucdpApiFileVersion('ucdp-ged-25.1-2026-11-24.ndjson'), {
      dataset: 'ged',
      version: '25.1',
    });
    assert.deepEqual(ucdpApiFileVersion('ucdp-candidate-26.0.7-2026-11-24.ndjson'), {
      dataset: 'candidate',
      version: '26.0.7',
    });
    assert.deepEqual(ucdpGedApiFormat.version('ucdp-ged-25.1-2026-11-24.ndjson'), {
      version: '25.1',
      inferred: false,
    });
    assert.equal(ucdpGedApiFormat.version('events.ndjson'), null);
  });
});
