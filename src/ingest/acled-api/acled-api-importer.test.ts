import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Event } from '../../domain/event.ts';
import { fetchToNdjson } from '../fetch-to-file.ts';
import { readNdjson } from '../json/read-ndjson.ts';
import { acledApiFileName, acledApiFormat } from './acled-api-importer.ts';
import type { AcledReadPage } from './acled-api-schema.ts';

// SYNTHETIC records (see fixtures/README.md): ACLED rows may not be redistributed.
const fixture = JSON.parse(
  readFileSync(new URL('./fixtures/acled-read-synthetic.json', import.meta.url), 'utf8'),
) as AcledReadPage;

let dir: string;
let fileName: string;
const records: Record<string, string>[] = [];
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-acled-api-'));
  fileName = acledApiFileName('Pakistan', '2026-11-24');
  await fetchToNdjson([fixture.data], join(dir, fileName));
  for await (const item of readNdjson(join(dir, fileName)))
    if (item.kind === 'record') records.push(item.fields);
});
after(() => rm(dir, { recursive: true, force: true }));

function map(rec: Record<string, string>): Event {
  const m = acledApiFormat.map(rec, '2026-11-24');
  assert.equal(m.ok, true, JSON.stringify(m));
  return (m as { value: Event }).value;
}

describe('acledApiFormat', () => {
  it('maps the API records of a fetched file to events with ids, fatalities, dates and types', () => {
    const events = records.map(map);
    assert.deepEqual(
      events.map((e) => [
        e.id,
        e.dateStart,
        e.datePrecision,
        e.fatalitiesBest,
        e.fatalitiesLow,
        e.commonType,
        e.country,
        e.source,
      ]),
      [
        ['acled:PAK12345', '2024-03-01', 'day', 3, null, 'battle', 'PAK', 'acled'],
        ['acled:PAK12346', '2024-03-02', 'day', 0, null, 'remote-violence', 'PAK', 'acled'],
        ['acled:PAK12347', '2024-03-03', 'day', 2, null, 'violence-against-civilians', 'PAK', 'acled'],
        ['acled:PAK12348', '2024-03-04', 'day', 0, null, 'protest', 'PAK', 'acled'],
        ['acled:PAK12349', '2024-03-05', 'week', 0, null, 'strategic', 'PAK', 'acled'],
      ],
    );
    assert.deepEqual(
      events.map((e) => e.sourceVersion),
      Array(5).fill('2026-11-24'),
    );
    assert.deepEqual(
      [events[0]!.actor1, events[0]!.actor2, events[0]!.lat, events[0]!.lon],
      ['Military Forces of Pakistan (2018-)', 'TTP: Tehreek-i-Taliban Pakistan', 33.0006, 70.0716],
    );
  });

  it('maps a record whose numbers arrive as JSON numbers to the same event as when they arrive as strings', async () => {
    const asNumbers = {
      ...fixture.data[0],
      fatalities: 3,
      latitude: 33.0006,
      longitude: 70.0716,
      iso: 586,
      geo_precision: 1,
      time_precision: 1,
    };
    const path = join(dir, 'numbers.ndjson');
    await fetchToNdjson([[asNumbers]], path);
    for await (const item of readNdjson(path)) {
      assert.equal(item.kind, 'record');
      if (item.kind === 'record') assert.deepEqual(map(item.fields), map(records[0]!));
    }
  });

  it('detects ACLED records by their keys and not UCDP ones', () => {
    assert.ok(acledApiFormat.detect(Object.keys(records[0]!), fileName) > 0.9);
    assert.equal(
      acledApiFormat.detect(['id', 'type_of_violence', 'best', 'side_a', 'fatalities'], fileName),
      0,
    );
  });

  it('takes the download day at the end of the file name as the version', () => {
    assert.equal(fileName, 'acled-pakistan-2026-11-24.ndjson');
    assert.deepEqual(acledApiFormat.version(fileName), { version: '2026-11-24', inferred: false });
    assert.equal(acledApiFileName('', '2026-11-24'), 'acled-2026-11-24.ndjson');
  });
});
