import { liveTestOrigins, type BacktestResult, type OriginEvery } from '../../analytics/forecast/backtest.ts';
import { InvalidInputError, NotFoundError, invalidParam } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import {
  COMBINATION_CHECK,
  COUNTRY_BOTTOM_UP,
  FLOOR_CHECK,
  ENSEMBLE_WEIGHTS,
  ONLINE_CALIBRATION,
} from '../../analytics/forecast/ensemble-weights.ts';
import { remainderParts } from '../../analytics/forecast/bottom-up.ts';
import { ADMIN1_UNITS } from '../../geo/index.ts';
import { HORIZON_BANDS } from '../../analytics/forecast/bands.ts';
import type { UnitMonthForecast } from '../../analytics/forecast/forecast.ts';
import { crossBorderPanel } from '../../analytics/forecast/cross-border.ts';
import { PAK_PROVINCE_NEIGHBOURS } from '../../analytics/forecast/ged-panel.ts';
import type { Panel } from '../../analytics/forecast/types.ts';
import type { MethodName } from '../../analytics/forecast/methods.ts';
import type { Store } from '../../storage/store.ts';
import type { ForecastAnswer, ForecastCalibration, SkillIntervalsAnswer } from '../answers.ts';
import {
  skillIntervals,
  yearlySkill,
  type SkillIntervals,
  type YearSkill,
} from '../../analytics/forecast/skill-intervals.ts';
import { offload } from '../offload.ts';
import { NBAR_DEFAULTS, type NbarOptions } from '../../analytics/forecast/model-nbar.ts';
import { withRelations } from '../../analytics/forecast/relations-covariate.ts';
import { loadRelationsCovariates } from './relations-covariates.ts';
import type { ActorGroupCovariate } from '../../analytics/forecast/actor-groups.ts';
import { actorGroupsInfo, type ActorGroupsAnswer } from './actor-group-covariates.ts';
import { buildPanel, type ForecastLevel, type ForecastMetric, type PanelSpan } from './panels.ts';
import { keptBacktest } from './kept-backtests.ts';
import { liveForecast } from './live-model.ts';
import { untestedGapNote } from './untested-gap.ts';
import { checkFilter } from '../filters.ts';

/** Seed used unless the caller gives one: forecasts are reproducible by default. */
export const DEFAULT_SEED = 20261124;

/** What to forecast or backtest. */
export interface ForecastRequest {
  country?: string;
  level?: ForecastLevel;
  metric?: ForecastMetric;
  source?: string;
  seed?: number;
  draws?: number;
  horizons?: number;
  /**
   * Admin-1 forecasts of PAK or AFG: estimate the model on both countries' provinces, its neighbour
   * lag counting those across the border, when the store has the other country's data up to the
   * origin (not backtested: see docs/forecasting.md). Off unless true.
   */
  acrossBorder?: boolean;
  /**
   * Adds the relations covariates (docs/forecasting.md, "Relations covariates"): the loaded
   * relations indexes of the country's pairs, to the model and to its skill backtest. Off unless true.
   */
  relations?: boolean;
  /**
   * Actor-group covariates to add (docs/forecasting.md, "Actor groups and the border"): the deaths
   * (or events) of each group per unit-month, from the same events as the panel, to the model and
   * to its skill backtest. None unless given (parseActorGroups reads a user's value).
   */
  actorGroups?: readonly ActorGroupCovariate[];
}

const defaults = (r: ForecastRequest) => ({
  country: forecastCountry(r.country),
  level: r.level ?? 'admin1',
  metric: r.metric ?? 'fatalities',
  source: r.source ?? 'ucdp',
  seed: r.seed ?? DEFAULT_SEED,
  draws: r.draws ?? 1000,
  horizons: r.horizons ?? 12,
  across_border: r.acrossBorder === true,
  relations: r.relations === true,
  actor_groups: [...(r.actorGroups ?? [])],
});

/** The one country a forecast is for (default PAK): an ISO 3166-1 alpha-3 code, never a list. */
function forecastCountry(value: string | undefined): string {
  if (value === undefined) return 'PAK';
  const code = value.trim().toUpperCase();
  if (/[,\s]/.test(code))
    throw invalidParam(
      'country',
      `${quoteValue(value)} (a forecast is for one country: give one ISO 3166-1 alpha-3 code such as PAK)`,
    );
  if (!/^[A-Z]{3}$/.test(code))
    throw invalidParam(
      'country',
      `${quoteValue(value)} (not an ISO 3166-1 alpha-3 code: give three letters such as PAK)`,
    );
  return code;
}

type Spec = ReturnType<typeof defaults>;
/** A built panel and, for admin-1 forecasts of Pakistan or Afghanistan, the other country's panel (null when the store has none). */
type Built = Awaited<ReturnType<typeof buildPanel>> & {
  other?: Panel | null;
  /** The relations covariates when asked for (null when not asked). */
  relations?: Awaited<ReturnType<typeof loadRelationsCovariates>> | null;
  /** The actor-group covariates in the model (empty when not asked). */
  actorGroups?: readonly ActorGroupCovariate[];
  /**
   * A country forecast's parts when it is made bottom up (COUNTRY_BOTTOM_UP): the country's
   * provinces and its remainder (`<country>-none`); null when not.
   */
  parts?: Panel | null;
};

/** The panel built for a request, with the other side of the border and the relations covariates when asked. */
async function buildFor(store: Store, spec: Spec, req: ForecastRequest): Promise<Built> {
  const actorGroups = req.actorGroups ?? [];
  // A code no loaded source and no ISO list knows is refused as the other commands refuse it.
  await checkFilter(store, { country: [spec.country] }, { country: req.country ?? 'PAK' });
  // A source the store does not hold is refused as a filter refuses it (it said "no xyz events").
  if (spec.source !== 'ucdp') await checkFilter(store, { source: [spec.source] });
  if (actorGroups.length && req.acrossBorder)
    throw new InvalidInputError(
      'invalid combination: actor groups with pooling across the border (not available yet: the pooled panel carries no actor groups)',
    );
  const built = await buildPanel(store, { ...spec, actorGroups: actorGroups.length > 0 });
  const relations = req.relations
    ? await loadRelationsCovariates(store, spec.country, built.panel[0]?.months ?? [])
    : null;
  const parts = await bottomUpParts(store, spec, built, actorGroups.length > 0);
  return {
    ...built,
    notes: parts ? [...built.notes, bottomUpNote(parts)] : built.notes,
    other: await otherSide(store, spec, req.acrossBorder),
    relations,
    actorGroups,
    parts,
  };
}

/**
 * The parts of a country forecast made bottom up (COUNTRY_BOTTOM_UP: deaths, a country with
 * provinces): its admin-1 panel over the same months, and what the country holds beyond it.
 */
async function bottomUpParts(
  store: Store,
  spec: Spec,
  built: Awaited<ReturnType<typeof buildPanel>>,
  actorGroups: boolean,
): Promise<Panel | null> {
  const country = built.panel[0];
  if (
    !COUNTRY_BOTTOM_UP.adopted ||
    spec.level !== 'country' ||
    !country ||
    spec.metric !== COUNTRY_BOTTOM_UP.metric ||
    !ADMIN1_UNITS.some((u) => u.country === spec.country)
  )
    return null;
  const provinces = await buildPanel(store, {
    ...spec,
    level: 'admin1',
    first: country.months[0],
    actorGroups,
  });
  return remainderParts(country, provinces.panel);
}

/** What the answer says of a forecast made bottom up. */
function bottomUpNote(parts: Panel): string {
  const rest = parts.at(-1)!;
  return `the ensemble (nbar-mix) forecasts the country bottom up: the sum, draw by draw, of the admin-1 ensemble's draws for its ${parts.length - 1} provinces and for its deaths without a province (${rest.unit}); the baselines forecast the country series itself (docs/forecasting.md, "Bottom-up country forecasts")`;
}

/** The bottom-up option of the live model and the backtest, when the forecast is made bottom up. */
function bottomUpFor(built: Built, spec: Spec) {
  if (!built.parts) return {};
  return {
    bottomUp: {
      parts: withCovariates(built.parts, built),
      neighbours: neighboursFor({ ...spec, level: 'admin1' }),
      ensemble: ENSEMBLE_WEIGHTS.admin1,
    },
  };
}

/** The panel with the relations covariates on every series (unchanged when there are none). */
const withCovariates = (panel: Panel, built: Built): Panel =>
  built.relations?.covariates.length ? withRelations(panel, built.relations.covariates) : panel;

/** NBAR's options: the shipped ones, with the relations and actor-group covariates when there are any. */
function nbarFor(built: Built): NbarOptions {
  let o = NBAR_DEFAULTS;
  if (built.relations?.covariates.length)
    o = { ...o, indexCovariates: built.relations.covariates.map((c) => c.name) };
  if (built.actorGroups?.length) o = { ...o, covariates: [...built.actorGroups] };
  return o;
}

/** The other side of the Durand Line for admin-1 panels: Afghanistan for Pakistan and back. */
const ACROSS: Readonly<Record<string, string>> = { PAK: 'AFG', AFG: 'PAK' };

/** The other country's admin-1 panel to pool with when asked, or null when not asked or the store cannot build one (no data). */
async function otherSide(store: Store, spec: Spec, asked = false): Promise<Panel | null> {
  const country = ACROSS[spec.country];
  if (!asked || spec.level !== 'admin1' || !country) return null;
  try {
    return (await buildPanel(store, { ...spec, country })).panel;
  } catch (e) {
    // No events of the other side (not found), or no panel can be built of them.
    if (e instanceof InvalidInputError || e instanceof NotFoundError) return null;
    throw e;
  }
}

/** The panel and neighbours a forecast is estimated on: pooled across the border when the other country has data up to the origin. */
function estimationPanel(built: Built, spec: Spec) {
  const pooled = built.other
    ? crossBorderPanel(built.panel, built.other, { own: neighboursFor(spec) })
    : null;
  return pooled && pooled.joined.length
    ? { ...pooled, panel: withCovariates(pooled.panel, built) }
    : { panel: withCovariates(built.panel, built), neighbours: neighboursFor(spec), joined: [] as string[] };
}

/** Province adjacency for the model's neighbour lag (known for Pakistan's provinces only). */
const neighboursFor = (spec: Spec) =>
  spec.level === 'admin1' && spec.country === 'PAK' ? PAK_PROVINCE_NEIGHBOURS : undefined;

/** The test origins the panel can score: each needs history before it and observed months after it. */
function originsFor({ panel }: Built, spec: Spec, every: OriginEvery = 'december'): string[] {
  return liveTestOrigins(panel, spec.horizons, every);
}

function backtestOn(
  built: Built,
  spec: Spec,
  methods?: readonly MethodName[],
  byMonth = false,
  every: OriginEvery = 'december',
): BacktestResult {
  const origins = originsFor(built, spec, every);
  if (!origins.length)
    throw new InvalidInputError(
      `no backtest origin (${every === 'monthly' ? 'a month' : 'a December'} from 2014-12 on with 12 months of history and observed months after it) has the data a backtest needs for ${spec.country}`,
    );
  return keptBacktest(withCovariates(built.panel, built), {
    origins,
    horizons: spec.horizons,
    draws: spec.draws,
    seed: spec.seed,
    neighbours: neighboursFor(spec),
    nbar: nbarFor(built),
    methods,
    ensemble: ENSEMBLE_WEIGHTS[spec.level],
    ...bottomUpFor(built, spec),
    byMonth,
  });
}

/** The shown model's skill intervals from a backtest kept by month (skill-intervals.ts), rounded. */
function intervalsOf(b: BacktestResult, seed: number): SkillIntervalsAnswer {
  const r = skillIntervals(b.byMonth!, { seed, resamples: SKILL_RESAMPLES });
  const m = r.models.find((x) => x.model === 'nbar-mix')!;
  const round = (x: { lo: number; hi: number }) => ({
    lo: Math.round(x.lo * 1000) / 1000,
    hi: Math.round(x.hi * 1000) / 1000,
  });
  return {
    level: r.level,
    method: r.method,
    months: r.months,
    block_months: r.blockMonths,
    resamples: r.resamples,
    crps_ratio: round(m.intervals.crps_ratio),
    ign_diff: round(m.intervals.ign_diff),
    coverage90: round(m.intervals.coverage90),
  };
}

/**
 * The methods a shown forecast's skill is scored on: the four baselines and the model. NBAR alone
 * is left out (it is not shown, and fitting it again at every origin doubled the work); the
 * model's scores are the same either way, as every method draws from its own random stream.
 */
const SKILL_METHODS: readonly MethodName[] = [
  'zero',
  'poisson-last',
  'bootstrap',
  'conflictology',
  'nbar-mix',
];

/** The live forecast (live-model.ts) of the built panel's units, and what it says about its model. */
function forecastOn(
  built: Built,
  spec: Spec,
  methods?: MethodName[],
): { forecasts: UnitMonthForecast[]; notes: string[] } {
  const est = estimationPanel(built, spec);
  const own = new Set(built.panel.map((s) => s.unit));
  const live = liveForecast(est.panel, {
    origin: built.last,
    horizons: spec.horizons,
    draws: spec.draws,
    seed: spec.seed,
    methods,
    neighbours: est.neighbours,
    nbar: nbarFor(built),
    ensemble: ENSEMBLE_WEIGHTS[spec.level],
    ...bottomUpFor(built, spec),
  });
  return { forecasts: live.forecasts.filter((x) => own.has(x.unit)), notes: live.notes };
}

/**
 * Rolling-origin backtest (origins each December, or with `originsEvery: 'monthly'` every month,
 * from 2014-12 on that the data can score; horizons 1-12) on the store's data, with the actor-group
 * covariates in the model (empty when none), how sure its scores are (`intervals`: every model's, as
 * a shown forecast's skill gives them) and its skill per target year against the best CRPS baseline
 * (`yearly`).
 */
export async function backtestFromStore(
  store: Store,
  req: ForecastRequest & { originsEvery?: OriginEvery } = {},
): Promise<
  BacktestResult & {
    spec: Spec;
    originsEvery: OriginEvery;
    actorGroups: ActorGroupCovariate[];
    intervals: SkillIntervals;
    yearly: YearSkill[];
  }
> {
  const spec = defaults(req);
  const every = req.originsEvery ?? 'december';
  const b = backtestOn(await buildFor(store, spec, req), spec, undefined, true, every);
  return {
    ...b,
    spec,
    originsEvery: every,
    actorGroups: [...(req.actorGroups ?? [])],
    intervals: skillIntervals(b.byMonth!, { seed: spec.seed, resamples: SKILL_RESAMPLES }),
    yearly: yearlySkill(b.byMonth!, b.comparisons[0]!.best.crps),
  };
}

/** What a forecast is made of: the request as run and its panel, read from the store. */
export interface ForecastInput {
  spec: Spec;
  built: Built;
  methods?: MethodName[];
  withSkill?: boolean;
}

/** A forecast from the last month the source covers, with the origin used (forecastFromStore). */
export interface StoreForecast {
  origin: string;
  forecasts: UnitMonthForecast[];
  spec: Spec;
  rests_on: PanelSpan[];
  missing: { from: string; to: string }[];
  notes: string[];
  /** With `withSkill`: the skill of the model (nbar-mix), as forecastWithSkill gives it. */
  skill?: ForecastAnswer['skill'];
  skill_note?: string;
}

/**
 * Reads what a forecast is made of from the store (on the calling thread): the panel, and the
 * other side of the border, the relations and the actor groups when asked. Plain data, so that
 * forecastOnInput can run on a compute worker.
 */
export async function forecastInput(
  store: Store,
  req: ForecastRequest & { methods?: MethodName[]; withSkill?: boolean } = {},
): Promise<ForecastInput> {
  const spec = defaults(req);
  const built = await buildFor(store, spec, req);
  return { spec, built, methods: req.methods, withSkill: req.withSkill };
}

/** Forecasts from the last month the source covers, for the model and every baseline, with the origin used. */
export async function forecastFromStore(
  store: Store,
  req: ForecastRequest & { methods?: MethodName[]; withSkill?: boolean } = {},
): Promise<StoreForecast> {
  return forecastOnInput(await forecastInput(store, req));
}

/** The forecast (and with `withSkill` its skill) from what forecastInput read (pure: may run on a worker thread). */
export function forecastOnInput({ spec, built, methods, withSkill }: ForecastInput): StoreForecast {
  const live = forecastOn(built, spec, methods);
  const b = withSkill ? skillBacktest(built, spec) : undefined;
  return {
    ...(b === undefined
      ? {}
      : { skill: skillOf(b, spec.seed), skill_note: skillNote(b !== null, spec, false) }),
    origin: built.last,
    forecasts: live.forecasts,
    spec,
    rests_on: built.restsOn,
    missing: built.missing,
    notes: [...live.notes, ...built.notes],
  };
}

/**
 * What the skill is, beside it: from a seeded backtest of SKILL_DRAWS draws (so it moves a little
 * with the seed, and its IGN compares only with backtests of as many draws), whose model it is when
 * the shown one was pooled across the border, or why it is unknown.
 */
export function skillNote(scored: boolean, spec: Pick<Spec, 'country' | 'seed'>, pooled: boolean): string {
  if (!scored)
    return `skill unknown: no test origin (a December from 2014-12 on) has 12 months of history and observed months after it for ${spec.country} in the loaded data, so no backtest can score this forecast`;
  const seeded = `from a backtest with ${SKILL_DRAWS} draws per unit-month and seed ${spec.seed}: the figures move a little with the seed, and ign_diff compares only with backtests of ${SKILL_DRAWS} draws (IGN's pseudo-counts depend on the number of draws)`;
  return pooled
    ? `the skill is the single-country model's, not the model shown: pooling across the border is not backtested; ${seeded}`
    : `the skill is ${seeded}`;
}

/** The skill backtest of a shown forecast (SKILL_DRAWS draws, SKILL_METHODS), or null when no origin can be scored. */
function skillBacktest(built: Built, spec: Spec): BacktestResult | null {
  return originsFor(built, spec).length
    ? backtestOn(built, { ...spec, draws: SKILL_DRAWS }, SKILL_METHODS, true)
    : null;
}

/** The answer's `skill` from its backtest, figures rounded to 3 decimals (null without a backtest). */
function skillOf(b: BacktestResult | null, seed: number): ForecastAnswer['skill'] {
  const cmp = b?.comparisons.find((c) => c.model === 'nbar-mix');
  if (!b || !cmp) return null;
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    origins: b.origins,
    methods: Object.fromEntries(
      Object.entries(b.methods).map(([k, v]) => [
        k,
        {
          crps: round(v!.crps),
          ign: round(v!.ign),
          mis: round(v!.mis),
          coverage90: round(v!.coverage90),
          coverage50: round(v!.coverage50),
          n: v!.n,
        },
      ]),
    ),
    crps_ratio: round(cmp.crps_ratio),
    ign_diff: round(cmp.ign_diff),
    mis_ratio: round(cmp.mis_ratio),
    best_baseline: cmp.best,
    draws: SKILL_DRAWS,
    intervals: intervalsOf(b, seed),
  };
}

/** The calibration a forecast at this level carries: none while the hold-out check has not adopted the online one (ONLINE_CALIBRATION). */
export function calibrationFor(level: ForecastLevel, bottomUp = false): ForecastCalibration {
  // Bottom up, the country's draws are sums of the admin-1 pool's: its rule, checks and floor apply.
  const pool: ForecastLevel = bottomUp ? 'admin1' : level;
  const c = ONLINE_CALIBRATION[pool];
  const up = bottomUp
    ? `the country's draws are the sums of the admin-1 ensemble's draws for its provinces and for its deaths without a province (bottom up, adopted on the validation years: ${COUNTRY_BOTTOM_UP.check}); its `
    : '';
  return {
    method: 'none',
    step: null,
    alpha: null,
    bands: HORIZON_BANDS.map((b) => b.label),
    origins: [],
    note: `${up}intervals are the ensemble's own draws, combined ${ENSEMBLE_WEIGHTS[pool].rule === 'quantile-average' ? 'by quantile averaging' : "as a linear pool (a mixture of the components' draws)"}, not calibrated online: the adaptive conformal calibration (step ${c.step}, chosen on validation origins) was not adopted at ${pool} level by the nested hold-out check (${c.check}); nor were the other combination rules (${COMBINATION_CHECK[pool]}); the pool's floor is ${ENSEMBLE_WEIGHTS[pool].floor === 'recent-low' ? "each unit's lowest month of the last 12" : '0'} (${FLOOR_CHECK[pool]}); see docs/forecasting.md`,
  };
}

/** The note that the skill's backtest never met a gap like the one before this forecast's origin (none when it did, or without a skill). */
const untested = (built: Built, b: BacktestResult | null): string[] => {
  const note = b ? untestedGapNote(built.last, built.missing, b.origins) : null;
  return note ? [note] : [];
};

/** Draws kept per unit-month in the skill backtest that accompanies every shown forecast (fewer than the forecast's, for speed). */
export const SKILL_DRAWS = 300;

/** Resamples behind a shown forecast's skill intervals. */
export const SKILL_RESAMPLES = 2000;

/** A forecast as shown to users (the API's and the CLI's JSON): see ForecastAnswer in app/answers.ts. */
export type ForecastWithSkill = ForecastAnswer & {
  /** The request as run, with the options that change the model (across_border, relations, actor_groups). */
  spec: Spec;
  actor_groups: ActorGroupsAnswer | null;
  /**
   * What the reader must know besides the numbers: where the live model departs from the backtested
   * one (live-model.ts), provinces without events, events counted by their label. Empty when none.
   */
  notes: string[];
};

/** A quantile of integer draws (type 7) to 3 decimals: exact for 1,000 draws, without float noise such as 17.10000000000005. */
export const roundQuantile = (x: number): number => Math.round(x * 1000) / 1000;

/**
 * The forecast every surface shows (CLI, API, dashboard, briefing): never without its skill. The
 * model is nbar-mix (see docs/forecasting.md); skill is its rolling-origin backtest on the same panel.
 */
export async function forecastWithSkill(
  store: Store,
  req: ForecastRequest = {},
  historyMonths = 36,
): Promise<ForecastWithSkill> {
  const spec = defaults(req);
  // One panel (read on this thread) for the forecast, its skill and the observed history; the
  // simulation runs on a worker thread when the process has a compute pool.
  const built = await buildFor(store, spec, req);
  const input = { built, spec, historyMonths, acrossBorder: req.acrossBorder === true };
  return offload('forecast-with-skill', input, () => forecastWithSkillOn(input));
}

/** The forecast with its skill, computed from a built panel (pure: runs on a worker thread). */
export function forecastWithSkillOn({
  built,
  spec,
  historyMonths,
  acrossBorder = false,
}: {
  built: Built;
  spec: Spec;
  historyMonths: number;
  acrossBorder?: boolean;
}): ForecastWithSkill {
  const { panel } = built;
  const live = forecastOn(built, spec, ['nbar-mix']);
  const f = { origin: built.last, spec, forecasts: live.forecasts };
  const b = skillBacktest(built, spec);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  const basis = built.restsOn
    .map((r) => `${r.source} ${r.versions.join(', ')} ${r.from} to ${r.to}`)
    .join('; ');
  const joined = estimationPanel(built, spec).joined;
  const across = joined.length
    ? `; the model is estimated with ${joined.length} provinces across the border (${joined.join(', ')}), its neighbour lag counting them (not backtested)`
    : acrossBorder
      ? `; pooling across the border was asked for, but ${ACROSS[spec.country] && spec.level === 'admin1' ? `the store has no ${ACROSS[spec.country]} data in the 12 months up to the origin` : 'it applies to admin-1 forecasts of PAK or AFG only'}`
      : '';
  const rel = built.relations
    ? built.relations.covariates.length
      ? `; with relations covariates ${built.relations.covariates.map((c) => c.name).join(', ')}`
      : '; relations covariates were asked for, but none is loaded for this country'
    : '';
  const groups = built.actorGroups?.length
    ? `; with actor-group covariates ${built.actorGroups.join(', ')}`
    : '';
  const gaps = built.missing.length
    ? `; not covered, so missing (not zero): ${built.missing.map((m) => (m.from === m.to ? m.from : `${m.from} to ${m.to}`)).join(', ')}`
    : '';
  return {
    origin: f.origin,
    spec: f.spec,
    counts:
      (f.spec.metric === 'fatalities' ? 'deaths per month, best estimate' : 'events per month') +
      ` (${basis}${gaps}${across}${rel}${groups})`,
    rests_on: built.restsOn,
    missing: built.missing,
    model: 'nbar-mix',
    forecasts: f.forecasts.map((x) => ({
      unit: x.unit,
      month: x.month,
      horizon: x.horizon,
      mean: round(x.mean),
      q05: roundQuantile(x.quantiles.q05),
      q25: roundQuantile(x.quantiles.q25),
      q50: roundQuantile(x.quantiles.q50),
      q75: roundQuantile(x.quantiles.q75),
      q95: roundQuantile(x.quantiles.q95),
    })),
    observed: panel.map((s) => ({
      unit: s.unit,
      months: s.months.slice(-historyMonths),
      values: s.values.slice(-historyMonths),
    })),
    skill: skillOf(b, spec.seed),
    skill_note: skillNote(b !== null, spec, joined.length > 0),
    notes: [...untested(built, b), ...live.notes, ...built.notes],
    calibration: calibrationFor(spec.level, built.parts != null),
    relations: built.relations?.info ?? null,
    actor_groups: built.actorGroups?.length
      ? actorGroupsInfo(panel, built.actorGroups, built.restsOn, spec.metric)
      : null,
  };
}
