// test-run: alone, about 6 s (places the bundled data)
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { readFileSync } from 'node:fs';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { createPlacer } from '../geo/index.ts';
import { createEventPlacer, importBoundaries, replaceEvents } from './geography.ts';
import { compareQuery } from './analysis/compare.ts';
import { indexQuery } from './analysis/conflict-index.ts';
import { querySeries } from './analysis/series.ts';
import { unplacedDistricts } from './unplaced-districts.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { gedStoreCopy } from '../../test/helpers/bundled-store.ts';
import { closeDiscarded } from '../../test/helpers/discard-store.ts';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { addStagedEvents } from '../../test/helpers/synthetic-events.ts';
import { stagedEvent } from '../storage/store.case.ts';
import { importFile } from './import-dataset.ts';
import { registerGeo } from '../cli/commands/geo.ts';
import { registerEvents } from '../cli/commands/events.ts';
import { exitCodeFor } from '../cli/fail.ts';
import { createApi } from '../api/server.ts';

const GED = new URL('../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url);
const CENSUS = new URL('../../data/pakistan-districts-2023/district_counts.csv', import.meta.url);

/** GED 2021 events and best deaths per province label, read straight from the CSV (the HXL row skipped). */
function gedProvinceTotals2021(): Record<string, [number, number]> {
  const rows = (parse(readFileSync(GED), { columns: true }) as Record<string, string>[]).slice(1);
  const out: Record<string, [number, number]> = {};
  const code = (adm1: string) =>
    /Khyber|Federally Administered/.test(adm1) ? 'PK-KP' : adm1.startsWith('Balochistan') ? 'PK-BA' : null;
  for (const r of rows) {
    const c = r.year === '2021' ? code(r.adm_1!) : null;
    if (c === null) continue;
    const t = (out[c] ??= [0, 0]);
    t[0]++;
    t[1] += Number(r.best);
  }
  return out;
}

/** 2023 census population of a province, summed from the district rows. */
function censusPopulation(province: string): number {
  const rows: Record<string, string>[] = parse(readFileSync(CENSUS), { columns: true });
  return rows.filter((r) => r.province_code === province).reduce((n, r) => n + Number(r.pop_total), 0);
}

describe('events placed at import', () => {
  let store: DuckDBStore;
  before(async () => {
    // The bundled GED file (BUNDLED_FILES[0]) imported with a placer: a copy of the run's one store of it.
    store = await DuckDBStore.open(await gedStoreCopy({ placed: true }));
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

  it('Pakistan 2021 events per 2023 district add up to the province totals counted from the CSV (KP 118 / 247, Balochistan 62 / 184)', async () => {
    const independent = gedProvinceTotals2021();
    assert.deepEqual(independent['PK-KP'], [118, 247]);
    assert.deepEqual(independent['PK-BA'], [62, 184]);
    for (const province of ['PK-KP', 'PK-BA']) {
      const r = await querySeries(store, {
        filter: { admin1: [province], from: '2021-01-01', to: '2021-12-31' },
        interval: 'year',
        groupBy: 'admin2',
        metrics: ['events', 'fatalities_best'],
      });
      const placed = r.points.filter((p) => p.group !== null);
      assert.ok(placed.length >= 10, `${province}: ${placed.length} districts`);
      const prefix = province === 'PK-KP' ? 'kp_' : 'ba_';
      assert.deepEqual(
        placed.filter((p) => !String(p.group).startsWith(prefix)),
        [],
        'every district is in its province',
      );
      const sum = (key: string) => placed.reduce((n, p) => n + Number(p[key] ?? 0), 0);
      assert.deepEqual([sum('events'), sum('fatalities_best')], independent[province], province);
      assert.equal(r.points.length, placed.length, `${province}: no event is left without a district`);
    }
  });

  it("an event's district lies in its province (a point the two boundary sets place in different provinces takes no district of the other)", async () => {
    const [{ n }] = (await store.select<{ n: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n FROM events
       WHERE country = 'PAK' AND admin2_code IS NOT NULL AND admin1_code LIKE 'PK-%'
         AND upper(split_part(admin2_code, '_', 1)) <> split_part(admin1_code, '-', 2)`,
    )) as [{ n: number }];
    assert.equal(n, 0);
  });

  it('a split by district lists every district of the provinces named, those without events as zeros', async () => {
    const { pakistanDistricts } = await import('../geo/pakistan-districts.ts');
    const kp = pakistanDistricts()
      .units.filter((u) => u.parentCode === 'PK-KP')
      .map((u) => u.code)
      .sort();
    assert.equal(kp.length, 35);
    const r = await querySeries(store, {
      filter: { admin1: ['PK-KP'], from: '2021-01-01', to: '2021-12-31' },
      interval: 'year',
      groupBy: 'admin2',
      metrics: ['events'],
    });
    const groups = r.points.map((p) => p.group).filter((g) => g !== null);
    assert.deepEqual([...new Set(groups)].sort(), kp);
    const quiet = r.points.filter((p) => p.events === 0);
    assert.ok(quiet.length > 0 && quiet.every((p) => typeof p.group_label === 'string' && p.group_label));
    assert.ok(
      r.meta.notes.includes(
        `${quiet.length} districts of the filter's provinces without events are listed: zeros where a loaded source covers them, empty where none does`,
      ),
      r.meta.notes.join(' | '),
    );
    // Split by province for Afghanistan, which GED 22.1 does not cover: every province, none a zero.
    const afg = await querySeries(store, {
      filter: { country: ['AFG'], from: '2021-01-01', to: '2021-12-31' },
      interval: 'year',
      groupBy: 'admin1',
      metrics: ['events'],
    });
    const provinces = afg.points.filter((p) => p.group !== null);
    assert.equal(provinces.length, 34);
    assert.ok(
      provinces.every((p) => p.events === null),
      'not covered: empty, not zero',
    );
  });

  it('lists the events whose point lies in another district than their label names, grouped, as geo disagreements --level admin2 prints them', async () => {
    // Read once, through the command (it prints districtDisagreements' answer as JSON).
    const cli = await runCli(
      store,
      [registerGeo],
      ['geo', 'disagreements', '--level', 'admin2', '--format', 'json'],
    );
    const r = JSON.parse(cli.out) as Awaited<
      ReturnType<(typeof import('./district-disagreements.ts'))['districtDisagreements']>
    >;
    assert.ok(r.groups.every((g) => g.label_admin2_code !== g.admin2_code && g.events > 0));
    assert.equal(
      r.groups.reduce((n, g) => n + g.events, 0),
      r.events,
    );
    // GED's North Waziristan label on points in Bannu: counted in Bannu, and listed here.
    const [{ n }] = (await store.select<{ n: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE admin2_label = 'North Waziristan' AND admin2_code = 'kp_bannu'`,
    )) as [{ n: number }];
    assert.ok(n > 0);
    assert.equal(
      r.groups.find((g) => g.admin2_label === 'North Waziristan' && g.admin2_code === 'kp_bannu')?.events,
      n,
    );
    const bad = await runCli(store, [registerGeo], ['geo', 'disagreements', '--level', 'admin3']);
    assert.equal((bad.error as Error).message, 'invalid level: "admin3" (use admin1 or admin2)');
  });

  it('refuses a district outside every province the filter names (nothing could match: not a true zero)', async () => {
    const { checkFilter } = await import('./filters.ts');
    await assert.rejects(checkFilter(store, { admin1: ['PK-BA'], admin2: ['Peshawar'] }), {
      message: `invalid admin2: "Peshawar" lies in PK-KP, not in "PK-BA" (the filter's admin1), so nothing can match; change one of them`,
    });
    const ok = { admin1: ['PK-KP', 'PK-BA'], admin2: ['Peshawar'] };
    assert.deepEqual(await checkFilter(store, ok), ok);
  });

  it('refuses a district no 2023 unit holds (AJK) outside the provinces the filter names, by the provinces its events lie in', async () => {
    const { checkFilter } = await import('./filters.ts');
    const message = `invalid admin2: "Muzaffarabad" lies in PK-JK, not in "PK-KP" (the filter's admin1), so nothing can match; change one of them`;
    await assert.rejects(checkFilter(store, { admin1: ['PK-KP'], admin2: ['Muzaffarabad'] }), { message });
    // By the province's name too, quoted as given.
    await assert.rejects(checkFilter(store, { admin1: ['Khyber Pakhtunkhwa'], admin2: ['muzaffarabad'] }), {
      message: `invalid admin2: "muzaffarabad" lies in PK-JK, not in "Khyber Pakhtunkhwa" (the filter's admin1), so nothing can match; change one of them`,
    });
    for (const admin1 of [['PK-JK'], ['PK-KP', 'PK-JK'], ['Azad Jammu & Kashmir']]) {
      const ok = { admin1, admin2: ['Muzaffarabad'] };
      assert.deepEqual(await checkFilter(store, ok), ok);
      assert.ok((await store.countEvents(ok)) > 0, JSON.stringify(ok));
    }
    // The CLI (exit 2) and the API (400) refuse it with the same line, not "0 events, a true zero".
    const cli = await runCli(
      store,
      [registerEvents],
      ['events', '--admin1', 'PK-KP', '--admin2', 'Muzaffarabad'],
    );
    assert.deepEqual([String((cli.error as Error).message), exitCodeFor(cli.error)], [message, 2]);
    const res = await createApi({ store }).app.request('/api/v1/events?admin1=PK-KP&admin2=Muzaffarabad');
    assert.deepEqual(
      [res.status, ((await res.json()) as { error: { message: string } }).error.message],
      [400, message],
    );
  });

  it('a district filter counts an event in the district it is placed in, never also in the one its label names', async () => {
    // Events whose label names one 2023 district while their point lies in another (North Waziristan's label, Bannu's point).
    const moved = await store.select<{ label: string; n: number }>(
      `SELECT admin2_label AS label, CAST(count(*) AS INTEGER) AS n FROM events
       WHERE admin2_name IS NOT NULL AND lower(admin2_label) <> lower(admin2_name)
         AND lower(admin2_label) IN (SELECT lower(admin2_name) FROM events WHERE admin2_name IS NOT NULL)
       GROUP BY 1 ORDER BY 2 DESC, 1`,
    );
    assert.ok(moved.length > 0, 'the bundled data hold such events');
    const total = async (admin2: string[]) => {
      const r = await querySeries(store, { filter: { admin2 }, interval: 'year', metrics: ['events'] });
      return r.points.reduce((n, p) => n + Number(p.events ?? 0), 0);
    };
    for (const { label } of moved.slice(0, 3)) {
      const [{ code }] = (await store.select<{ code: string }>(
        `SELECT any_value(admin2_code) AS code FROM events WHERE lower(admin2_name) = lower(?)`,
        [label],
      )) as [{ code: string }];
      assert.equal(await total([label]), await total([code]), `${label} by name and by code ${code}`);
    }
  });

  it('district labels resolve through the crosswalk, and event answers carry admin2_code beside admin1_code', async () => {
    const place = createPlacer();
    const byLabel = (admin1Label: string, admin2Label: string) =>
      place({ country: 'PAK', lat: null, lon: null, exact: false, admin1Label, admin2Label });
    assert.equal(byLabel('Balochistan province', 'Bolan district').admin2Code, 'ba_kachhi');
    assert.equal(byLabel('Federally Administered Tribal Areas', 'FR Tank - Jandola').admin2Code, 'kp_tank');
    assert.equal(
      byLabel('Khyber Pakhtunkwa province', 'Chitral district').admin2Code,
      null,
      'split district',
    );
    assert.equal(byLabel('Punjab province', 'Peshawar district').admin2Code, null, 'another province');
    const page = await store.queryEvents({ admin2: ['kp_north_waziristan'], limit: 1 });
    const { eventSummary } = await import('./event-view.ts');
    const e = eventSummary(page.rows[0]!);
    assert.deepEqual(
      [e.admin1_code, e.admin2_code, e.admin2_name],
      ['PK-KP', 'kp_north_waziristan', 'North Waziristan'],
    );
  });

  it('what could not be placed is listed with a reason (AJK and Gilgit-Baltistan have no census districts)', async () => {
    const r = await unplacedDistricts(store);
    const [{ n }] = (await store.select<{ n: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE country = 'PAK' AND admin2_code IS NULL`,
    )) as [{ n: number }];
    assert.equal(r.events, n);
    assert.equal(
      r.groups.reduce((k, g) => k + g.events, 0),
      n,
    );
    const kotli = r.groups.find((g) => g.admin2_label === 'Kotli district' && g.admin1_code === 'PK-JK');
    assert.match(kotli!.reason, /^no district boundaries or census units for PK-JK/);
  });

  it('the note on rates per 100,000 says what each counts: a month of a monthly series, the period of the index, never annualised', async () => {
    const census =
      'rates per 100,000 people use Pakistan Bureau of Statistics, Census 2023 (table 1), year 2023';
    const monthly = await querySeries(store, {
      filter: { from: '2021-01-01', to: '2021-03-31', admin1: ['PK-KP'] },
      interval: 'month',
      metrics: ['events'],
      per100k: true,
    });
    assert.ok(
      monthly.meta.notes.includes(
        `${census} (1 unit): each is a month's count per 100,000 people, not annualised`,
      ),
      monthly.meta.notes.join(' | '),
    );
    // The census is of 2023, after the period: a rate of 2021 divides by 2023's population, and says so.
    assert.ok(
      monthly.meta.notes.includes(
        "population figures of another year than the period (2021-01-01 to 2021-03-31): Pakistan Bureau of Statistics, Census 2023 (table 1) (2023), 1 unit; a rate divides by the population of that year, not the period's",
      ),
      monthly.meta.notes.join(' | '),
    );
    const of2023 = await querySeries(store, {
      filter: { from: '2023-01-01', to: '2023-12-31', admin1: ['PK-KP'] },
      interval: 'year',
      metrics: ['events'],
      per100k: true,
    });
    assert.ok(!of2023.meta.notes.some((n) => n.startsWith('population figures of another year')));
    const index = await indexQuery(store, { from: '2021-01-01', to: '2021-12-31', country: ['PAK'] });
    assert.ok(
      index.meta.notes.some((n) =>
        n.endsWith(
          ": each is the unit's count from 2021-01-01 to 2021-12-31 per 100,000 people, not annualised",
        ),
      ),
      index.meta.notes.join(' | '),
    );
  });

  it('rates per 100,000 for KP and Balochistan 2021 equal deaths over the 2023 census population', async () => {
    const independent = gedProvinceTotals2021();
    for (const [province, census] of [
      ['PK-KP', 'KP'],
      ['PK-BA', 'BA'],
    ] as const) {
      const people = censusPopulation(census);
      const expected = (n: number) => (n / people) * 1e5;
      const r = await querySeries(store, {
        filter: { from: '2021-01-01', to: '2021-12-31', country: ['PAK'] },
        interval: 'year',
        groupBy: 'admin1',
        metrics: ['events', 'fatalities_best'],
        per100k: true,
      });
      const point = r.points.find((p) => p.group === province)!;
      assert.equal(point.population, people);
      assert.equal(point.fatalities_best_per_100k, expected(independent[province]![1]));
      assert.equal(point.events_per_100k, expected(independent[province]![0]));
      assert.ok(
        r.meta.notes.some((n) => /Census 2023.*year 2023/.test(n)),
        r.meta.notes.join(' | '),
      );
      const index = await indexQuery(store, { from: '2021-01-01', to: '2021-12-31' });
      const row = index.units.find((u) => u.admin1_code === province)!;
      assert.equal(row.events_per_100k, expected(independent[province]![0]));
    }
    const c = await compareQuery(store, {
      kind: 'places',
      level: 'admin1',
      place1: 'PK-KP',
      place2: 'PK-BA',
      metric: 'fatalities_best',
      filter: { from: '2021-01-01', to: '2021-12-31' },
    });
    assert.equal(c.comparison.rate2_per_100k, (184 / censusPopulation('BA')) * 1e5);
    // Per day the two provinces are compared as they are; per person Balochistan's 184 deaths among
    // 14.9 million weigh against KP's 247 among 40.9 million.
    const perPerson = 184 / censusPopulation('BA') / (247 / censusPopulation('KP'));
    assert.ok(
      Math.abs(c.comparison.rate_ratio_per_person! - perPerson) < 1e-9,
      `${c.comparison.rate_ratio_per_person}`,
    );
    assert.ok(Math.abs(c.comparison.rate_ratio! - 184 / 247) < 1e-9);
    assert.ok(c.comparison.ci_low_per_person! < perPerson && perPerson < c.comparison.ci_high_per_person!);
    assert.ok(
      c.meta.notes.some((n) =>
        n.startsWith('rate_ratio compares the places per covered day, not per person'),
      ),
    );
    const periods = await compareQuery(store, {
      kind: 'periods',
      period1: '2020',
      period2: '2021',
      metric: 'events',
      filter: { admin1: ['PK-KP'] },
    });
    assert.equal(
      periods.comparison.rate_ratio_per_person,
      null,
      'one place: rate_ratio is already per person',
    );
  });

  it('says a rate needs one place when the filter names several and the series is not split by them', async () => {
    const r = await querySeries(store, {
      filter: { from: '2021-01-01', to: '2021-12-31', admin1: ['PK-KP', 'PK-BA'] },
      interval: 'year',
      metrics: ['events'],
      per100k: true,
    });
    assert.equal(r.points[0]!.events_per_100k, null);
    assert.ok(
      r.meta.notes.includes(
        'every rate is null: a rate is per place, and the filter names 2 provinces (split with --by admin1 (API: by) for a rate each)',
      ),
      r.meta.notes.join(' | '),
    );
  });

  it('a border filter says how many events it could not judge (no distance, or a range across the zone) instead of dropping them silently', async () => {
    const [{ n }] = (await store.select<{ n: number }>(
      `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE country = 'PAK' AND year(date_start) = 2021
         AND (border_km_high IS NULL OR (border_km_low <= 50 AND border_km_high > 50))`,
    )) as [{ n: number }];
    assert.ok(n > 0);
    const r = await querySeries(store, {
      filter: { country: ['PAK'], from: '2021-01-01', to: '2021-12-31', borderZone: true },
      interval: 'year',
      metrics: ['events'],
    });
    assert.equal(r.meta.border_unjudged, n);
    assert.ok(
      r.meta.notes.includes(
        // (One event in the bundled data: the note says "1 event ... it is left out".)
        `${n} ${n === 1 ? 'event' : 'events'} matching the other filters could not be judged against the border zone (no border distance, or a range across the limit, e.g. placed only by province): ${n === 1 ? 'it is' : 'they are'} left out`,
      ),
      r.meta.notes.join(' | '),
    );
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
    assert.ok(r.changed > 0 && r.changed <= r.replaced, JSON.stringify(r));
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
    // The CLI says the same for scripts.
    const cliImport = await runCli(
      store,
      [registerGeo],
      [
        'boundaries',
        'import',
        file,
        '--country',
        'PAK',
        '--name-property',
        'ADM2_EN',
        '--code-property',
        'ADM2_PCODE',
        '--format',
        'json',
      ],
    );
    // Placed again on the same set, no event's placement changes: nothing is written.
    assert.equal(again.changed, 0);
    assert.deepEqual(JSON.parse(cliImport.out), { id: r.id, units: 1, replaced: again.replaced, changed: 0 });
    const listed = JSON.parse(
      (await runCli(store, [registerGeo], ['boundaries', 'list', '--format', 'json'])).out,
    );
    assert.deepEqual(
      listed.map((b: { id: number; units: number; sha256: string }) => [b.id, b.units, b.sha256.length]),
      [[r.id, 1, 64]],
    );
  });

  it('a boundary file that is not GeoJSON is refused with one line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bnd-'));
    // A missing file is named in one line, as import names one (not the stream's ENOENT).
    const missing = join(dir, 'districts.geojson');
    await assert.rejects(
      importBoundaries(store, missing, { level: 'admin2', country: 'PAK', nameProperty: 'x' }),
      { name: 'InvalidInputError', message: `no such file: "${missing}"` },
    );
    const file = join(dir, 'bad.geojson');
    writeFileSync(file, '{"type":"FeatureCollection","features":[]}');
    await assert.rejects(
      importBoundaries(store, file, { level: 'admin2', country: 'PAK', nameProperty: 'x' }),
      /^InvalidInputError: invalid boundary file: /,
    );
  });
});

describe('events placed again by geo refresh', () => {
  it('places two events alike but dated either side of the FATA merger apart: a bare agency name is a pre-merger label only before it', async () => {
    const one = await DuckDBStore.open(':memory:');
    try {
      // Synthetic: the same point (Parachinar) and labels, "Kurram" a bare agency name, two years apart.
      const at = {
        country: 'PAK',
        lat: 33.9,
        lon: 70.1,
        admin1Label: 'Khyber Pakhtunkhwa',
        admin2Label: 'Kurram',
      };
      await addStagedEvents(one, [
        stagedEvent('1', { ...at, dateStart: '2017-06-01', dateEnd: '2017-06-01' }),
        stagedEvent('2', { ...at, dateStart: '2019-06-01', dateEnd: '2019-06-01' }),
      ]);
      assert.deepEqual(await replaceEvents(one, await createEventPlacer(one)), { placed: 2, changed: 2 });
      const rows = await one.select<{ id: string; pre: boolean; a1: string }>(
        `SELECT id, pre_merger_label AS pre, admin1_code AS a1 FROM events ORDER BY date_start`,
      );
      assert.deepEqual(
        rows.map((e) => [e.id, e.pre, e.a1]),
        [
          ['ucdp-ged:1', true, 'PK-KP'],
          ['ucdp-ged:2', false, 'PK-KP'],
        ],
      );
    } finally {
      await one.close();
    }
  });

  it("places the GED crossings and passes whose point lies just inside Afghanistan in Khyber Pakhtunkhwa, in events and in the rollups' split by province", async () => {
    // The bundled GED file imported without placement, then placed as `faultline geo refresh` places it.
    const own = await DuckDBStore.open(await gedStoreCopy({ placed: false }));
    try {
      // Each distinct placement key placed once (far fewer than the events), the count heard as it goes.
      const counts: [number, number][] = [];
      const placer = await createEventPlacer(own);
      const first = await replaceEvents(own, placer, undefined, (n, of) => counts.push([n, of]));
      const keys = counts.at(-1)![1];
      assert.deepEqual(counts.at(-1), [keys, keys]);
      assert.ok(keys > 100 && keys < 6416 / 2, String(keys));
      // Every event placed; those whose placement is not the unplaced store's empty one are written.
      const [{ n }] = await own.select<{ n: number }>(
        `SELECT CAST(count(*) AS INTEGER) AS n FROM events WHERE admin1_code IS NOT NULL OR geo_method IS NOT NULL`,
      );
      assert.deepEqual(first, { placed: 6416, changed: n });
      assert.ok(n > 6000, String(n));
      // Placed again as they now are: nothing is written.
      assert.deepEqual(await replaceEvents(own, placer), { placed: 6416, changed: 0 });
      // Placed by key, every event holds what placing it alone gives (the placement depends on the
      // date only through PLACEMENT_DATE_BREAKS).
      const { rows: all } = await own.queryEvents({ limit: 100_000 });
      assert.equal(all.length, 6416);
      const alone = all.filter((e) => {
        const geo = placer(e);
        return Object.keys(geo).some((k) => geo[k as keyof typeof geo] !== e[k as keyof typeof e]);
      });
      assert.deepEqual(
        alone.map((e) => e.id),
        [],
      );
      const rows = await own.select<{ id: string; a1: string; p1: string; m: string; a2: string }>(
        `SELECT id, admin1_code AS a1, point_admin1_code AS p1, geo_method AS m, admin2_name AS a2 FROM events
         WHERE id IN ('ucdp-ged:57680', 'ucdp-ged:58751', 'ucdp-ged:60623', 'ucdp-ged:153107') ORDER BY id`,
      );
      assert.deepEqual(
        rows.map((r) => [r.id, r.a1, r.p1, r.m, r.a2]),
        [
          ['ucdp-ged:153107', 'PK-KP', 'AF-KNR', 'border_snap', 'Bajaur'],
          ['ucdp-ged:57680', 'PK-KP', 'AF-NAN', 'border_snap', 'Khyber'],
          ['ucdp-ged:58751', 'PK-KP', 'AF-KNR', 'border_snap', 'Bajaur'],
          ['ucdp-ged:60623', 'PK-KP', 'AF-KNR', 'border_snap', 'Bajaur'],
        ],
      );
      // GED's Pakistan file holds no province of Afghanistan any more, in any read.
      const r = await querySeries(own, {
        filter: { from: '1989-01-01', to: '2021-12-31' },
        interval: 'year',
        groupBy: 'admin1',
        metrics: ['events'],
      });
      assert.deepEqual(
        [...new Set(r.points.map((p) => p.group))].filter((g) => g !== null && !String(g).startsWith('PK-')),
        [],
      );
      const summary = JSON.parse(
        (await runCli(own, [registerGeo], ['geo', 'summary', '--format', 'json'])).out,
      ) as { country: string; geo_method: string; events: number; snapped: number }[];
      assert.deepEqual(
        summary.filter((s) => s.geo_method === 'border_snap'),
        [{ country: 'PAK', geo_method: 'border_snap', events: 4, snapped: 4 }],
      );
    } finally {
      await closeDiscarded(own); // the copy is thrown away (discard-store.ts)
    }
  });
});

/**
 * Writes GED rows 55573 (Mand town, Kech) and 373472 (Bhimber town, Azad Kashmir) of the bundled
 * file with their country changed to Iran and India (**synthetic**: the bundled files hold only
 * Pakistani and Afghan rows, and a global GED or ACLED file holds such records), in a file named so.
 */
function otherCountryRows(dir: string): string {
  const { header, rows } = gedRows();
  const at = (n: string) => header.indexOf(n);
  const as = (id: string, country: string, iso3: string, countryId: string) => {
    const r = rows.find((x) => x[at('id')] === id)!;
    r[at('country')] = country;
    r[at('iso3')] = iso3;
    r[at('country_id')] = countryId;
    return r;
  };
  const path = join(dir, 'ged-22.1-pak-rows-as-iran-and-india_synthetic.csv');
  const out = [header, as('55573', 'Iran', 'IRN', '630'), as('373472', 'India', 'IND', '750')];
  writeFileSync(path, out.map(csvLine).join('\n') + '\n');
  return path;
}

describe('events of a country without bundled provinces', () => {
  it("a point in a Pakistani province gives no province to an Iranian or Indian event (other_country), counted in geo summary, listed by geo disagreements and in no province's totals", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-other-country-'));
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    const own = await DuckDBStore.open(':memory:');
    try {
      const place = await createEventPlacer(own);
      await importFile(own, otherCountryRows(dir), { version: '22.1', place, link: false, alerts: false });
      const rows = await own.select<{ id: string; c: string; a1: string | null; p1: string; m: string }>(
        `SELECT id, country AS c, admin1_code AS a1, point_admin1_code AS p1, geo_method AS m FROM events ORDER BY id`,
      );
      // Before, the Iranian event counted in Balochistan's totals and the Indian one in Azad Kashmir's.
      assert.deepEqual(
        rows.map((r) => [r.id, r.c, r.a1, r.p1, r.m]),
        [
          ['ucdp-ged:373472', 'IND', null, 'PK-JK', 'other_country'],
          ['ucdp-ged:55573', 'IRN', null, 'PK-BA', 'other_country'],
        ],
      );
      const r = await querySeries(own, {
        filter: { from: '1989-01-01', to: '2021-12-31' },
        interval: 'year',
        groupBy: 'admin1',
        metrics: ['events'],
      });
      assert.deepEqual(
        [...new Set(r.points.filter((p) => Number(p.events) > 0).map((p) => p.group))],
        [null],
      );
      const summary = JSON.parse(
        (await runCli(own, [registerGeo], ['geo', 'summary', '--format', 'json'])).out,
      ) as { country: string; geo_method: string; events: number; snapped: number }[];
      assert.deepEqual(summary, [
        { country: 'IND', geo_method: 'other_country', events: 1, snapped: 0 },
        { country: 'IRN', geo_method: 'other_country', events: 1, snapped: 0 },
      ]);
      // Listed by geo disagreements with the province the point lies in (it listed disagree events only).
      const listed = JSON.parse(
        (
          await runCli(
            own,
            [registerGeo],
            ['geo', 'disagreements', '--method', 'other_country', '--format', 'json'],
          )
        ).out,
      ) as { placements: Record<string, unknown>[]; counts: Record<string, number> };
      assert.deepEqual(
        listed.placements.map((p) => [p.id, p.geo_method, p.point_admin1_code, p.admin1_code, p.snapped_km]),
        [
          ['ucdp-ged:373472', 'other_country', 'PK-JK', null, null],
          ['ucdp-ged:55573', 'other_country', 'PK-BA', null, null],
        ],
      );
      assert.deepEqual(listed.counts, { disagree: 0, border_snap: 0, other_country: 2 });
    } finally {
      await own.close();
    }
  });
});
