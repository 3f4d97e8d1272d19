/** Routes of the analysis engine: series, compare, changepoints, signals, index, network, deadliest. */
import { z } from 'zod';
import { INTERVALS } from '../../analytics/aggregate/periods.ts';
import { borderFilter } from '../../app/analysis/border-filter.ts';
import { queryBorder } from '../../app/analysis/border-view.ts';
import { changepointsQuery } from '../../app/analysis/changepoints.ts';
import {
  compareQuery,
  PLACE_LEVELS,
  refuseMixedComparison,
  refuseSamePeriods,
} from '../../app/analysis/compare.ts';
import { indexQuery } from '../../app/analysis/conflict-index.ts';
import { METRICS } from '../../app/analysis/metrics.ts';
import { deadliestQuery, networkQuery } from '../../app/analysis/network.ts';
import { parseLookbacks, parseMetrics } from '../../app/analysis/params.ts';
import {
  denseSeries,
  MAX_SERIES_VALUES,
  OFFLOAD_SERIES_POINTS,
  seriesInputs,
  seriesSize,
  seriesValues,
} from '../../app/analysis/series.ts';
import { SeriesTooLargeError } from '../../app/errors.ts';
import { renderSeries } from '../../app/compute-tasks.ts';
import { offload } from '../../app/offload.ts';
import { negotiate } from '../respond.ts';
import { DEFAULT_WINDOW_DAYS, lookbacksHint, signalsQuery } from '../../app/analysis/signals.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { BORDER_FILTER_KEYS, type BorderFilterKey } from '../../domain/filter-vocabulary.ts';
import { GROUP_BYS } from '../../domain/aggregate.ts';
import { choice, FILTER_PARAMS, filterOf, int, num, text, flag, isSet } from '../params.ts';
import { API, route, type RouteDef } from '../route-table.ts';
import { relationsRoutes } from './relations.ts';

const metric = choice(
  METRICS as [string, ...string[]],
  'what to count: events (default) or a death figure',
).optional();
const tag = 'analysis';

const DEDUPE_PARAM = flag(
  'one count per incident across sources (linked records count once; see docs/linkage.md)',
).optional();

const SERIES_FORMATS = ['json', 'csv', 'ndjson'] as const;

/** The analysis routes. */
export const analysisRoutes: RouteDef[] = [
  route({
    method: 'GET',
    path: `${API}/series`,
    auth: 'read',
    tag,
    cache: true,
    formats: SERIES_FORMATS,
    summary: 'Dense time series of events and deaths',
    description:
      'Every period from `from` to `to` is present (zeros where a loaded source covers the period and recorded no events; null figures where none covers it). `imprecise` holds records dated only to a unit coarser than the interval (docs/methods.md). Death sums are null when no event counted reports them; `<metric>_unknown` counts such events. `meta` says what each metric counts, the sources and versions used, their coverage, and warns when the period reaches beyond it. A series of more than 200,000 metric values (points × metrics, twice that with `per_100k`; about 11 MB of JSON) is refused with 413 before it is built, naming its size and how to narrow it.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      interval: choice(
        INTERVALS as [string, ...string[]],
        'bucket: day, ISO week, month (default), quarter or year',
      ).optional(),
      by: choice(GROUP_BYS as [string, ...string[]], 'split the series by a dimension').optional(),
      metrics: text('comma-separated metrics (default all): ' + METRICS.join(', ')).optional(),
      per_100k: flag(
        'add <metric>_per_100k per 100,000 people for groups (by=admin1/admin2) or the one filtered unit with a population',
      ).optional(),
      dedupe: DEDUPE_PARAM,
    }),
    async handle(c, deps, q) {
      const inputs = await seriesInputs(
        deps.store,
        {
          filter: await filterOf(q, deps.store),
          interval: (q.interval ?? 'month') as never,
          groupBy: q.by as never,
          metrics: q.metrics ? parseMetrics(q.metrics) : undefined,
          per100k: isSet(q.per_100k),
          dedupe: isSet(q.dedupe),
        },
        deps.maxExportRows,
      );
      // Refused before it is built: a dense series of every metric runs to tens of megabytes.
      if (seriesValues(inputs) > MAX_SERIES_VALUES)
        throw new SeriesTooLargeError(
          seriesSize(inputs),
          inputs.metrics.length,
          inputs.per100k,
          MAX_SERIES_VALUES,
        );
      if (seriesSize(inputs) < OFFLOAD_SERIES_POINTS) {
        const r = await denseSeries(inputs);
        return { body: r, rows: r.points };
      }
      // Tens of thousands of points: built and rendered on a compute worker, off the event loop.
      const task = { inputs, format: negotiate(c, SERIES_FORMATS), maxRows: deps.maxExportRows };
      return offload('render-series', task, () => renderSeries(task));
    },
  }),
  route({
    method: 'GET',
    path: `${API}/border`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary:
      'The cross-border view: interstate clashes, Pakistani strikes in Afghanistan, TTP events near the border',
    description:
      "One row per month, series and side of the border (PAK, AFG): `interstate` (the Pakistani state against the Afghan state, dyad=pakistan:afghanistan), `pakistani_strikes` (first side the Government of Pakistan, event in Afghanistan) and `ttp_near_border` (TTP on either side whose whole border-distance range lies within `max_border_km`, default 50, of the border line; events the distance cannot decide, none or a range across the limit, are counted in `unjudged`). The side is the exact point's country, else the province, else the source's country. Months no loaded source covers have null figures, not zeros. Published desk events count only with `include_desk=true` (or `source=faultline-desk`).",
    // The filters the dashboard's Border view sends, from the same list (BORDER_FILTER_KEYS).
    query: z.strictObject(
      Object.fromEntries(BORDER_FILTER_KEYS.map((k) => [k, FILTER_PARAMS[k]])) as Pick<
        typeof FILTER_PARAMS,
        BorderFilterKey
      >,
    ),
    async handle(_c, deps, q) {
      const f = await filterOf(q, deps.store);
      const r = await queryBorder(deps.store, {
        filter: borderFilter(f),
        maxBorderKm: f.maxBorderKm,
      });
      return { body: r, rows: r.rows };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/compare`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Rate ratio of two periods or two places, with an exact interval and p-value',
    description:
      'Give `period1` and `period2` (a period key such as 2020, 2021-Q3, 2021-08, or FROM..TO), or `level`, `place1` and `place2` with `from`/`to`. Exposures are the days of each period a loaded source version covers (covered_days1, covered_days2); a side no source covers has a null count and no rate ratio, interval or p-value. Side 1 is the reference: rate_ratio = rate2 / rate1.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      period1: text(
        'reference period: 2020, 2021-Q3, 2021-08, 2021-W05 or 2021-01-01..2021-06-30',
        '2020',
      ).optional(),
      period2: text('compared period', '2021').optional(),
      level: choice(
        PLACE_LEVELS as [string, ...string[]],
        'level of place1 and place2 (default admin1)',
      ).optional(),
      place1: text('reference place (admin-1 code or label, district, or country code)', 'PK-PB').optional(),
      place2: text('compared place', 'PK-KP').optional(),
      metric,
      confidence: num(0.5, 0.999, 'confidence level of the interval (default 0.95)').optional(),
      dedupe: DEDUPE_PARAM,
    }),
    async handle(_c, deps, q) {
      const base = {
        filter: await filterOf(q, deps.store),
        metric: q.metric as never,
        confidence: q.confidence,
        dedupe: isSet(q.dedupe),
      };
      const byPeriod = q.period1 !== undefined || q.period2 !== undefined;
      const byPlace = q.place1 !== undefined || q.place2 !== undefined;
      refuseMixedComparison({ ...q, from: q.from as string | undefined, to: q.to as string | undefined });
      if (!byPeriod && !byPlace)
        throw new InvalidInputError('invalid comparison: give period1 and period2, or place1 and place2');
      if (byPeriod && (!q.period1 || !q.period2))
        throw new InvalidInputError(`missing parameter: ${q.period1 ? 'period2' : 'period1'}`);
      if (byPlace && (!q.place1 || !q.place2))
        throw new InvalidInputError(`missing parameter: ${q.place1 ? 'place2' : 'place1'}`);
      if (byPeriod) refuseSamePeriods(q.period1!, q.period2!);
      const r = byPeriod
        ? await compareQuery(deps.store, {
            ...base,
            kind: 'periods',
            period1: q.period1!,
            period2: q.period2!,
          })
        : await compareQuery(deps.store, {
            ...base,
            kind: 'places',
            level: (q.level ?? 'admin1') as never,
            place1: q.place1!,
            place2: q.place2!,
          });
      return { body: r, rows: [r.comparison] };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/changepoints`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Change points in a monthly series (PELT, Poisson cost)',
    description:
      'Returns the first period of each new level with the mean before and after, their ratio and difference. The default penalty is 3 ln(n) times an estimated dispersion factor (docs/methods.md). Periods the loaded sources do not cover whole are null in `series` and left out: the search runs within each covered run, never across a gap.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      metric,
      interval: choice(['week', 'month', 'quarter'], 'series interval (default month)').optional(),
      penalty: num(0, 1e6, 'penalty per change point, used as given').optional(),
      dispersion: choice(
        ['estimate', 'poisson'],
        'estimate (default) corrects the penalty for overdispersion; poisson does not',
      ).optional(),
      min_segment: int(1, 120, 'fewest periods in a segment (default 3)').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await changepointsQuery(deps.store, {
        filter: await filterOf(q, deps.store),
        metric: q.metric as never,
        interval: q.interval as never,
        penalty: q.penalty,
        dispersion: q.dispersion as never,
        minSegment: q.min_segment,
      });
      return { body: r, rows: r.changepoints };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/signals`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Surge signal: is the latest 30-day total the highest in one or three years?',
    description:
      '`to` is the latest day (default: the last day the matching data cover). `signal` is the rule on that day; `history` evaluates it at every month end (CSV/NDJSON give the history). A window holding a day no loaded source covers has `total` and `surge` null; earlier such windows are left out of the comparison and counted in `left_out_<days>d`, and when every earlier window is left out, `surge` is null too (not known, not false) unless the total is below `min_total`.',
    query: z.strictObject({
      ...FILTER_PARAMS,
      metric,
      window: int(1, 365, 'window length in days (default 30)').optional(),
      min_total: int(0, 1_000_000, 'smallest window total that can be a surge (default 10)').optional(),
      lookbacks: text('comma-separated lookbacks in days (default 365,1095)').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await signalsQuery(deps.store, {
        filter: await filterOf(q, deps.store),
        metric: q.metric as never,
        windowDays: q.window,
        minTotal: q.min_total,
        lookbacks: q.lookbacks
          ? parseLookbacks(q.lookbacks, {
              days: q.window ?? DEFAULT_WINDOW_DAYS,
              hint: lookbacksHint(q.window ?? DEFAULT_WINDOW_DAYS),
            })
          : undefined,
        typed: { from: q.from?.toString(), to: q.to?.toString() },
      });
      return { body: r, rows: r.history };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/index`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Conflict index components per admin-1 unit',
    description:
      'Deadliness, danger to civilians, diffusion (share of H3 cells with events) and fragmentation (distinct armed actors), each ranked across units, with definitions.',
    query: z.strictObject({ ...FILTER_PARAMS }),
    async handle(_c, deps, q) {
      const r = await indexQuery(deps.store, await filterOf(q, deps.store));
      return { body: r, rows: r.units };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/network`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'Actor network: dyads with events and deaths',
    query: z.strictObject({
      ...FILTER_PARAMS,
      sort: choice(['deaths_best', 'events'], 'order of dyads (default deaths_best)').optional(),
      limit: int(1, 1000, 'most dyads to return (default 50)').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await networkQuery(deps.store, {
        filter: await filterOf(q, deps.store),
        sortBy: q.sort as never,
        limit: q.limit,
      });
      return { body: r, rows: r.dyads };
    },
  }),
  route({
    method: 'GET',
    path: `${API}/deadliest`,
    auth: 'read',
    tag,
    cache: true,
    formats: ['json', 'csv', 'ndjson'],
    summary: 'The events with the most deaths (best estimate)',
    query: z.strictObject({
      ...FILTER_PARAMS,
      limit: int(1, 1000, 'how many events (default 10)').optional(),
    }),
    async handle(_c, deps, q) {
      const r = await deadliestQuery(deps.store, { filter: await filterOf(q, deps.store), limit: q.limit });
      return { body: r, rows: r.events };
    },
  }),
  ...relationsRoutes,
];
