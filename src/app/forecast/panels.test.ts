import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { createStore } from '../../storage/index.ts';
import { DATA_DIR } from '../bundled-data.ts';
import { buildGedPanels, readGedEvents } from '../../analytics/forecast/ged-panel.ts';
import { monthRange } from '../../analytics/forecast/months.ts';
import { buildPanel } from './panels.ts';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import { ADMIN1_UNITS } from '../../geo/index.ts';
import { forecastFromStore, forecastWithSkill } from './run-forecast.ts';
import { viewsMonthId } from '../../analytics/forecast/views-layout.ts';
import { registerForecast } from '../../cli/commands/forecast.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { createEventPlacer } from '../geography.ts';
import { importFile } from '../import-dataset.ts';
import { querySeries } from '../analysis/series.ts';

const CANDIDATES = ['GEDEvent_v26_01_26_06_PAK_AFG.csv', 'GEDEvent_v26_0_7_PAK_AFG.csv'];

/**
 * Pakistan's best-estimate deaths per month of 2026 from the raw Candidate files (a later file's row
 * replaces an earlier one with the same id); a row of date_prec 5 is spread evenly, in whole deaths,
 * over the months from its date_start to its date_end.
 */
function rawCandidateDeaths(): Map<string, number> {
  const byId = new Map<string, Record<string, string>>();
  for (const f of CANDIDATES)
    for (const r of parse(readFileSync(`${DATA_DIR}ucdp-candidate/${f}`), { columns: true }) as Record<
      string,
      string
    >[])
      byId.set(r.id!, r);
  const out = new Map<string, number>();
  for (const r of byId.values()) {
    if (r.country !== 'Pakistan') continue;
    const [first, last] = [r.date_start!.slice(0, 7), r.date_end!.slice(0, 7)];
    const months = r.date_prec === '5' ? monthRange(first, last) : [first];
    // Whole deaths, the extra ones spaced from the first month: 1 death over March and April is March's.
    const upTo = (k: number) => Math.ceil((k * Number(r.best)) / months.length);
    months.forEach((m, k) => out.set(m, (out.get(m) ?? 0) + upTo(k + 1) - upTo(k)));
  }
  return out;
}

describe('forecast panels from whichever UCDP source covers each month (issue 16)', () => {
  const store = useBundledStore();

  it('takes final GED where a release covers the month, Candidate after it, and leaves 2022-2025 missing, not zero', async () => {
    const b = await buildPanel(store(), { country: 'PAK', level: 'country', metric: 'fatalities' });
    assert.equal(b.last, '2026-07');
    assert.deepEqual(
      b.restsOn.map((r) => [r.source, r.from, r.to]),
      [
        ['ucdp-ged', '1989-01', '2021-12'],
        ['ucdp-candidate', '2026-01', '2026-07'],
      ],
    );
    assert.deepEqual(b.missing, [{ from: '2022-01', to: '2025-12' }]);
    const s = b.panel[0]!;
    const at = (m: string) => s.values[s.months.indexOf(m)]!;
    for (const m of ['2022-01', '2023-06', '2025-12']) assert.ok(Number.isNaN(at(m)), m);
    const raw = rawCandidateDeaths();
    for (const m of ['2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07'])
      assert.equal(at(m), raw.get(m) ?? 0, m);
  });

  it('spreads the records dated only to a year over the months of their span, and says how many in its notes (before: left out)', async () => {
    const ged = (
      parse(readFileSync(`${DATA_DIR}ucdp-ged/conflict_data_pak.csv`), {
        columns: true,
        bom: true,
      }) as Record<string, string>[]
    ).filter((r) => /^\d$/.test(r.date_prec ?? ''));
    const coarse = ged.filter((r) => r.date_prec === '5');
    const deaths = coarse.reduce((a, r) => a + Number(r.best), 0);
    assert.deepEqual([coarse.length, deaths], [10, 2247]);
    const b = await buildPanel(store(), { country: 'PAK', level: 'country', metric: 'fatalities' });
    const note = b.notes.find((n) => n.startsWith('the history spreads'));
    assert.ok(note, b.notes.join('\n'));
    assert.ok(
      note.endsWith(
        `: ucdp-ged ${coarse.length} events (${deaths.toLocaleString('en-US')} deaths, best estimate) starting 1994-01 to 2013-01; ucdp-candidate 5 events (3 deaths, best estimate) starting 2026-02 to 2026-05`,
      ),
      note,
    );
    assert.match(
      note,
      /evenly over the months of their span \(deaths \/ months in each, in whole numbers, not all in the start month;/,
    );
    // Each month of 2009 holds its own events and a twelfth of the TTP's total for the year (1,428
    // deaths): not all of it in January, and not none of it.
    const own = (m: string) =>
      ged
        .filter((r) => r.date_prec !== '5' && r.date_start!.startsWith(m))
        .reduce((a, r) => a + Number(r.best), 0);
    const s = b.panel[0]!;
    for (const m of ['2009-01', '2009-07', '2009-12'])
      assert.equal(s.values[s.months.indexOf(m)], own(m) + 1428 / 12, m);
    const events = await buildPanel(store(), { country: 'PAK', level: 'admin1', metric: 'events' });
    assert.ok(
      events.notes.some((n) =>
        n.endsWith(
          ': ucdp-ged 10 events starting 1994-01 to 2013-01; ucdp-candidate 5 events starting 2026-02 to 2026-05',
        ),
      ),
      events.notes.join('\n'),
    );
  });

  it("equals ged-panel.ts's panel (the bench's) month by month, deaths and events, at country level and in the coarse records' provinces", async () => {
    const rows = await readGedEvents();
    for (const metric of ['fatalities', 'events'] as const) {
      const ged = buildGedPanels(rows, metric);
      for (const level of ['country', 'admin1'] as const) {
        const live = await buildPanel(store(), { country: 'PAK', level, metric });
        const off: string[] = [];
        for (const g of level === 'country' ? ged.country : ged.admin1) {
          const l = live.panel.find((x) => x.unit === g.unit)!;
          g.months.forEach((m, i) => {
            const v = l.values[l.months.indexOf(m)]!;
            if (v !== g.values[i]) off.push(`${g.unit} ${m} ${v} ${g.values[i]}`);
          });
        }
        if (level === 'country') assert.deepEqual(off, [], `${metric}: every month of 1989-2021`);
        // The store places an event by its point, GED by its adm_1 label, so a few province-months
        // differ; none of them is a month a coarse record of a province (Sindh, Punjab, ex-FATA) spreads to.
        else
          assert.deepEqual(
            off.filter((x) => /^PK-SD (1997-0[2-6]|2013-0[12])|^PK-PB 1997-0[78]/.test(x)),
            [],
            `${metric}: ${off.length} province-months differ`,
          );
      }
    }
  });

  it('refuses a province panel for a country without bundled provinces, saying so (not "invalid panel: no series")', async () => {
    await assert.rejects(buildPanel(store(), { country: 'IND', level: 'admin1', metric: 'fatalities' }), {
      message:
        'no province boundaries for IND: faultline places events in provinces of AFG and PAK only, so IND has no province forecast (use --level country, API level=country)',
    });
  });

  it('forecasts the months after July 2026 and says which months it rests on', async () => {
    const f = await forecastFromStore(store(), {
      country: 'PAK',
      level: 'country',
      methods: ['nbar-mix'],
      draws: 100,
      horizons: 3,
    });
    assert.equal(f.origin, '2026-07');
    assert.deepEqual(
      f.forecasts.map((x) => x.month),
      ['2026-08', '2026-09', '2026-10'],
    );
    assert.deepEqual(
      f.rests_on.map((r) => r.source),
      ['ucdp-ged', 'ucdp-candidate'],
    );
  });

  // `faultline forecast --level country --draws 40 --seed 7` as JSON and as text, read by the next two
  // tests: run once for both (each ran the same two commands).
  let country40: Promise<Record<'json' | 'text', Awaited<ReturnType<typeof runCli>>>> | undefined;
  const countryForecast = () =>
    (country40 ??= (async () => {
      const args = ['forecast', '--level', 'country', '--draws', '40', '--seed', '7'];
      const json = await runCli(store(), [registerForecast], [...args, '--format', 'json']);
      return { json, text: await runCli(store(), [registerForecast], args) };
    })());

  it('shows its skill with bootstrap intervals around it, the same in JSON and in the CLI text', async () => {
    const { json, text } = await countryForecast();
    assert.equal(json.error, undefined);
    const s = (JSON.parse(json.out) as Awaited<ReturnType<typeof forecastWithSkill>>).skill!;
    const iv = s.intervals;
    assert.equal(iv.level, 0.9);
    // Seven December origins, each scoring its next 12 months: 84 target months, blocks of 12.
    assert.deepEqual([iv.months, iv.block_months, iv.resamples], [84, 12, 2000]);
    // Each interval holds its full-sample value; a bootstrap of 84 months is not a point.
    const coverage = s.methods['nbar-mix']!.coverage90;
    for (const [x, v] of [
      [iv.crps_ratio, s.crps_ratio],
      [iv.ign_diff, s.ign_diff],
      [iv.coverage90, coverage],
    ] as const)
      assert.ok(x.lo <= v && v <= x.hi && x.lo < x.hi, `${JSON.stringify(x)} around ${v}`);
    assert.ok(iv.coverage90.lo >= 0 && iv.coverage90.hi <= 1);
    // Interval ends with the point's 3 decimals: an end of 1.005 never reads as 1.
    const r = (x: { lo: number; hi: number }) => `${x.lo.toFixed(3)} to ${x.hi.toFixed(3)}`;
    assert.ok(
      text.out.includes(
        `90% intervals (block bootstrap over 84 target months, blocks of 12): crps_ratio ${r(iv.crps_ratio)}, ign_diff ${r(iv.ign_diff)}, 90% coverage ${r(iv.coverage90)}`,
      ),
      text.out,
    );
  });

  it('states the backtest coverage of the 50% band it shows (q25-q75) beside the 90% one, in JSON and in the CLI text', async () => {
    const { json, text } = await countryForecast();
    const f = JSON.parse(json.out) as Awaited<ReturnType<typeof forecastWithSkill>>;
    const s = f.skill!;
    // Every month of 2015-2021 had deaths in Pakistan: the zero baseline's bands (all 0) hold none.
    assert.equal(s.methods.zero!.coverage50, 0);
    const m = s.methods['nbar-mix']!;
    // A 50% band inside the 90% interval never covers more often than it.
    assert.ok(m.coverage50 > 0 && m.coverage50 <= m.coverage90, JSON.stringify(m));
    assert.ok(f.forecasts.every((x) => x.q05 <= x.q25 && x.q25 <= x.q75 && x.q75 <= x.q95));
    assert.ok(
      text.out.includes(
        `90% coverage ${m.coverage90.toFixed(3)} (q05-q95), 50% coverage ${m.coverage50.toFixed(3)} (q25-q75)`,
      ),
      text.out,
    );
  });

  it('says that its skill never met the gap before its origin, and says nothing of it on a history without one', async () => {
    const f = await forecastWithSkill(store(), { level: 'country', draws: 40, seed: 7 });
    assert.match(
      f.notes[0]!,
      /^the skill was measured at backtest origins whose 12 months up to the origin were all covered, but 5 of the 12 months up to this forecast's origin 2026-07 are missing \(the end of 2022-01 to 2025-12,/,
    );
    const ged = await forecastWithSkill(store(), {
      level: 'country',
      source: 'ucdp-ged',
      draws: 40,
      seed: 7,
    });
    assert.equal(ged.origin, '2021-12');
    assert.deepEqual(
      ged.notes.filter((n) => n.startsWith('the skill was measured')),
      [],
    );
  });

  it('forecasts Afghanistan from its Candidate months, and says no backtest can score it', async () => {
    const f = await forecastWithSkill(store(), { country: 'AFG', level: 'country', draws: 100, horizons: 2 });
    assert.equal(f.origin, '2026-07');
    assert.deepEqual(
      f.forecasts.map((x) => x.month),
      ['2026-08', '2026-09'],
    );
    assert.equal(f.skill, null);
    assert.match(f.skill_note!, /^skill unknown: no test origin .* for AFG/);
    assert.deepEqual(
      { method: f.calibration.method, alpha: f.calibration.alpha, origins: f.calibration.origins },
      { method: 'none', alpha: null, origins: [] },
    );
    assert.match(f.counts, /ucdp-candidate .*2026-01 to 2026-07; not covered, so missing \(not zero\)/);
    // Uncovered months are null in the JSON answer, never 0.
    const observed = JSON.parse(JSON.stringify(f.observed))[0];
    assert.equal(observed.values[observed.months.indexOf('2025-12')], null);
  });

  it('exports every draw in the ViEWS challenge layout: month_id from January 1980 = 1, the country_id given, draw, outcome', async () => {
    assert.deepEqual(['1980-01', '1980-12', '2026-08'].map(viewsMonthId), [1, 12, 560]);
    const args = ['forecast', '--level', 'country', '--format', 'views', '--draws', '50'];
    const r = await runCli(store(), [registerForecast], [...args, '--views-country-id', '134']);
    assert.equal(r.error, undefined);
    const lines = r.out.trim().split('\n');
    assert.equal(lines[0], 'month_id,country_id,draw,outcome');
    assert.equal(lines.length, 1 + 12 * 50);
    const rows = lines.slice(1).map((l) => l.split(',').map(Number));
    assert.deepEqual(
      [...new Set(rows.map((x) => x[0]))],
      [560, 561, 562, 563, 564, 565, 566, 567, 568, 569, 570, 571],
    );
    assert.ok(
      rows.every((x) => x[1] === 134 && x[2]! >= 0 && x[2]! < 50 && Number.isInteger(x[3]) && x[3]! >= 0),
    );
    // The same draws as the forecast itself with the same seed.
    const f = await forecastFromStore(store(), {
      country: 'PAK',
      level: 'country',
      methods: ['nbar-mix'],
      draws: 50,
    });
    assert.deepEqual(
      rows.filter((x) => x[0] === 560).map((x) => x[3]),
      f.forecasts[0]!.draws,
    );
    assert.match(r.err, /12 unit-months x 50 draws of nbar-mix from origin 2026-07/);
    const bad = await runCli(
      store(),
      [registerForecast],
      [...args, '--level', 'admin1', '--views-country-id', '134'],
    );
    assert.match(String(bad.error), /--views-country-id needs --level country/);
  });

  it('pools across the border only when asked: Afghan provinces enter the estimation and the neighbour lag, only Pakistani units come out', async () => {
    const req = { country: 'PAK', level: 'admin1' as const, draws: 40, methods: ['nbar' as const] };
    const plain = await forecastFromStore(store(), req);
    const pooled = await forecastFromStore(store(), { ...req, acrossBorder: true });
    assert.deepEqual(
      [...new Set(pooled.forecasts.map((f) => f.unit))],
      [...new Set(plain.forecasts.map((f) => f.unit))],
    );
    assert.ok(pooled.forecasts.every((f) => f.unit.startsWith('PK-')));
    assert.notDeepEqual(
      pooled.forecasts.map((f) => f.mean),
      plain.forecasts.map((f) => f.mean),
    );
  });
});

describe('an admin-1 panel counts an event in the province it is placed in, as series does', () => {
  it("leaves out an event placed in no province of its country (other_country), which it counted in its label's", async () => {
    // GED 57680 (the Torkham crossing, PAK, labelled FATA, August 2009) with its point moved to
    // Jalalabad, 50 km inside Afghanistan (**synthetic**, in a file named so): placed in no province.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-panel-placed-'));
    const { header, rows } = gedRows();
    const at = (n: string) => header.indexOf(n);
    const row = rows.find((r) => r[at('id')] === '57680')!;
    row[at('latitude')] = '34.4342';
    row[at('longitude')] = '70.4478';
    const file = join(dir, 'ged-22.1-torkham-row-moved-to-jalalabad_synthetic.csv');
    writeFileSync(file, [header, row].map(csvLine).join('\n') + '\n');
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    const own = await createStore({ path: ':memory:' });
    try {
      const place = await createEventPlacer(own);
      await importFile(own, file, { version: '22.1', place, link: false, alerts: false });
      const q = { country: 'PAK', level: 'admin1', metric: 'events', source: 'ucdp-ged' } as const;
      const b = await buildPanel(own, q);
      // Before, PK-KP held it in 2009-08 (its label's province) while series gave it none.
      const inProvinces = b.panel.reduce((n, u) => n + u.values.reduce((m, v) => m + (v || 0), 0), 0);
      assert.deepEqual([inProvinces, b.droppedEvents], [0, 1]);
      const series = await querySeries(own, {
        filter: { country: ['PAK'], from: '2009-01-01', to: '2009-12-31' },
        interval: 'month',
        groupBy: 'admin1',
        metrics: ['events'],
      });
      assert.deepEqual(
        series.points.filter((p) => Number(p.events) > 0).map((p) => [p.group, p.events]),
        [[null, 1]],
      );
      assert.equal((await buildPanel(own, { ...q, level: 'country' })).droppedEvents, 0);
      // A store placed before the own-country rule: the event as that rule stored it, in the point's
      // Afghan province (GED 57680's real point, 3.7 km inside Afghanistan). The panel, as series,
      // counts it in no Pakistani province, and its note says why and how to place it again.
      // The store holds this one event.
      const {
        rows: [input],
      } = await own.queryEvents({ country: ['PAK'], limit: 1 });
      const old = place({ ...input!, lat: 34.2, lon: 71.1 });
      await own.updatePlacements([
        { ...old, id: input!.id, admin1Code: 'AF-NAN', admin1Name: 'Nangarhar', geoMethod: 'disagree' },
      ]);
      const stale = await buildPanel(own, q);
      assert.equal(stale.droppedEvents, 1);
      assert.deepEqual(
        stale.notes.filter((n) => /another country's province/.test(n)),
        [
          "1 PAK event in the history is placed in another country's province (AF-NAN), as the store was placed before an event's province was kept in its own country: the panel, as `series --by admin1`, counts it in no PAK province until `faultline geo refresh` places it again (docs/geography.md)",
        ],
      );
    } finally {
      await own.close();
    }
  });
});

describe('a province panel with one province quiet', () => {
  it('says "1 of N provinces has no event in the history and is forecast as units of zeros" (it read "have", "are")', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      const units = ADMIN1_UNITS.filter((u) => u.country === 'PAK').map((u) => u.code);
      const [silent, ...loud] = units;
      await addStagedEvents(store, [
        ...loud.map((code, i) => stagedEvent(String(i + 1), { admin1Code: code })),
        // The last day of March too, so that a source covers the whole month.
        stagedEvent('0', { admin1Code: loud[0], dateStart: '2021-03-31', dateEnd: '2021-03-31' }),
      ]);
      const b = await buildPanel(store, { country: 'PAK', level: 'admin1', metric: 'events' });
      const note = b.notes.find((n) => n.includes('no event in the history'));
      assert.equal(
        note,
        `1 of ${units.length} provinces has no event in the history and is forecast as units of zeros where a source covers the month: ${silent}`,
      );
    } finally {
      await store.close();
    }
  });
});
