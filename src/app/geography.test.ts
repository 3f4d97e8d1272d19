import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { BUNDLED_FILES } from './bundled-data.ts';
import { createEventPlacer, importBoundaries } from './geography.ts';
import { importFile } from './import-dataset.ts';

describe('events placed at import', () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    const place = await createEventPlacer(store);
    await importFile(store, BUNDLED_FILES[0]!, { place });
  });

  it('GED Pakistan 2021 by canonical province: KP incl. ex-FATA 118 events / 247 deaths, Balochistan 62 / 184', async () => {
    const rows = await store.select<{ code: string; n: number; d: number }>(
      `SELECT label_admin1_code AS code, CAST(count(*) AS INTEGER) AS n, CAST(sum(fatalities_best) AS INTEGER) AS d
       FROM events WHERE year(date_start) = 2021 GROUP BY 1`,
    );
    const by = Object.fromEntries(rows.map((r) => [r.code, [r.n, r.d]]));
    assert.deepEqual(by['PK-KP'], [118, 247]);
    assert.deepEqual(by['PK-BA'], [62, 184]);
  });

  it('every stored event carries its method, and exact ones a border distance and H3 cells', async () => {
    const [r] = await store.select<{ missing: number; exact_without: number }>(
      `SELECT CAST(count(*) FILTER (WHERE geo_method IS NULL) AS INTEGER) AS missing,
              CAST(count(*) FILTER (WHERE geo_exact AND (border_km IS NULL OR h3_fine IS NULL)) AS INTEGER) AS exact_without FROM events`,
    );
    assert.deepEqual(r, { missing: 0, exact_without: 0 });
  });

  it('point and label agree for at least 99.5% of precise GED events, and disagreements keep both codes', async () => {
    const [r] = await store.select<{ both: number; agree: number; bad: number }>(
      `SELECT CAST(count(*) FILTER (WHERE geo_method IN ('agree', 'disagree')) AS INTEGER) AS both,
              CAST(count(*) FILTER (WHERE geo_method = 'agree') AS INTEGER) AS agree,
              CAST(count(*) FILTER (WHERE geo_method = 'disagree' AND (point_admin1_code IS NULL OR label_admin1_code IS NULL OR point_admin1_code = label_admin1_code)) AS INTEGER) AS bad
       FROM events`,
    );
    assert.ok(r!.agree / r!.both >= 0.995, `agreement ${r!.agree}/${r!.both}`);
    assert.equal(r!.bad, 0);
  });

  it("a Pakistani district set added by the user places that country's exact events on it", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bnd-'));
    const file = join(dir, 'pak-districts.geojson');
    // A synthetic "district" box around Peshawar (71.4-71.7 E, 33.9-34.15 N), standing in for OCHA COD-AB.
    const ring = [
      [71.4, 33.9],
      [71.7, 33.9],
      [71.7, 34.15],
      [71.4, 34.15],
      [71.4, 33.9],
    ];
    writeFileSync(
      file,
      JSON.stringify({
        type: 'FeatureCollection',
        features: [
          {
            type: 'Feature',
            properties: { ADM2_EN: 'Peshawar', ADM2_PCODE: 'PK401' },
            geometry: { type: 'Polygon', coordinates: [ring] },
          },
        ],
      }),
    );
    const r = await importBoundaries(store, file, {
      level: 'admin2',
      country: 'PAK',
      nameProperty: 'ADM2_EN',
      codeProperty: 'ADM2_PCODE',
    });
    assert.equal(r.units, 1);
    const [c] = await store.select<{ inside: number; insideNamed: number; farNamed: number }>(
      `SELECT CAST(count(*) FILTER (WHERE geo_exact AND lon BETWEEN 71.4 AND 71.7 AND lat BETWEEN 33.9 AND 34.15) AS INTEGER) AS inside,
              CAST(count(*) FILTER (WHERE geo_exact AND lon BETWEEN 71.4 AND 71.7 AND lat BETWEEN 33.9 AND 34.15 AND admin2_name = 'Peshawar' AND admin2_code = 'PK401') AS INTEGER) AS "insideNamed",
              CAST(count(*) FILTER (WHERE admin2_name = 'Peshawar' AND NOT (lon BETWEEN 71.37 AND 71.73 AND lat BETWEEN 33.87 AND 34.18)) AS INTEGER) AS "farNamed" FROM events`,
    );
    assert.ok(c!.inside > 0);
    assert.equal(c!.insideNamed, c!.inside, 'every exact event inside the district gets it');
    assert.equal(c!.farNamed, 0, 'no event more than ~3 km outside it does');
    const again = await importBoundaries(store, file, {
      level: 'admin2',
      country: 'PAK',
      nameProperty: 'ADM2_EN',
      codeProperty: 'ADM2_PCODE',
    });
    assert.equal(again.id, r.id, 'the same file is stored once');
  });

  it('a boundary file that is not GeoJSON is refused with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bnd-'));
    const file = join(dir, 'bad.geojson');
    writeFileSync(file, '{"type":"FeatureCollection","features":[]}');
    await assert.rejects(
      importBoundaries(store, file, { level: 'admin2', country: 'PAK', nameProperty: 'x' }),
      /^InvalidInputError: invalid boundary file: /,
    );
  });
});
