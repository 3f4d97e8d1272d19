/**
 * Forecast benchmark on UCDP GED 22.1 Pakistan (fatalities, best) at country and province level,
 * with rolling origins every month: the ensemble's weights are tuned per horizon band on the
 * validation origins 1990-12 … 2013-12 (targets before 2015), then every method is scored on the
 * test origins 2014-12 … 2020-12 (targets 2015-01 … 2021-12), printing each model against every
 * baseline per horizon band. Results are kept in bench/out/forecast-<level>.json. `--tune` first
 * reruns the NBAR hyper-parameter search on the December validation origins.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { DYAD_INDEX_SOURCE } from '../src/ingest/dyad-index/dyad-index-schema.ts';
import { historyUpTo } from '../src/analytics/forecast/panel.ts';
import { recentLowMethod } from '../src/analytics/forecast/baselines.ts';
import {
  monthlyMeans,
  RELATIONS_PAIRS,
  relationsCovariateName,
  withRelations,
  type RelationsCovariate,
} from '../src/analytics/forecast/relations-covariate.ts';
import {
  MONTHLY_TEST_ORIGINS,
  MONTHLY_VALIDATION_ORIGINS,
  runBacktest,
  type BacktestResult,
} from '../src/analytics/forecast/backtest.ts';
import { bandOf, HORIZON_BANDS } from '../src/analytics/forecast/bands.ts';
import { betaTransformSorted } from '../src/analytics/forecast/beta-pool.ts';
import { poolDraws } from '../src/analytics/forecast/ensemble.ts';
import { quantileSorted, sortedCopy } from '../src/analytics/forecast/quantile.ts';
import {
  COUNTRY_BOTTOM_UP,
  ENSEMBLE_COMPONENTS,
  ENSEMBLE_WEIGHTS,
  ONLINE_CALIBRATION,
} from '../src/analytics/forecast/ensemble-weights.ts';
import {
  buildGedPanels,
  PAK_PROVINCE_NEIGHBOURS,
  readGedEvents,
} from '../src/analytics/forecast/ged-panel.ts';
import type { MethodName } from '../src/analytics/forecast/methods.ts';
import {
  fitNbar,
  MIN_COVERED_MONTHS,
  NBAR_DEFAULTS,
  type NbarOptions,
} from '../src/analytics/forecast/model-nbar.ts';
import {
  backtestTable,
  bandTable,
  horizonTable,
  skillIntervalTable,
  yearlySkillTable,
} from '../src/analytics/forecast/table.ts';
import {
  skillIntervals,
  yearlySkill,
  type SkillStatistic,
} from '../src/analytics/forecast/skill-intervals.ts';
import { onlinePass } from '../src/analytics/forecast/online-calibration.ts';
import { pooledRows } from '../src/analytics/forecast/online-holdout.ts';
import { scoreForecasts, type ScoreSummary } from '../src/analytics/forecast/scores.ts';
import {
  chooseShares,
  pooledScores,
  tuneEnsemble,
  type TunedEnsemble,
} from '../src/analytics/forecast/tune-ensemble.ts';
import { tuneMixWeight, tuneNbar, type TuneLevel } from '../src/analytics/forecast/tune.ts';
import type { UnitMonthDraws } from '../src/analytics/forecast/types.ts';
import { valueAt } from '../src/analytics/forecast/panel.ts';
// Issue 16, sixth pass (coverage anatomy and the zero-component gate):
import { drawCounts, type EnsembleWeights } from '../src/analytics/forecast/ensemble.ts';
import { METHOD_NAMES } from '../src/analytics/forecast/methods.ts';
import { addMonths, monthIndex } from '../src/analytics/forecast/months.ts';
import { ONLINE_MAX_CRPS_RISE } from '../src/analytics/forecast/online-holdout.ts';
import { HOLDOUT_MIN_FIT_ORIGINS } from '../src/analytics/forecast/spread-holdout.ts';
import { collectDraws } from '../src/analytics/forecast/tune-ensemble.ts';
import { regimeCheck } from '../src/analytics/forecast/regime-holdout.ts';
import type { Neighbours, Panel } from '../src/analytics/forecast/types.ts';
import { remainderParts, remainderSeries, sumByDraw } from '../src/analytics/forecast/bottom-up.ts';
import type { GedPanels } from '../src/analytics/forecast/ged-panel.ts';

/** Options of the benchmark: draws per unit-month (test; validation uses 300), the seed, and whether to rerun the NBAR search. */
export interface BenchForecastOptions {
  draws?: number;
  seed?: number;
  tune?: boolean;
  /** Also scores the actor-group step: NBAR with the TTP covariate, its ensemble re-tuned on validation. */
  actorGroups?: boolean;
  /** Also scores the relations covariates (issue 16) on the test origins 2018-01 … 2020-12, with and without. */
  relations?: boolean;
  /** Runs only the relations step (no ensemble tuning, no full test backtest): the reduced configuration. */
  relationsOnly?: boolean;
  /** Also runs the issue-16 sixth-pass exploration: the zero component gated by zeros in the last 12 months. */
  zeroGate?: boolean;
  /**
   * Judges the floor (issue 16, seventh pass): the zero component's draws at the unit's lowest month
   * of the last 12, the check behind FLOOR_CHECK and ENSEMBLE_WEIGHTS' `floor`. On unless false.
   */
  recentLow?: boolean;
  /** Runs only the explorations asked for (no ensemble tuning, no test backtest). */
  exploreOnly?: boolean;
  /**
   * Scores the shipped ensemble with events as the target (`faultline forecast --metric events`):
   * the shares, spread and floor chosen on deaths, applied unchanged, on the test origins. On
   * unless false (about 45 s).
   */
  events?: boolean;
  /** Runs only the events step. */
  eventsOnly?: boolean;
  /**
   * Runs only the nested check of the regime-switched combination (issue 16, ninth pass;
   * regime-holdout.ts): the quantile average where the origin looks calm, the pool elsewhere.
   */
  regimeOnly?: boolean;
  /**
   * Runs only the nested check of bottom-up country forecasts (issue 16, tenth pass; bottom-up.ts):
   * the country's draws as the sums of its provinces' pooled draws and those of its events without
   * a province, against the country pool.
   */
  bottomUpOnly?: boolean;
  /**
   * Runs only the nested check of shares learnt on events against the shipped shares (docs/
   * forecasting.md, "Events as the target"): about 3 minutes.
   */
  eventSharesCheck?: boolean;
  /**
   * The outcome of the main flow (tuning, checks, test backtest, floor check): deaths (default) or
   * events per unit-month (`--metric=events`: the shares tuned on events, compared with the shipped
   * ones, which were chosen on deaths and serve both metrics; files
   * bench/out/forecast-<level>-events*.json).
   */
  metric?: 'fatalities' | 'events';
  /**
   * Runs only the comparison of the two rules for records dated coarser than a month (left out, or
   * spread over their span as month-shares.ts does) on the monthly validation origins, with the
   * shipped ensemble: the evidence behind the rule (docs/forecasting.md, "Data").
   */
  coarseRuleOnly?: boolean;
}

/** Both levels of a panel set: the country, and its provinces with their adjacency. */
const levelsOf = (panels: {
  country: TuneLevel['panel'];
  admin1: TuneLevel['panel'];
}): (TuneLevel & { name: 'country' | 'admin1' })[] => [
  { name: 'country', panel: panels.country },
  { name: 'admin1', panel: panels.admin1, neighbours: PAK_PROVINCE_NEIGHBOURS },
];

const secs = (t: number) => `${((performance.now() - t) / 1000).toFixed(1)} s`;

/** Issue 16's goals on the test origins, as closed ranges: CRPS ≤ 0.9x and IGN 0.1 bit under the best baseline, coverage90 in 85-95%. */
const ISSUE_16_GOALS: Partial<Record<SkillStatistic, readonly [number, number]>> = {
  crps_ratio: [-Infinity, 0.9],
  ign_diff: [-Infinity, -0.1],
  coverage90: [0.85, 0.95],
};

/** Tunes the ensemble on validation origins, runs the monthly test backtest at both levels, prints the tables and returns the results. */
export async function benchForecast(
  options: BenchForecastOptions = {},
): Promise<Record<string, BacktestResult>> {
  const draws = options.draws ?? 1000;
  const seed = options.seed ?? 20261124;
  const t0 = performance.now();
  if (options.eventSharesCheck) {
    await eventSharesStep(seed);
    console.log(`\nforecast bench (nested check of the events' shares only) total ${secs(t0)}`);
    return {};
  }
  if (options.eventsOnly) {
    await eventsStep(draws, seed);
    console.log(`\nforecast bench (events step only) total ${secs(t0)}`);
    return {};
  }
  if (options.coarseRuleOnly) {
    await coarseRuleStep(seed);
    console.log(`\nforecast bench (rule for coarse dates only) total ${secs(t0)}`);
    return {};
  }
  const metric = options.metric ?? 'fatalities';
  const out = (level: string, what = '') =>
    new URL(`./out/forecast-${level}${metric === 'events' ? '-events' : ''}${what}.json`, import.meta.url);
  const panels = buildGedPanels(await readGedEvents(), metric);
  const levels = levelsOf(panels);
  console.log(
    `forecast bench: GED 22.1 Pakistan ${metric === 'events' ? 'events per month' : 'fatalities (best)'}, ${draws} draws, seed ${seed}, ${panels.droppedFromAdmin1} events without adm_1 left out of admin1`,
  );
  if (options.regimeOnly) {
    for (const level of levels) regimeStep(level, seed);
    console.log(`\nforecast bench (regime step only) total ${secs(t0)}`);
    return {};
  }
  if (options.bottomUpOnly) {
    bottomUpStep(panels, draws, seed);
    console.log(`\nforecast bench (bottom-up step only) total ${secs(t0)}`);
    return {};
  }
  if (options.relationsOnly) {
    mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
    for (const level of levels) await relationsStep(level, draws, seed);
    console.log(`\nforecast bench (relations step only) total ${secs(t0)}`);
    return {};
  }
  if (options.exploreOnly) {
    if (options.zeroGate)
      for (const level of levels)
        componentVariantStep(level, draws, seed, 'gate', ENSEMBLE_WEIGHTS[level.name].weights);
    if (options.recentLow !== false)
      for (const level of levels)
        componentVariantStep(level, draws, seed, 'recent-low', ENSEMBLE_WEIGHTS[level.name].weights);
    console.log(`\nforecast bench (explorations only) total ${secs(t0)}`);
    return {};
  }
  if (options.tune) {
    const t = performance.now();
    const ranked = tuneNbar(levels, { seed });
    for (const c of ranked.slice(0, 8))
      console.log('tune', c.meanCrpsRatio.toFixed(3), JSON.stringify(c.crpsRatio), JSON.stringify(c.nbar));
    const weights = tuneMixWeight(levels, ranked[0]!.nbar, { seed });
    console.log('tune mix weights', JSON.stringify(weights), secs(t));
  }
  console.log('nbar settings', JSON.stringify(NBAR_DEFAULTS));
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  const results: Record<string, BacktestResult> = {};
  // The shares tuned in this run: the floor check pools the validation draws with them.
  const tunedShares = new Map<string, readonly (readonly number[])[]>();
  for (const level of levels) {
    let t = performance.now();
    const tuned = tuneEnsemble(level.panel, {
      origins: MONTHLY_VALIDATION_ORIGINS,
      components: ENSEMBLE_COMPONENTS,
      draws: 300,
      seed,
      neighbours: level.neighbours,
      alternatives: true,
    });
    console.log(
      `\n## ${level.name}: ensemble tuned on ${MONTHLY_VALIDATION_ORIGINS.length} monthly validation origins (${MONTHLY_VALIDATION_ORIGINS[0]} … ${MONTHLY_VALIDATION_ORIGINS.at(-1)}, 300 draws), ${secs(t)}\n`,
    );
    for (const b of tuned.bands)
      console.log(
        `validation band ${b.label}: pool CRPS ${b.crps.toFixed(3)}, coverage90 ${(100 * b.coverage90).toFixed(1)}%, alone ${Object.entries(
          b.single,
        )
          .map(
            ([m, x]) => `${m} ${x ? `${x.crps.toFixed(3)} (${(100 * x.coverage90).toFixed(1)}%)` : 'none'}`,
          )
          .join(', ')}, n ${b.n}`,
      );
    for (const b of tuned.bands)
      console.log(
        `validation band ${b.label}: recalibrated with spread factor ${b.recalibrated?.factor ?? 'none'}: CRPS ${b.recalibrated?.crps.toFixed(3)}, coverage90 ${b.recalibrated ? (100 * b.recalibrated.coverage90).toFixed(1) : '-'}%`,
      );
    console.log(`tuned weights ${JSON.stringify(tuned.components)}: ${JSON.stringify(tuned.weights)}`);
    const h = tuned.holdout;
    console.log(
      `spread factors learnt on all validation origins: ${JSON.stringify(tuned.learntSpread)}; hold-out check inside validation (${h?.years[0]}-${h?.years.at(-1)}, ${h?.n} year-bands): mean |coverage90 - 90%| raw ${h?.gap_raw.toFixed(4)} (${h?.inside_raw} inside 85-95%), recalibrated ${h?.gap_recalibrated.toFixed(4)} (${h?.inside_recalibrated} inside): ${h?.adopted ? 'ADOPTED' : 'not adopted'}`,
    );
    console.log(`shipped spread factors per band: ${JSON.stringify(tuned.spread)}`);
    const o = tuned.online;
    const pct = (x: number | undefined) => (x === undefined ? '-' : x.toFixed(4));
    console.log(
      `online calibration (adaptive conformal): step chosen on all validation origins ${o?.gamma}, state after them ${JSON.stringify(tuned.onlineState?.alpha.map((a) => +a.toFixed(4)))}; nested hold-out check (${o?.years[0]}-${o?.years.at(-1)}, ${o?.n} year-bands, steps chosen ${JSON.stringify(o?.gammas)}): mean |coverage90 - 90%| raw ${pct(o?.gap_raw)} (${o?.inside_raw} inside 85-95%), online ${pct(o?.gap_online)} (${o?.inside_online} inside); held-out CRPS raw ${o?.crps_raw.toFixed(3)}, online ${o?.crps_online.toFixed(3)}, best baseline component ${o?.best_baseline_crps?.toFixed(3)}: ${o?.adopted ? 'ADOPTED' : 'not adopted'}`,
    );
    const alt = tuned.alternatives!;
    for (const x of alt.holdout.rules)
      console.log(
        `combination rule ${x.rule}${x.learnt ? ` (a = b per band learnt on all validation ${JSON.stringify(x.learnt)})` : ' (shipped shares)'}: nested hold-out check (${alt.holdout.years[0]}-${alt.holdout.years.at(-1)}, ${alt.holdout.n} year-bands): mean |coverage90 - 90%| linear pool ${x.gap_pool.toFixed(4)} (${x.inside_pool} inside 85-95%), ${x.rule} ${x.gap_rule.toFixed(4)} (${x.inside_rule} inside); held-out CRPS ${x.crps_pool.toFixed(3)} -> ${x.crps_rule.toFixed(3)}, IGN ${x.ign_pool.toFixed(3)} -> ${x.ign_rule.toFixed(3)}: ${x.adopted ? 'ADOPTED' : 'not adopted'}`,
      );
    console.log(
      `quantile averaging with shares re-tuned on validation: ${JSON.stringify(alt.quantileAverage.weights)}; validation by band ${alt.quantileAverage.bands.map((b) => (b ? `CRPS ${b.crps.toFixed(3)}, coverage90 ${(100 * b.coverage90).toFixed(1)}%` : 'none')).join('; ')}`,
    );
    console.log(
      `shipped combination rule (ensemble-weights.ts): ${ENSEMBLE_WEIGHTS[level.name].rule ?? 'linear-pool'}`,
    );
    const shippedOnline = ONLINE_CALIBRATION[level.name];
    console.log(
      `shipped online calibration (ensemble-weights.ts ONLINE_CALIBRATION): step ${shippedOnline.step}, adopted ${shippedOnline.adopted}: ${shippedOnline.step === o?.gamma && shippedOnline.adopted === o?.adopted ? 'equal' : 'DIFFER FROM'} the tuned one`,
    );
    const shippedWeights = ENSEMBLE_WEIGHTS[level.name];
    tunedShares.set(level.name, tuned.weights);
    const shipped =
      JSON.stringify(shippedWeights.weights) === JSON.stringify(tuned.weights) &&
      JSON.stringify(shippedWeights.spread ?? [1, 1, 1]) === JSON.stringify(tuned.spread);
    console.log(
      `shipped weights and spread factors (ensemble-weights.ts) ${shipped ? 'equal' : 'DIFFER FROM'} the tuned ones`,
    );

    t = performance.now();
    const kept = new Map<MethodName, UnitMonthDraws[]>();
    const coverageTest = new CoverageRows(level.panel); // issue 16, sixth pass: see coverageAnatomy
    const r = runBacktest(level.panel, {
      origins: MONTHLY_TEST_ORIGINS,
      draws,
      seed,
      neighbours: level.neighbours,
      // The tuned shares with the shipped floor (the recent low at admin-1 level: FLOOR_CHECK).
      ensemble: { ...tuned, floor: ENSEMBLE_WEIGHTS[level.name].floor },
      // Deaths at country level: nbar-mix bottom up, as shipped (COUNTRY_BOTTOM_UP).
      ...(level.name === 'country' && metric === COUNTRY_BOTTOM_UP.metric && COUNTRY_BOTTOM_UP.adopted
        ? {
            bottomUp: {
              parts: remainderParts(panels.country[0]!, panels.admin1),
              neighbours: PAK_PROVINCE_NEIGHBOURS,
              ensemble: ENSEMBLE_WEIGHTS.admin1,
            },
          }
        : {}),
      byMonth: true,
      onDraws: (_o, m, d) => {
        if (ENSEMBLE_COMPONENTS.includes(m)) kept.set(m, [...(kept.get(m) ?? []), ...d]);
        coverageTest.add(m, d);
      },
    });
    results[level.name] = r;
    console.log(
      `\n## ${level.name} (${level.panel.length} units), ${MONTHLY_TEST_ORIGINS.length} monthly test origins ${MONTHLY_TEST_ORIGINS[0]} … ${MONTHLY_TEST_ORIGINS.at(-1)}: ${secs(t)}\n`,
    );
    console.log(backtestTable(r));
    console.log(`\nBy horizon band (nbar-mix is the tuned ensemble)\n\n${bandTable(r)}`);
    console.log(`\nCRPS by horizon\n\n${horizonTable(r)}`);
    // How sure these scores are: blocks of 12 target months (6 and 24 to show the choice's weight).
    const intervals = [12, 6, 24].map((blockMonths) =>
      skillIntervals(r.byMonth!, { seed, blockMonths, goals: ISSUE_16_GOALS }),
    );
    console.log(`\n${skillIntervalTable(intervals)}`);
    const baseline = r.comparisons[0]!.best.crps;
    console.log(`\n${yearlySkillTable(yearlySkill(r.byMonth!, baseline), baseline)}`);
    // The issue-15 mixture (0.8 NBAR, 0.2 conflictology at every horizon) from the same draws, as the step before.
    const parts = ENSEMBLE_COMPONENTS.map((m) => kept.get(m)!);
    const observed = parts[0]!.map((x) =>
      valueAt(
        level.panel.find((s) => s.unit === x.unit)!,
        x.month,
      )!,
    );
    const keep = observed.map((v) => !Number.isNaN(v));
    const old = ENSEMBLE_COMPONENTS.map((m) => (m === 'nbar' ? 0.8 : m === 'conflictology' ? 0.2 : 0));
    const oldCrps = pooledScores(
      { parts: parts.map((p) => p.filter((_, i) => keep[i])), observed: observed.filter((_, i) => keep[i]) },
      [old, old, old],
      draws,
    );
    const scored = {
      parts: parts.map((p) => p.filter((_, i) => keep[i])),
      observed: observed.filter((_, i) => keep[i]),
    };
    const perBand = (xs: ({ crps: number; coverage90: number } | null)[]) =>
      xs
        .map((x) =>
          x ? `CRPS ${x.crps.toFixed(2)}, coverage90 ${(100 * x.coverage90).toFixed(1)}%` : 'none',
        )
        .join('; ');
    // The ensemble with the spread factors learnt on validation, whether or not the hold-out check adopted them.
    const learnt = pooledScores(scored, tuned.weights, draws, undefined, tuned.learntSpread);
    const overall = (xs: ({ crps: number; coverage90: number } | null)[]) => {
      const n = HORIZON_BANDS.map((b) => b.to - b.from + 1);
      const w = xs.map((x, i) => (x ? n[i]! : 0));
      const total = w.reduce((a, b) => a + b, 0);
      return {
        crps: xs.reduce((a, x, i) => a + (x ? x.crps * w[i]! : 0), 0) / total,
        coverage90: xs.reduce((a, x, i) => a + (x ? x.coverage90 * w[i]! : 0), 0) / total,
      };
    };
    const bestBaselineCrps = r.methods[r.comparisons[0]!.best.crps]!.crps;
    const fmt = (x: { crps: number; coverage90: number }) =>
      `crps_ratio ${(x.crps / bestBaselineCrps).toFixed(3)}, coverage90 ${(100 * x.coverage90).toFixed(1)}%`;
    console.log(
      `\nold nbar-mix (0.8 nbar + 0.2 conflictology) by band: ${perBand(oldCrps)}; overall ${fmt(overall(oldCrps))}`,
    );
    console.log(
      `ensemble with the learnt spread factors ${JSON.stringify(tuned.learntSpread)} (${tuned.holdout?.adopted ? 'adopted' : 'not adopted'}), pooled from the components' own draws, by band: ${perBand(learnt)}; overall ${fmt(overall(learnt))}`,
    );
    const online = onlineTest(scored, tuned, draws);
    const bestIgn = r.methods[r.comparisons[0]!.best.ign]!.ign;
    if (online)
      console.log(
        `ensemble with the online calibration (step ${tuned.online?.gamma}, ${tuned.online?.adopted ? 'adopted' : 'not adopted'}), state carried from the validation origins, by band: ${perBand(online.byBand)}; overall crps_ratio ${(online.all.crps / bestBaselineCrps).toFixed(3)}, ign_diff ${(online.all.ign - bestIgn).toFixed(3)}, coverage90 ${(100 * online.all.coverage90).toFixed(1)}%; state after the test origins ${JSON.stringify(online.state.alpha.map((a) => +a.toFixed(4)))}`,
      );
    const rules = combinationTest(scored, tuned, draws);
    for (const x of rules)
      console.log(
        `ensemble combined by ${x.name}: overall crps_ratio ${(x.all.crps / bestBaselineCrps).toFixed(3)}, ign_diff ${(x.all.ign - bestIgn).toFixed(3)}, coverage90 ${(100 * x.all.coverage90).toFixed(1)}%; by band ${x.byBand.map((b) => (b ? `crps_ratio ${(b.crps / bestBaselineCrps).toFixed(3)}, ign_diff ${(b.ign - bestIgn).toFixed(3)}, coverage90 ${(100 * b.coverage90).toFixed(1)}%` : 'none')).join('; ')}`,
      );
    writeFileSync(
      out(level.name),
      JSON.stringify(
        { tuned, result: r, intervals, oldMixCrpsByBand: oldCrps, learntSpreadByBand: learnt, online, rules },
        null,
        1,
      ),
    );
    // Issue 16, sixth pass: how much of the over-coverage is discreteness, how much spread.
    t = performance.now();
    const coverageValidation = validationCoverageRows(level, tuned, seed);
    const anatomy = {
      test: coverageAnatomy(coverageTest),
      validation: coverageAnatomy(coverageValidation),
    };
    console.log(
      `\n## ${level.name}: anatomy of coverage90 (test origins as above; validation origins with 300 draws, ${secs(t)})\n\n${anatomyTable(anatomy)}`,
    );
    writeFileSync(out(level.name, '-coverage'), JSON.stringify(anatomy, null, 1));
  }
  if (options.actorGroups) for (const level of levels) actorGroupStep(level, draws, seed);
  if (options.relations) for (const level of levels) await relationsStep(level, draws, seed);
  const sharesOf = (level: 'country' | 'admin1') => tunedShares.get(level) ?? ENSEMBLE_WEIGHTS[level].weights;
  if (options.zeroGate)
    for (const level of levels) componentVariantStep(level, draws, seed, 'gate', sharesOf(level.name));
  if (options.recentLow !== false)
    for (const level of levels) componentVariantStep(level, draws, seed, 'recent-low', sharesOf(level.name));
  if (options.events !== false && metric === 'fatalities') await eventsStep(draws, seed);
  console.log(`\nforecast bench total ${secs(t0)}`);
  return results;
}

/** The test draws of the tuned ensemble calibrated online (the step chosen on validation, the state carried from it), scored overall and per band. */
function onlineTest(
  scored: { parts: UnitMonthDraws[][]; observed: number[] },
  tuned: TunedEnsemble,
  draws: number,
) {
  if (!tuned.online || !tuned.onlineState) return null;
  const rows = pooledRows(scored, tuned.weights, draws);
  const pass = onlinePass(rows, tuned.online.gamma, { start: tuned.onlineState });
  const scoredRows = rows.map((x, i) => ({
    unit: '',
    month: '',
    band: bandOf(x.horizon),
    draws: pass.calibrated[i]!,
    observed: x.observed,
  }));
  const all = scoreForecasts(scoredRows);
  const byBand = HORIZON_BANDS.map((_, b) => {
    const inBand = scoredRows.filter((x) => x.band === b);
    return inBand.length ? scoreForecasts(inBand) : null;
  });
  return { all, byBand, state: pass.state };
}

/**
 * The test draws under each combination rule judged on validation (not shipped unless the check
 * adopts it): quantile averaging with the shipped shares and with shares re-tuned for it, and the
 * beta-transformed linear pool with a = b learnt on validation; scored overall and per band.
 */
function combinationTest(
  scored: { parts: UnitMonthDraws[][]; observed: number[] },
  tuned: TunedEnsemble,
  draws: number,
) {
  const alt = tuned.alternatives!;
  const beta = alt.holdout.rules.find((x) => x.rule === 'beta-pool')!.learnt!;
  const score = (pooled: UnitMonthDraws[]) => {
    const rows = pooled.map((x, i) => ({ ...x, observed: scored.observed[i]! }));
    return {
      all: scoreForecasts(rows),
      byBand: HORIZON_BANDS.map((_, b) => {
        const inBand = rows.filter((x) => bandOf(x.horizon) === b);
        return inBand.length ? scoreForecasts(inBand) : null;
      }),
    };
  };
  const pool = poolDraws(scored.parts, tuned.weights, draws);
  return [
    { name: 'linear pool (shipped)', ...score(pool) },
    {
      name: 'quantile averaging, shipped shares',
      ...score(poolDraws(scored.parts, tuned.weights, draws, undefined, 'quantile-average')),
    },
    {
      name: `quantile averaging, shares re-tuned on validation ${JSON.stringify(alt.quantileAverage.weights)}`,
      ...score(poolDraws(scored.parts, alt.quantileAverage.weights, draws, undefined, 'quantile-average')),
    },
    {
      name: `beta-transformed linear pool, a = b ${JSON.stringify(beta)}`,
      ...score(
        pool.map((x) => ({
          ...x,
          draws: [...betaTransformSorted(sortedCopy(x.draws), beta[bandOf(x.horizon)]!)],
        })),
      ),
    },
  ];
}

/**
 * Events as the target (docs/forecasting.md, "Events as the target"): the shipped ensemble of each
 * level (ENSEMBLE_WEIGHTS: shares, spread and floor chosen on the deaths' validation origins) on the
 * monthly event counts of the test origins, as `faultline forecast --metric events` forecasts them.
 * Nothing is tuned on events, so the test origins judge it as they judge the deaths.
 */
async function eventsStep(draws: number, seed: number): Promise<void> {
  const panels = buildGedPanels(await readGedEvents(), 'events');
  mkdirSync(new URL('./out/', import.meta.url), { recursive: true });
  console.log(
    `\nforecast bench, events as the target: GED 22.1 Pakistan events per month, ${draws} draws, seed ${seed}, ${panels.droppedFromAdmin1} events without adm_1 left out of admin1`,
  );
  for (const level of levelsOf(panels)) {
    const t = performance.now();
    const r = runBacktest(level.panel, {
      origins: MONTHLY_TEST_ORIGINS,
      draws,
      seed,
      neighbours: level.neighbours,
      ensemble: ENSEMBLE_WEIGHTS[level.name],
      byMonth: true,
    });
    const baseline = r.comparisons[0]!.best.crps;
    const intervals = [12].map((blockMonths) =>
      skillIntervals(r.byMonth!, { seed, blockMonths, goals: ISSUE_16_GOALS }),
    );
    console.log(
      `\n## ${level.name} (${level.panel.length} units), events as the target, shipped ensemble, ${MONTHLY_TEST_ORIGINS.length} monthly test origins: ${secs(t)}\n\n${backtestTable(r)}\n\nBy horizon band\n\n${bandTable(r)}\n\n${skillIntervalTable(intervals)}\n\n${yearlySkillTable(yearlySkill(r.byMonth!, baseline), baseline)}`,
    );
    writeFileSync(
      new URL(`./out/forecast-${level.name}-events-shipped.json`, import.meta.url),
      JSON.stringify({ result: r, intervals }, null, 1),
    );
  }
}

/**
 * The nested check of the ensemble's shares for events (docs/forecasting.md, "Events as the
 * target"), fixed before it ran: on the events' validation draws (300), each origin year 1997-2013
 * in turn is held out; shares are chosen (`chooseShares`, as the tuning does) on the origins whose
 * targets all precede that year, and the held-out year's forecasts are pooled with them and with
 * the shipped shares (chosen on deaths). The learnt shares would be adopted only if the held-out
 * CRPS falls and the mean coverage gap over the year-bands does not grow. Pools without the floor
 * (the zero share at 0) on both sides.
 */
async function eventSharesStep(seed: number): Promise<void> {
  const draws = 300;
  const panels = buildGedPanels(await readGedEvents(), 'events');
  for (const level of levelsOf(panels)) {
    const t = performance.now();
    const collected = collectDraws(level.panel, {
      origins: MONTHLY_VALIDATION_ORIGINS,
      components: ENSEMBLE_COMPONENTS,
      draws,
      seed,
      neighbours: level.neighbours,
    });
    const originOf = (i: number) => {
      const r = collected.parts[0]![i]!;
      return monthIndex(r.month) - r.horizon;
    };
    const subset = (idx: number[]) => ({
      parts: collected.parts.map((p) => idx.map((i) => p[i]!)),
      observed: idx.map((i) => collected.observed[i]!),
    });
    const all = collected.observed.map((_, i) => i);
    const shipped = ENSEMBLE_WEIGHTS[level.name].weights;
    const acc = {
      gapShipped: 0,
      gapLearnt: 0,
      inShipped: 0,
      inLearnt: 0,
      crpsShipped: 0,
      crpsLearnt: 0,
      rows: 0,
      yearBands: 0,
    };
    const years: number[] = [];
    const learntByYear: number[][][] = [];
    const inside = (c: number) => (c >= 0.85 && c <= 0.95 ? 1 : 0);
    for (let year = 1997; year <= 2013; year++) {
      const first = monthIndex(`${year}-01`);
      const fit = all.filter((i) => originOf(i) <= first - 12);
      const held = all.filter((i) => originOf(i) >= first && originOf(i) < first + 12);
      if (!held.length || new Set(fit.map(originOf)).size < HOLDOUT_MIN_FIT_ORIGINS) continue;
      years.push(year);
      const learnt = chooseShares(subset(fit), ENSEMBLE_COMPONENTS.length, draws).map((b) => b.shares);
      learntByYear.push(learnt);
      const h = subset(held);
      const a = pooledScores(h, shipped, draws);
      const b = pooledScores(h, learnt, draws);
      HORIZON_BANDS.forEach((_, k) => {
        const n = h.parts[0]!.filter((r) => bandOf(r.horizon) === k).length;
        if (!n || !a[k] || !b[k]) return;
        acc.yearBands++;
        acc.rows += n;
        acc.gapShipped += Math.abs(a[k]!.coverage90 - 0.9);
        acc.gapLearnt += Math.abs(b[k]!.coverage90 - 0.9);
        acc.inShipped += inside(a[k]!.coverage90);
        acc.inLearnt += inside(b[k]!.coverage90);
        acc.crpsShipped += a[k]!.crps * n;
        acc.crpsLearnt += b[k]!.crps * n;
      });
    }
    const gapA = acc.gapShipped / acc.yearBands;
    const gapB = acc.gapLearnt / acc.yearBands;
    const crpsA = acc.crpsShipped / acc.rows;
    const crpsB = acc.crpsLearnt / acc.rows;
    const adopted = crpsB < crpsA && gapB <= gapA;
    console.log(
      `\n## ${level.name}: shares learnt on events, nested check (held-out origin years ${years[0]}-${years.at(-1)}, ${acc.yearBands} year-bands, ${draws} draws, ${secs(t)})\n` +
        `mean |coverage90 - 90%| shipped shares ${gapA.toFixed(4)} (${acc.inShipped} inside 85-95%), learnt ${gapB.toFixed(4)} (${acc.inLearnt} inside); ` +
        `held-out CRPS ${crpsA.toFixed(4)} -> ${crpsB.toFixed(4)} (${(100 * (crpsB / crpsA - 1)).toFixed(2)}%): ${adopted ? 'ADOPTED' : 'not adopted'}\n` +
        `shares learnt per held-out year (first and last): ${JSON.stringify(learntByYear[0])} … ${JSON.stringify(learntByYear.at(-1))}`,
    );
  }
}

/**
 * The actor-group step (docs/forecasting.md, "What each step gained"): NBAR with the TTP deaths
 * covariate (the variant chosen on validation), the ensemble's shares re-tuned on the validation
 * origins for it, then scored on the test origins. Not what ships: live panels carry no actor groups.
 */
function actorGroupStep(level: TuneLevel & { name: string }, draws: number, seed: number): void {
  const t = performance.now();
  const nbar = { ...NBAR_DEFAULTS, covariates: ['group_ttp'] };
  const tuned = tuneEnsemble(level.panel, {
    origins: MONTHLY_VALIDATION_ORIGINS,
    components: ENSEMBLE_COMPONENTS,
    draws: 300,
    seed,
    neighbours: level.neighbours,
    nbar,
  });
  const r = runBacktest(level.panel, {
    origins: MONTHLY_TEST_ORIGINS,
    draws,
    seed,
    neighbours: level.neighbours,
    nbar,
    ensemble: tuned,
    methods: ['poisson-last', 'bootstrap', 'conflictology', 'nbar', 'nbar-mix'],
  });
  console.log(
    `\n## ${level.name}: actor-group step (NBAR + group_ttp), ${secs(t)}\nshares ${JSON.stringify(tuned.weights)}, spread ${JSON.stringify(tuned.spread)} (hold-out ${tuned.holdout?.adopted ? 'adopted' : 'not adopted'})\n`,
  );
  for (const c of r.comparisons)
    console.log(
      `${c.model}: crps_ratio ${c.crps_ratio.toFixed(3)}, ign_diff ${c.ign_diff.toFixed(3)}, coverage90 ${(100 * r.methods[c.model]!.coverage90).toFixed(1)}%`,
    );
  writeFileSync(
    new URL(`./out/forecast-${level.name}-actor-groups.json`, import.meta.url),
    JSON.stringify({ tuned, result: r }, null, 1),
  );
}

/** The bundled GDELT-derived dyad index's monthly means for Pakistan's pairs (RELATIONS_PAIRS), read straight from the CSV. */
function bundledRelations(months: readonly string[]): RelationsCovariate[] {
  const file = new URL('../data/gdelt-dyad-index-2018-2024/gdelt_dyad_daily.csv', import.meta.url);
  const rows = parse(readFileSync(file), { columns: true }) as Record<string, string>[];
  return RELATIONS_PAIRS.PAK!.map((partner) => {
    const [a, b] = ['PAK', partner].sort() as [string, string];
    const days = rows
      .filter((r) => r.pair === `${a}-${b}`)
      .map((r) => ({ date: r.date!, value: Number(r.value) }));
    return {
      name: relationsCovariateName(DYAD_INDEX_SOURCE, a, b),
      pair: `${a}-${b}`,
      months: [...months],
      values: monthlyMeans(days, months),
    };
  });
}

/**
 * The relations step (docs/forecasting.md, "Relations covariates"): the same backtest with and
 * without NBAR's relations covariates, on the only test origins the index reaches (2018-01 …
 * 2020-12), same seed, the shipped ensemble shares (no tuning: no validation origin has the index).
 */
async function relationsStep(
  level: TuneLevel & { name: string },
  draws: number,
  seed: number,
): Promise<void> {
  const t = performance.now();
  const covs = bundledRelations(level.panel[0]!.months);
  const panel = withRelations(level.panel, covs);
  const origins = MONTHLY_TEST_ORIGINS.filter((o) => o >= '2018-01');
  const nbar = { ...NBAR_DEFAULTS, indexCovariates: covs.map((c) => c.name) };
  const nbarOf = (minCoveredMonths?: number) => ({ ...nbar, minCoveredMonths });
  const run = (options: NbarOptions | undefined) =>
    runBacktest(panel, {
      origins,
      draws,
      seed,
      neighbours: level.neighbours,
      ensemble: ENSEMBLE_WEIGHTS[level.name as 'country' | 'admin1'],
      ...(options ? { nbar: options } : {}),
    });
  // As first specified (no minimum of covered months), and as shipped (MIN_COVERED_MONTHS, added
  // after the first run showed 2018 origins fitting the covariate on a few covered months).
  const variants = [
    ['without relations', run(undefined)],
    ['with relations, as first specified (no minimum)', run(nbarOf(0))],
    [`with relations, at least ${MIN_COVERED_MONTHS} covered training months (shipped)`, run(nbarOf())],
  ] as const;
  console.log(
    `\n## ${level.name}: relations covariates (${covs.map((c) => c.name).join(', ')}), ${origins.length} monthly test origins ${origins[0]} … ${origins.at(-1)}, ${variants[0][1].methods.nbar!.n} scored forecasts each (overlapping: ${origins.length} origins, 2018-2021 targets only), ${secs(t)}\n`,
  );
  for (const [label, r] of variants)
    for (const c of r.comparisons)
      console.log(
        `${label}, ${c.model}: CRPS ${r.methods[c.model]!.crps.toFixed(3)} (crps_ratio ${c.crps_ratio.toFixed(3)} vs ${c.best.crps}), IGN ${r.methods[c.model]!.ign.toFixed(3)} (ign_diff ${c.ign_diff.toFixed(3)} vs ${c.best.ign}), coverage90 ${(100 * r.methods[c.model]!.coverage90).toFixed(1)}%`,
      );
  for (const year of ['2018', '2019', '2020']) {
    const inYear = origins.filter((o) => o.startsWith(year));
    const crps = (o?: NbarOptions) =>
      runBacktest(panel, {
        origins: inYear,
        draws,
        seed,
        neighbours: level.neighbours,
        methods: ['nbar'],
        ...(o ? { nbar: o } : {}),
      }).methods.nbar!.crps.toFixed(3);
    console.log(
      `origins ${year}: nbar CRPS without ${crps()}, first specified ${crps(nbarOf(0))}, shipped ${crps(nbarOf())}`,
    );
  }
  const fit = fitNbar(
    { history: historyUpTo(panel, origins.at(-1)!), origin: origins.at(-1)!, neighbours: level.neighbours },
    nbar,
  );
  console.log(
    `NBAR's relations coefficients at ${origins.at(-1)} (dropped: ${fit.droppedCovariates.join(', ') || 'none'}): ${fit.features
      .map((f, j) => [f, fit.regression.beta[j]!] as const)
      .filter(([f]) => f.includes('relations'))
      .map(([f, b]) => `${f} ${b.toFixed(4)}`)
      .join(', ')}`,
  );
  writeFileSync(
    new URL(`./out/forecast-${level.name}-relations.json`, import.meta.url),
    JSON.stringify({ origins, variants }, null, 1),
  );
}

// ---- Issue 16, sixth pass: is 85-95% coverage reachable? (docs/forecasting.md) ----

/** One scored unit-month of one method, reduced to what the coverage anatomy needs (the summary's coverage reads, for one row). */
interface CoverageRow extends Pick<
  ScoreSummary,
  'coverage90' | 'expectedCoverage90' | 'equalTailCoverage90' | 'pitCentral90' | 'missBelow90' | 'pitBelow05'
> {
  unit: string;
  horizon: number;
  observed: number;
  /** The interval's lower end is 0, so only an outcome above it can miss. */
  lowerAtZero: number;
}

/** Collects per-row coverage reads of every method from backtest draws, against a panel's observations. */
export class CoverageRows {
  readonly rows = new Map<MethodName, CoverageRow[]>();
  constructor(private readonly panel: Panel) {}
  add(method: MethodName, draws: UnitMonthDraws[]): void {
    const list = this.rows.get(method) ?? [];
    this.rows.set(method, list);
    for (const d of draws) {
      const observed = valueAt(
        this.panel.find((s) => s.unit === d.unit)!,
        d.month,
      );
      if (observed === undefined || Number.isNaN(observed)) continue;
      const s = scoreForecasts([{ unit: d.unit, month: d.month, draws: d.draws, observed }]);
      list.push({
        unit: d.unit,
        horizon: d.horizon,
        observed,
        coverage90: s.coverage90,
        expectedCoverage90: s.expectedCoverage90,
        equalTailCoverage90: s.equalTailCoverage90,
        pitCentral90: s.pitCentral90,
        missBelow90: s.missBelow90,
        pitBelow05: s.pitBelow05,
        lowerAtZero: quantileSorted(sortedCopy(d.draws), 0.05) === 0 ? 1 : 0,
      });
    }
  }
}

/** Every method on the monthly validation origins (300 draws, the ensemble as tuned there), collected for the anatomy. */
export function validationCoverageRows(
  level: TuneLevel,
  ensemble: EnsembleWeights,
  seed: number,
  origins: readonly string[] = MONTHLY_VALIDATION_ORIGINS,
): CoverageRows {
  const rows = new CoverageRows(level.panel);
  runBacktest(level.panel, {
    origins,
    draws: 300,
    seed,
    neighbours: level.neighbours,
    ensemble,
    onDraws: (_o, m, d) => rows.add(m, d),
  });
  return rows;
}

/** Means of the coverage reads over a group of rows, with its share of zero outcomes. */
function coverageMeans(rows: CoverageRow[]) {
  const mean = (f: (r: CoverageRow) => number) => rows.reduce((a, r) => a + f(r), 0) / rows.length;
  const zeroShare = mean((r) => (r.observed === 0 ? 1 : 0));
  return {
    n: rows.length,
    zero_share: zeroShare,
    coverage90: mean((r) => r.coverage90),
    expected_coverage90: mean((r) => r.expectedCoverage90),
    equal_tail_coverage90: mean((r) => r.equalTailCoverage90),
    pit_central90: mean((r) => r.pitCentral90),
    miss_below90: mean((r) => r.missBelow90),
    pit_below05: mean((r) => r.pitBelow05),
    lower_at_zero: mean((r) => r.lowerAtZero),
    // Any forecaster calibrated in the large gives P(0) = zero_share on average, so at least a share
    // (zero_share − 0.05)/0.95 of rows has P(0) ≥ 5%, whose equal-tailed interval starts at 0 and holds ≥ 95%.
    calibrated_floor: 0.9 + 0.05 * Math.max(0, (zeroShare - 0.05) / 0.95),
  };
}

/**
 * Per method, horizon band and unit group: observed coverage90, what the forecasts expect of their
 * own interval, the equal-tailed interval's own probability, the PIT-central share and the zero
 * share. Units are grouped by the share of zero outcomes among their scored months (> 90% or not).
 */
export function coverageAnatomy(collected: CoverageRows) {
  const any = [...collected.rows.values()].find((x) => x.length > 0) ?? [];
  const units = [...new Set(any.map((r) => r.unit))];
  const zeroShareOf = (u: string) => {
    const own = any.filter((r) => r.unit === u);
    return own.filter((r) => r.observed === 0).length / own.length;
  };
  const quiet = units.filter((u) => zeroShareOf(u) > 0.9);
  const groups =
    units.length > 1
      ? [
          { label: `>90% zero (${quiet.join(' ') || 'none'})`, keep: (u: string) => quiet.includes(u) },
          { label: 'rest', keep: (u: string) => !quiet.includes(u) },
        ]
      : [];
  const methods: Record<string, { band: string; units: string; [k: string]: number | string }[]> = {};
  for (const m of METHOD_NAMES) {
    const rows = collected.rows.get(m);
    if (!rows?.length) continue;
    const out: { band: string; units: string; [k: string]: number | string }[] = [];
    const push = (band: string, unitsLabel: string, xs: CoverageRow[]) => {
      if (xs.length) out.push({ band, units: unitsLabel, ...coverageMeans(xs) });
    };
    push('all', 'all', rows);
    HORIZON_BANDS.forEach((b, i) =>
      push(
        b.label,
        'all',
        rows.filter((r) => bandOf(r.horizon) === i),
      ),
    );
    for (const g of groups)
      push(
        'all',
        g.label,
        rows.filter((r) => g.keep(r.unit)),
      );
    methods[m] = out;
  }
  return { units, quiet_units: quiet, methods };
}

/** A Markdown table of the coverage anatomy, test and validation origins. */
export function anatomyTable(anatomy: Record<string, ReturnType<typeof coverageAnatomy>>): string {
  const pct = (x: number | string) => `${(100 * Number(x)).toFixed(1)}%`;
  const lines = [
    '| origins | method | band | units | n | y = 0 | l = 0 | coverage90 | y < l | expected | equal-tail | PIT in [.05,.95] | PIT < .05 | calibrated floor |',
    '|---|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const [set, a] of Object.entries(anatomy))
    for (const [m, rows] of Object.entries(a.methods))
      for (const x of rows)
        lines.push(
          `| ${set} | ${m} | ${x.band} | ${x.units} | ${x.n} | ${pct(x.zero_share!)} | ${pct(x.lower_at_zero!)} | ${pct(x.coverage90!)} | ${pct(x.miss_below90!)} | ${pct(x.expected_coverage90!)} | ${pct(x.equal_tail_coverage90!)} | ${pct(x.pit_central90!)} | ${pct(x.pit_below05!)} | ${pct(x.calibrated_floor!)} |`,
        );
  return lines.join('\n');
}

/**
 * Explorations of the zero component with the shipped shares, nothing learnt (docs/forecasting.md,
 * "Is 85-95% coverage reachable?"):
 * - `gate` (sixth pass): a unit with no zero month among the 12 up to the origin gets no zero
 *   component (its share goes to the others in proportion);
 * - `recent-low` (seventh pass): the zero component's draws are the unit's lowest observed month
 *   among the 12 up to the origin instead of 0 (the same where that month was 0).
 * Judged on the validation draws by the rule of the combination check (held-out year-bands
 * 1997-2013, gap falls and CRPS rises ≤ 1%); test scores printed for the record.
 */
/** A scored forecast of a nested check: its band, origin (month index) and each variant's scores (0: the pool). */
interface CheckRow {
  band: number;
  origin: number;
  s: ScoreSummary[];
}
type CheckStat = 'coverage90' | 'missBelow90' | 'pitCentral90' | 'crps' | 'ign';
const meanOf = (rows: CheckRow[], k: number, f: CheckStat) =>
  rows.reduce((a, r) => a + r.s[k]![f], 0) / rows.length;
const scoresText = (rows: CheckRow[], k: number) =>
  `coverage90 ${(100 * meanOf(rows, k, 'coverage90')).toFixed(1)}% (below ${(100 * meanOf(rows, k, 'missBelow90')).toFixed(1)}%), PIT central ${(100 * meanOf(rows, k, 'pitCentral90')).toFixed(1)}%, CRPS ${meanOf(rows, k, 'crps').toFixed(3)}, IGN ${meanOf(rows, k, 'ign').toFixed(3)}`;

/**
 * The nested check every variant of the pool faced, on the validation rows: per held-out year-band
 * (years with HOLDOUT_MIN_FIT_ORIGINS origins 12 months before them), the pool (0) against the
 * variant (1); it passes if the mean |coverage90 - 90%| falls and CRPS rises by at most
 * ONLINE_MAX_CRPS_RISE. Prints one line naming the variant.
 */
function yearBandCheck(val: CheckRow[], name: string) {
  const years = [...new Set(val.map((r) => Math.floor(r.origin / 12)))].sort((a, b) => a - b);
  const acc = { n: 0, gap: [0, 0], inside: [0, 0], crps: [0, 0], ign: [0, 0], rows: 0 };
  for (const year of years) {
    const first = year * 12;
    if (
      new Set(val.filter((r) => r.origin <= first - 12).map((r) => r.origin)).size < HOLDOUT_MIN_FIT_ORIGINS
    )
      continue;
    HORIZON_BANDS.forEach((_, b) => {
      const held = val.filter((r) => r.band === b && r.origin >= first && r.origin < first + 12);
      if (!held.length) return;
      acc.n++;
      acc.rows += held.length;
      for (const k of [0, 1]) {
        const c = meanOf(held, k, 'coverage90');
        acc.gap[k]! += Math.abs(c - 0.9);
        acc.inside[k]! += c >= 0.85 && c <= 0.95 ? 1 : 0;
        acc.crps[k]! += meanOf(held, k, 'crps') * held.length;
        acc.ign[k]! += meanOf(held, k, 'ign') * held.length;
      }
    });
  }
  const passes =
    acc.gap[1]! < acc.gap[0]! - 1e-12 && acc.crps[1]! <= acc.crps[0]! * (1 + ONLINE_MAX_CRPS_RISE);
  console.log(
    `nested check (${acc.n} held-out year-bands): mean |coverage90 - 90%| pool ${(acc.gap[0]! / acc.n).toFixed(4)} (${acc.inside[0]} inside 85-95%), ${name} ${(acc.gap[1]! / acc.n).toFixed(4)} (${acc.inside[1]} inside); CRPS ${(acc.crps[0]! / acc.rows).toFixed(3)} -> ${(acc.crps[1]! / acc.rows).toFixed(3)}, IGN ${(acc.ign[0]! / acc.rows).toFixed(3)} -> ${(acc.ign[1]! / acc.rows).toFixed(3)}: ${passes ? 'passes the rule' : 'fails the rule'}`,
  );
  return passes;
}

function componentVariantStep(
  level: TuneLevel & { name: 'country' | 'admin1' },
  draws: number,
  seed: number,
  variant: 'gate' | 'recent-low',
  shares: readonly (readonly number[])[],
): void {
  const t = performance.now();
  const zero = ENSEMBLE_COMPONENTS.indexOf('zero');
  const name = variant === 'gate' ? 'gated' : 'recent low';
  const lows = new Map<string, number>();
  const score = (origins: readonly string[], m: number, validation: boolean) => {
    const collected = collectDraws(level.panel, {
      origins,
      components: ENSEMBLE_COMPONENTS,
      draws: m,
      seed,
      neighbours: level.neighbours,
      validation,
    });
    return collected.parts[0]!.map((r, i) => {
      const band = bandOf(r.horizon);
      const origin = addMonths(r.month, -r.horizon);
      const series = level.panel.find((s) => s.unit === r.unit)!;
      const recent = Array.from({ length: 12 }, (_, k) => valueAt(series, addMonths(origin, -k))).filter(
        (v): v is number => v !== undefined && Number.isFinite(v),
      );
      // The floor exactly as the shipped ensemble draws it (last 12 observed months up to the origin).
      const key = `${r.unit}|${origin}`;
      let low = lows.get(key);
      if (low === undefined) {
        const history = historyUpTo([series], origin);
        low = recentLowMethod({ history, origin, horizons: 1, draws: 1, seed })[0]!.draws[0]!;
        lows.set(key, low);
      }
      const w = shares[band]!;
      const pool = (sh: readonly number[], zeroAt = 0) =>
        drawCounts(sh, m).flatMap((k, c) =>
          c === zero ? Array<number>(k).fill(zeroAt) : collected.parts[c]![i]!.draws.slice(0, k),
        );
      const y = collected.observed[i]!;
      const changed = variant === 'gate' ? !recent.includes(0) : low > 0;
      const other =
        variant === 'gate'
          ? pool(changed ? w.map((x, c) => (c === zero ? 0 : x / (1 - w[zero]!))) : w)
          : pool(w, low);
      return {
        band,
        origin: monthIndex(origin),
        changed,
        s: [pool(w), other].map((d) =>
          scoreForecasts([{ unit: r.unit, month: r.month, draws: d, observed: y }]),
        ),
      };
    });
  };
  type Row = ReturnType<typeof score>[number];
  const show = (label: string, rows: Row[]) => {
    console.log(
      `${label}: ${((100 * rows.filter((r) => r.changed).length) / rows.length).toFixed(1)}% of forecasts changed (${name})`,
    );
    console.log(`  pool  all: ${scoresText(rows, 0)}\n  ${name} all: ${scoresText(rows, 1)}`);
    HORIZON_BANDS.forEach((b, i) => {
      const inBand = rows.filter((r) => r.band === i);
      console.log(`  band ${b.label}: pool ${scoresText(inBand, 0)}; ${name} ${scoresText(inBand, 1)}`);
    });
  };
  console.log(
    variant === 'gate'
      ? `\n## ${level.name}: zero component gated by zeros in the last 12 months (exploration, not shipped)\n`
      : `\n## ${level.name}: zero component at the lowest month of the last 12 (exploration)\n`,
  );
  const val = score(MONTHLY_VALIDATION_ORIGINS, 300, true);
  show('validation (300 draws)', val);
  yearBandCheck(val, name);
  show(`test (${draws} draws, for the record)`, score(MONTHLY_TEST_ORIGINS, draws, false));
  console.log(secs(t));
}

/**
 * The regime-switched combination (regime-holdout.ts) judged on the validation origins (300 draws,
 * the shipped shares) by the nested hold-out check every combination rule faced; nothing is shipped.
 */
function regimeStep(level: TuneLevel & { name: 'country' | 'admin1' }, seed: number): void {
  const t = performance.now();
  const draws = 300;
  const collected = collectDraws(level.panel, {
    origins: MONTHLY_VALIDATION_ORIGINS,
    components: ENSEMBLE_COMPONENTS,
    draws,
    seed,
    ...(level.neighbours ? { neighbours: level.neighbours } : {}),
  });
  console.log(
    `\n## ${level.name}: regime-switched combination, nested hold-out check (${draws} draws; nothing here is shipped)\n`,
  );
  for (const h of regimeCheck(level.panel, collected, ENSEMBLE_WEIGHTS[level.name].weights, draws))
    console.log(
      `regime ${h.feature} (thresholds on all validation ${h.learnt.map((x) => x.toFixed(3)).join(' / ')}): ${h.n} held-out year-bands (${h.years[0]}-${h.years.at(-1)}): mean |coverage90 - 90%| pool ${h.gap_pool.toFixed(4)} (${h.inside_pool} inside 85-95%), rule ${h.gap_rule.toFixed(4)} (${h.inside_rule} inside); CRPS ${h.crps_pool.toFixed(3)} -> ${h.crps_rule.toFixed(3)}, IGN ${h.ign_pool.toFixed(3)} -> ${h.ign_rule.toFixed(3)}: ${h.adopted ? 'passes the rule' : 'fails the rule'}`,
    );
  console.log(secs(t));
}

/**
 * Bottom-up country forecasts (issue 16, tenth pass; bottom-up.ts), judged as the floor was: the
 * country's draws as the sums, draw by draw, of the seven provinces' pooled draws (admin-1 shares,
 * floor at the recent low) and of the pooled draws of its events without a province (the same
 * shares and floor, one unit), against the country pool as shipped; nothing learnt, so the nested
 * check is the held-out year-bands 1997-2013 (gap falls and CRPS rises by at most 1% to pass);
 * then the test origins for the record, with the components' own scores beside them.
 */
/**
 * The shipped ensemble (country bottom up, as shipped) on the monthly validation origins, 300 draws,
 * on two panels: records dated coarser than a month left out, or spread over their span (the rule
 * adopted, month-shares.ts). Each panel is scored against its own outcomes, so the comparable
 * figures are the skill against the best baseline on the same panel and the coverage.
 */
async function coarseRuleStep(seed: number): Promise<void> {
  const rows = await readGedEvents();
  const coarse = rows.filter((r) => r.through !== undefined);
  console.log(
    `\n## records dated coarser than a month: ${coarse.length} (${coarse.reduce((a, r) => a + r.best, 0)} deaths), ${MONTHLY_VALIDATION_ORIGINS.length} monthly validation origins, 300 draws, shipped ensemble\n`,
  );
  console.log('| rule | level | nbar-mix CRPS | best baseline | crps_ratio | ign_diff | coverage90 | time |');
  console.log('|---|---|---:|---|---:|---:|---:|---:|');
  for (const [rule, events] of [
    ['left out', rows.filter((r) => r.through === undefined)],
    ['spread', rows],
  ] as const) {
    const panels = buildGedPanels([...events], 'fatalities');
    for (const level of levelsOf(panels)) {
      const t = performance.now();
      const r = runBacktest(level.panel, {
        origins: MONTHLY_VALIDATION_ORIGINS,
        draws: 300,
        seed,
        neighbours: level.neighbours,
        ensemble: ENSEMBLE_WEIGHTS[level.name],
        ...(level.name === 'country' && COUNTRY_BOTTOM_UP.adopted
          ? {
              bottomUp: {
                parts: remainderParts(panels.country[0]!, panels.admin1),
                neighbours: PAK_PROVINCE_NEIGHBOURS,
                ensemble: ENSEMBLE_WEIGHTS.admin1,
              },
            }
          : {}),
      });
      const c = r.comparisons.find((x) => x.model === 'nbar-mix')!;
      const m = r.methods['nbar-mix']!;
      console.log(
        `| ${rule} | ${level.name} | ${m.crps.toFixed(3)} | ${c.best.crps} ${r.methods[c.best.crps]!.crps.toFixed(3)} | ${c.crps_ratio.toFixed(3)} | ${c.ign_diff.toFixed(3)} | ${(100 * m.coverage90).toFixed(1)}% | ${secs(t)} |`,
      );
    }
  }
}

function bottomUpStep(panels: GedPanels, draws: number, seed: number): void {
  const t = performance.now();
  const zero = ENSEMBLE_COMPONENTS.indexOf('zero');
  const country = panels.country[0]!;
  const remainder = remainderSeries(country, panels.admin1, 'PAK-none');
  console.log(
    `\n## country, bottom up: the sums of 7 provinces and ${remainder.values.reduce((a, v) => a + v, 0)} deaths without a province (of ${country.values.reduce((a, v) => a + v, 0)}); nothing here is shipped\n`,
  );
  const pooled = (
    panel: Panel,
    neighbours: Neighbours | undefined,
    origins: readonly string[],
    m: number,
    validation: boolean,
    shares: readonly (readonly number[])[],
    floor: 'zero' | 'recent-low',
  ) => {
    const collected = collectDraws(panel, {
      origins,
      components: ENSEMBLE_COMPONENTS,
      draws: m,
      seed,
      ...(neighbours ? { neighbours } : {}),
      validation,
    });
    if (collected.parts[0]!.length !== origins.length * 12 * panel.length)
      throw new Error(`bottom-up: ${panel.map((s) => s.unit).join(', ')} has months no source covers`);
    const lows = new Map<string, number>();
    const rows = collected.parts[0]!.map((r, i) => {
      const origin = addMonths(r.month, -r.horizon);
      let low = 0;
      if (floor === 'recent-low') {
        const key = `${r.unit}|${origin}`;
        const hit = lows.get(key);
        if (hit === undefined) {
          const history = historyUpTo([panel.find((s) => s.unit === r.unit)!], origin);
          low = recentLowMethod({ history, origin, horizons: 1, draws: 1, seed })[0]!.draws[0]!;
          lows.set(key, low);
        } else low = hit;
      }
      const d = drawCounts(shares[bandOf(r.horizon)]!, m).flatMap((k, c) =>
        c === zero ? Array<number>(k).fill(low) : collected.parts[c]![i]!.draws.slice(0, k),
      );
      return { unit: r.unit, month: r.month, horizon: r.horizon, draws: d };
    });
    return { rows, collected };
  };
  const score = (origins: readonly string[], m: number, validation: boolean) => {
    const c = pooled(
      panels.country,
      undefined,
      origins,
      m,
      validation,
      ENSEMBLE_WEIGHTS.country.weights,
      'zero',
    );
    const a = ENSEMBLE_WEIGHTS.admin1;
    const prov = pooled(
      panels.admin1,
      PAK_PROVINCE_NEIGHBOURS,
      origins,
      m,
      validation,
      a.weights,
      'recent-low',
    );
    const rest = pooled([remainder], undefined, origins, m, validation, a.weights, 'recent-low');
    const sums = new Map(
      sumByDraw([...prov.rows, ...rest.rows], 'PAK', panels.admin1.length + 1).map((r) => [
        `${r.month}|${r.horizon}`,
        r,
      ]),
    );
    return c.rows.map((r, i) => {
      const y = c.collected.observed[i]!;
      const up = sums.get(`${r.month}|${r.horizon}`)!;
      const one = (d: ArrayLike<number>) =>
        scoreForecasts([{ unit: 'PAK', month: r.month, draws: d, observed: y }]);
      return {
        band: bandOf(r.horizon),
        origin: monthIndex(addMonths(r.month, -r.horizon)),
        // The country pool, bottom up, then each component alone (its first m draws).
        s: [one(r.draws), one(up.draws), ...c.collected.parts.map((p) => one(p[i]!.draws.slice(0, m)))],
      };
    });
  };
  type Row = ReturnType<typeof score>[number];
  const show = (label: string, rows: Row[]) => {
    console.log(`${label}\n  pool      all: ${scoresText(rows, 0)}\n  bottom-up all: ${scoresText(rows, 1)}`);
    HORIZON_BANDS.forEach((b, i) => {
      const inBand = rows.filter((r) => r.band === i);
      console.log(`  band ${b.label}: pool ${scoresText(inBand, 0)}; bottom-up ${scoresText(inBand, 1)}`);
    });
    // Against the best component baseline (poisson-last is not a component; it is never the best here).
    const baselines = ENSEMBLE_COMPONENTS.flatMap((m, c) => (m === 'nbar' ? [] : [c + 2]));
    const bestCrps = Math.min(...baselines.map((k) => meanOf(rows, k, 'crps')));
    const bestIgn = Math.min(...baselines.map((k) => meanOf(rows, k, 'ign')));
    for (const [name, k] of [
      ['pool', 0],
      ['bottom-up', 1],
    ] as const)
      console.log(
        `  ${name}: crps_ratio ${(meanOf(rows, k, 'crps') / bestCrps).toFixed(3)}, ign_diff ${(meanOf(rows, k, 'ign') - bestIgn).toFixed(3)} (best component baseline: CRPS ${bestCrps.toFixed(3)}, IGN ${bestIgn.toFixed(3)})`,
      );
  };
  const val = score(MONTHLY_VALIDATION_ORIGINS, 300, true);
  show('validation (300 draws)', val);
  yearBandCheck(val, 'bottom-up');
  show(`test (${draws} draws, for the record)`, score(MONTHLY_TEST_ORIGINS, draws, false));
  console.log(secs(t));
}

if (import.meta.url === `file://${process.argv[1]}`)
  await benchForecast({
    tune: process.argv.includes('--tune'),
    actorGroups: process.argv.includes('--actor-groups'),
    relations: process.argv.includes('--relations') || process.env.FORECAST_BENCH_RELATIONS === '1',
    relationsOnly: process.env.FORECAST_BENCH_RELATIONS_ONLY === '1',
    ...(process.env.FORECAST_BENCH_DRAWS ? { draws: Number(process.env.FORECAST_BENCH_DRAWS) } : {}),
    zeroGate: process.argv.includes('--zero-gate'),
    recentLow: !process.argv.includes('--no-recent-low'),
    exploreOnly: process.argv.includes('--explore-only'),
    events: !process.argv.includes('--no-events'),
    ...(process.argv.includes('--metric=events') ? { metric: 'events' as const } : {}),
    eventsOnly: process.argv.includes('--events-only'),
    eventSharesCheck: process.argv.includes('--event-shares-check'),
    regimeOnly: process.argv.includes('--regime-only'),
    bottomUpOnly: process.argv.includes('--bottom-up-only'),
    coarseRuleOnly: process.argv.includes('--coarse-rule-only'),
  });
