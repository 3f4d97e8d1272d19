import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { COUNTRY_BOTTOM_UP, ENSEMBLE_WEIGHTS } from '../../analytics/forecast/ensemble-weights.ts';
import { forecast } from '../../analytics/forecast/forecast.ts';
import { PAK_PROVINCE_NEIGHBOURS } from '../../analytics/forecast/ged-panel.ts';
import { NBAR_DEFAULTS } from '../../analytics/forecast/model-nbar.ts';
import { historyUpTo, isObserved } from '../../analytics/forecast/panel.ts';
import { bottomUpMethod, remainderParts } from '../../analytics/forecast/bottom-up.ts';
import { methodByName } from '../../analytics/forecast/methods.ts';
import { addMonths } from '../../analytics/forecast/months.ts';
import { ADMIN1_UNITS } from '../../geo/index.ts';
import { liveForecast, MIN_RECENT_OBSERVED, recentNote, recentWindow } from './live-model.ts';
import { buildPanel } from './panels.ts';
import { forecastFromStore, forecastWithSkill } from './run-forecast.ts';

describe('the live model: NBAR only where it can be fitted, recent windows in calendar months', () => {
  const store = useBundledStore();

  it('leaves NBAR out of a six-month Candidate history, so no draw runs past the largest observed month, and says so', async () => {
    const req = { country: 'PAK', level: 'country' as const, source: 'ucdp-candidate', draws: 200 };
    const b = await buildPanel(store(), { ...req, metric: 'fatalities' });
    const most = Math.max(...b.panel[0]!.values.filter(isObserved));
    // The live model's nbar-mix as forecastWithSkill runs it (200 draws, the default seed).
    const live = {
      origin: b.last,
      horizons: 12,
      draws: 200,
      seed: 20261124,
      methods: ['nbar-mix' as const],
      nbar: NBAR_DEFAULTS,
    };
    // The country's own pool (the live model without its bottom-up option).
    const own = liveForecast(b.panel, { ...live, ensemble: ENSEMBLE_WEIGHTS.country });
    assert.ok(
      own.notes.some((n) =>
        /^NBAR is left out of the ensemble: 6 training rows for its 7 parameters/.test(n),
      ),
      own.notes.join('\n'),
    );
    // Without NBAR every draw is a baseline's: an observed month or 0 (NBAR's ran into 3 x the largest).
    const seen = new Set([0, ...b.panel[0]!.values.filter(isObserved)]);
    assert.ok(own.forecasts.every((x) => x.draws.every((d) => seen.has(d))));
    assert.ok(
      own.forecasts.every((x) => x.quantiles.q95 <= most),
      `largest observed ${most}`,
    );
    // As shipped (COUNTRY_BOTTOM_UP not adopted since 2026-12-06: it failed the rule it was adopted
    // by on the panel that spreads records dated only to a year), the country is forecast from its
    // own pool: the store's forecast is that pool's, draw for draw, and says why NBAR is left out.
    assert.equal(COUNTRY_BOTTOM_UP.adopted, false, 'the country pool is shipped (docs/forecasting.md)');
    const f = await forecastWithSkill(store(), req);
    assert.ok(
      f.notes.some((n) => /^NBAR is left out of the ensemble: 6 training rows for its 7 parameters/.test(n)),
      f.notes.join('\n'),
    );
    assert.ok(!f.notes.some((n) => /bottom up/.test(n)), f.notes.join('\n'));
    const r = await forecastFromStore(store(), { ...req, methods: ['nbar-mix'] });
    assert.deepEqual(
      r.forecasts.map((x) => x.draws),
      own.forecasts.map((x) => x.draws),
    );
  });

  it('gives the same draws as the backtested model on a gap-free GED history, at both levels', async () => {
    for (const level of ['country', 'admin1'] as const) {
      const b = await buildPanel(store(), {
        country: 'PAK',
        level,
        metric: 'fatalities',
        source: 'ucdp-ged',
      });
      const o = {
        origin: b.last,
        horizons: 12,
        draws: 60,
        seed: 7,
        neighbours: level === 'admin1' ? PAK_PROVINCE_NEIGHBOURS : undefined,
        nbar: NBAR_DEFAULTS,
        ensemble: ENSEMBLE_WEIGHTS[level],
      };
      const live = liveForecast(b.panel, { ...o, methods: ['nbar-mix', 'conflictology', 'bootstrap'] });
      const shipped = forecast(b.panel, { ...o, method: ['nbar-mix', 'conflictology', 'bootstrap'] });
      assert.deepEqual(live.notes, [], level);
      assert.deepEqual(
        live.forecasts.map((x) => x.draws),
        shipped.map((x) => x.draws),
        level,
      );
    }
    // As shipped at country level: bottom up, the same draws as the backtest's bottom-up method.
    const c = await buildPanel(store(), {
      country: 'PAK',
      level: 'country',
      metric: 'fatalities',
      source: 'ucdp-ged',
    });
    const p = await buildPanel(store(), {
      country: 'PAK',
      level: 'admin1',
      metric: 'fatalities',
      source: 'ucdp-ged',
      first: c.panel[0]!.months[0],
    });
    const parts = remainderParts(c.panel[0]!, p.panel);
    const shares = ENSEMBLE_WEIGHTS.admin1;
    const live = liveForecast(c.panel, {
      origin: c.last,
      horizons: 12,
      draws: 60,
      seed: 7,
      nbar: NBAR_DEFAULTS,
      ensemble: ENSEMBLE_WEIGHTS.country,
      methods: ['nbar-mix'],
      bottomUp: { parts, neighbours: PAK_PROVINCE_NEIGHBOURS, ensemble: shares },
    });
    const method = bottomUpMethod({
      parts,
      neighbours: PAK_PROVINCE_NEIGHBOURS,
      method: methodByName('nbar-mix', NBAR_DEFAULTS, undefined, shares),
    });
    const backtested = method({
      history: historyUpTo(c.panel, c.last),
      origin: c.last,
      horizons: 12,
      draws: 60,
      seed: 7,
    });
    assert.deepEqual(live.notes, []);
    assert.deepEqual(
      live.forecasts.map((x) => [x.unit, x.month, x.draws]),
      backtested.map((x) => [x.unit, x.month, x.draws]),
    );
  });

  it('resamples the 12 calendar months up to the origin, not 2021 months across the 2022-2025 gap', async () => {
    const b = await buildPanel(store(), { country: 'PAK', level: 'admin1', metric: 'fatalities' });
    const recent = (unit: string) => {
      const s = b.panel.find((x) => x.unit === unit)!;
      return s.values.filter((v, i) => s.months[i]! >= '2025-08' && isObserved(v));
    };
    const f = await forecastFromStore(store(), {
      country: 'PAK',
      level: 'admin1',
      draws: 300,
      methods: ['conflictology', 'bootstrap'],
    });
    const own = new Set(recent('PK-KP'));
    const pooled = new Set(b.panel.flatMap((s) => recent(s.unit)));
    for (const x of f.forecasts.filter((x) => x.unit === 'PK-KP' && x.method === 'conflictology'))
      assert.ok(
        x.draws.every((d) => own.has(d)),
        `${x.month}: ${x.draws.filter((d) => !own.has(d)).slice(0, 5)}`,
      );
    for (const x of f.forecasts.filter((x) => x.method === 'bootstrap'))
      assert.ok(x.draws.every((d) => pooled.has(d)));
    assert.ok(
      f.notes.some((n) => n.includes('the 7 observed months among the 12 calendar months up to the origin')),
    );
  });

  it('says one observed month in the window in the singular ("hold only 1 observed month", it read "months")', () => {
    const months = Array.from({ length: 20 }, (_, i) => addMonths('2020-10', i)); // 2020-10 … 2022-05
    // Observed: 2020-10 … 2021-03 and 2022-05 alone of the 12 calendar months up to 2022-05.
    const values = months.map((_, i) => (i < 6 || i === 19 ? i : NaN));
    assert.match(
      recentNote({ unit: 'X', months, values }, '2022-05')!,
      /^the 12 calendar months up to the origin \(2021-06 to 2022-05\) hold only 1 observed month, fewer than 6,/,
    );
  });

  it('falls back to the last six observed months when the 12 calendar months hold fewer', () => {
    const months = Array.from({ length: 20 }, (_, i) => addMonths('2020-10', i)); // 2020-10 … 2022-05
    // Observed: 2020-10 … 2021-03 and 2022-03 … 2022-05 (3 of the 12 calendar months up to 2022-05).
    const values = months.map((_, i) => (i < 6 || i >= 17 ? i : NaN));
    const w = recentWindow({ unit: 'X', months, values }, '2022-05');
    assert.equal(w.fallback, true);
    assert.equal(w.kept.length, MIN_RECENT_OBSERVED);
    assert.deepEqual(w.kept, ['2021-01', '2021-02', '2021-03', '2022-03', '2022-04', '2022-05']);
    // Six observed months inside the window are enough: nothing from before it.
    const six = months.map((_, i) => (i < 6 || i >= 14 ? i : NaN));
    assert.deepEqual(recentWindow({ unit: 'X', months, values: six }, '2022-05'), {
      kept: months.slice(14),
      fallback: false,
    });
  });

  it('forecasts every province of Afghanistan, those without events as zeros, and names them', async () => {
    const f = await forecastFromStore(store(), {
      country: 'AFG',
      draws: 20,
      horizons: 1,
      methods: ['nbar-mix'],
    });
    const provinces = ADMIN1_UNITS.filter((u) => u.country === 'AFG')
      .map((u) => u.code)
      .sort();
    assert.deepEqual([...new Set(f.forecasts.map((x) => x.unit))].sort(), provinces);
    const quiet = f.notes.find((n) => /provinces? (have|has) no event in the history/.test(n));
    assert.ok(quiet?.includes('AF-HEL'), f.notes.join('\n'));
    const hel = f.forecasts.find((x) => x.unit === 'AF-HEL')!;
    assert.ok(hel.draws.every((d) => d === 0));
  });

  it('has no event placed across the border to note: a point just across the line is placed in its own country (border_snap), as the panel counts it', async () => {
    // Candidate 620664 at the Torkham crossing (3.7 km inside Afghanistan's outline) was placed in
    // AF-NAN, so the panel (by its label, PK-KP) and `series --by admin1` differed by a note's count.
    const f = await forecastFromStore(store(), { country: 'PAK', draws: 20, horizons: 1, methods: ['zero'] });
    assert.deepEqual(
      f.notes.filter((n) => /another country's province/.test(n)),
      [],
    );
  });

  it('across the border: the skill is said to be the single-country model’s, and spec records the options', async () => {
    const f = await forecastWithSkill(store(), {
      country: 'PAK',
      level: 'admin1',
      draws: 20,
      acrossBorder: true,
    });
    assert.equal(f.spec.across_border, true);
    assert.deepEqual([f.spec.relations, f.spec.actor_groups], [false, []]);
    assert.ok(f.skill);
    assert.match(f.skill_note!, /^the skill is the single-country model's, not the model shown/);
    // Quantiles carry no float noise (17.10000000000005): at most 3 decimals.
    for (const x of f.forecasts)
      for (const q of [x.q05, x.q25, x.q50, x.q75, x.q95])
        assert.ok((String(q).split('.')[1] ?? '').length <= 3, String(q));
  });
});
