/**
 * The briefing use case: everything a one-period briefing shows, as plain data (BriefingData),
 * built from the store with the same use cases the API answers with (compare, series, signals),
 * and a reproducibility id hashed from its inputs. Rendering is src/report's job.
 */
import { deskIncluded } from '../../domain/query.ts';
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';
import { densePeriods, parsePeriod, periodKey, type Interval } from '../../analytics/aggregate/periods.ts';
import { InvalidInputError, invalidParam, ParamError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { EventFilter } from '../../domain/query.ts';
import type {
  BriefingForecast,
  BriefingData,
  BriefingPeriod,
  BriefingSurge,
  FigureChange,
  KeyFigure,
} from '../../report/briefing-data.ts';
import type { Coverage, Store } from '../../storage/store.ts';
import { forecastWithSkill } from '../forecast/run-forecast.ts';
import { untestedGapNote } from '../forecast/untested-gap.ts';
import { aggregate, emptyTotals, type Totals } from '../analysis/aggregate.ts';
import { compareQuery } from '../analysis/compare.ts';
import {
  coverageStatus,
  coverageWarning,
  holdsWholeYears,
  relevantCoverage,
  wholeDates,
} from '../analysis/meta.ts';
import { agree, counted } from '../../domain/plural.ts';
import { METRIC_DEFINITIONS } from '../analysis/metrics.ts';
import { querySeries } from '../analysis/series.ts';
import { signalsQuery } from '../analysis/signals.ts';
import { checkClaims, type LoadedClaims } from '../claims/check-claims.ts';
import { echoFilter } from '../filters.ts';
import { borderRelations } from './border-relations.ts';
import {
  borderZone,
  deadliestEvents,
  deadliestTotal,
  mapDots,
  provinceTable,
  topDyads,
} from './briefing-events.ts';
import type { CoverageStatus } from '../answers.ts';
import { briefingSources } from './briefing-sources.ts';
import { briefingTitle } from './briefing-title.ts';
import { latestQuarterNote, latestWholeQuarter } from './latest-period.ts';
import { focusBox, mapBorder, mapUnits } from './map-layers.ts';

/** What to brief on: one ISO week, month, quarter or year, any event filter (without dates), optionally claims. */
export interface BriefingRequest {
  /** The period; none: the latest quarter the loaded sources under the filter cover whole (latest-period.ts). */
  period?: string;
  filter: EventFilter;
  claims?: LoadedClaims | null;
  /** When the briefing is generated (ISO); not part of the reproducibility id. Default: now. */
  generatedAt?: string;
  /** Events listed in the deadliest and border tables, dyads listed (default 10). */
  top?: number;
  /** Add an outlook section: the forecast with its backtest skill (admin-1 of the first country). */
  forecast?: boolean;
}

/** Events read for the province table and map, at most. */
const MAX_EVENTS = 100_000;
const r3 = (x: number | null) => (x === null ? null : Math.round(x * 1000) / 1000);

/** Parses a briefing period (ISO week, month, quarter or year); throws `invalid period: ...` (`invalid --period` in the CLI). */
export function briefingPeriod(value: string): BriefingPeriod {
  const refused = () =>
    invalidParam(
      'period',
      `${quoteValue(value)} (use an ISO week 2021-W40, a month 2021-10, a quarter 2021-Q4 or a year 2021)`,
    );
  // parsePeriod's own message offers days, which a briefing then refuses: name only its forms.
  let p: ReturnType<typeof parsePeriod>;
  try {
    p = parsePeriod(value);
  } catch (e) {
    throw e instanceof InvalidInputError ? refused() : e;
  }
  if (p.interval === 'day') throw refused();
  return { key: p.key, interval: p.interval, from: p.start, to: p.end, days: p.days };
}

/** A briefing's own period: one whose year before still has dates (year 0002 on), else refused quoting it as given. */
function ownPeriod(value: string): BriefingPeriod {
  const period = briefingPeriod(value);
  // Its comparisons reach back a year, and dates start at year 0001 (it said "invalid period: 0").
  if (period.from < '0002-01-01')
    throw invalidParam(
      'period',
      `${quoteValue(value)} (a briefing compares it with the year before: give a period from 0002 on)`,
    );
  return period;
}

/** Weeks a week's briefing reaches back for "a year earlier": 52, so that the days are the same weekdays. */
const WEEKS_A_YEAR = 52;

/**
 * The reference periods: the one before, and the same one a year earlier. For an ISO week the year
 * earlier is the week 52 weeks before (the same weekdays; 2020-W53's is 2020-W01, as no 2019-W53 exists).
 */
function shifted(p: BriefingPeriod, back: 'previous' | 'year'): BriefingPeriod {
  if (back === 'previous')
    return briefingPeriod(periodKey(isoDate(dayNumber(p.from)! - 1), p.interval as Interval));
  if (p.interval === 'week')
    return briefingPeriod(periodKey(isoDate(dayNumber(p.from)! - 7 * WEEKS_A_YEAR), 'week'));
  const y = String(Number(p.key.slice(0, 4)) - 1).padStart(4, '0');
  return briefingPeriod(`${y}${p.key.slice(4)}`);
}

async function totals(store: Store, filter: EventFilter, p: BriefingPeriod): Promise<Totals> {
  const folded = await aggregate(store, { filter: wholeDates({ ...filter, from: p.from, to: p.to }) });
  return [...folded.cells.values()][0] ?? emptyTotals();
}

/** Builds the briefing data for a period and filter. */
export async function buildBriefing(store: Store, req: BriefingRequest): Promise<BriefingData> {
  if (req.filter.from || req.filter.to)
    throw new ParamError(
      (n) =>
        `invalid filter: ${n.field('from')} and ${n.field('to')} do not apply to a briefing (give its ${n.field('period')}, such as 2021-Q4)`,
    );
  const top = req.top ?? 10;
  const f = req.filter;
  const coverage = relevantCoverage(await store.coverage(), f);
  const period = ownPeriod(req.period ?? latestWholeQuarter(coverage));
  const previous = shifted(period, 'previous');
  const yearEarlier = shifted(period, 'year');

  const nowCovered = coverageStatus(coverage, period.from, period.to);
  const [now, prev, year] = await Promise.all([
    totals(store, f, period),
    totals(store, f, previous),
    totals(store, f, yearEarlier),
  ]);
  const [cPrev, cYear] = [
    (
      await compareQuery(store, {
        kind: 'periods',
        filter: f,
        metric: 'events',
        period1: previous.key,
        period2: period.key,
      })
    ).comparison,
    (
      await compareQuery(store, {
        kind: 'periods',
        filter: f,
        metric: 'events',
        period1: yearEarlier.key,
        period2: period.key,
      })
    ).comparison,
  ];
  const change = (
    metric: KeyFigure['metric'],
    ref: BriefingPeriod,
    t: Totals,
    c: typeof cPrev,
  ): FigureChange => {
    const v = (x: Totals) => (metric === 'events' ? x.events : (x.sums[metric] ?? null));
    const isEvents = metric === 'events';
    const covered = coverageStatus(coverage, ref.from, ref.to);
    const warning = coverageWarning(coverage, ref.from, ref.to);
    // Never a change against a period the loaded sources do not wholly cover: its zero is not a zero.
    // A wholly covered reference keeps its value (it is known), and says why no change is given.
    if (covered !== 'covered' || nowCovered !== 'covered')
      return {
        period: ref,
        value: covered === 'covered' ? v(t) : null,
        difference: null,
        ratio: null,
        ci_low: null,
        ci_high: null,
        p_value: null,
        warning:
          warning ??
          `no change computed: ${period.key} itself is ${nowCovered === 'not_covered' ? 'not covered' : 'covered only in part'} by the loaded sources`,
        coverage: covered,
      };
    const [a, b] = [v(t), v(now)];
    return {
      period: ref,
      value: a,
      difference: a === null || b === null ? null : b - a,
      ratio: isEvents ? r3(c.rate_ratio) : a && b !== null ? r3(b / a) : null,
      ci_low: isEvents ? r3(c.ci_low) : null,
      ci_high: isEvents ? r3(c.ci_high) : null,
      p_value: isEvents && c.p_value !== null ? Math.round(c.p_value * 1e4) / 1e4 : null,
      warning,
      coverage: covered,
    };
  };
  const figure = (metric: KeyFigure['metric'], label: string): KeyFigure => ({
    metric,
    label,
    definition: METRIC_DEFINITIONS[metric],
    value:
      nowCovered === 'not_covered' ? null : metric === 'events' ? now.events : (now.sums[metric] ?? null),
    coverage: nowCovered,
    low:
      metric === 'fatalities_best' && nowCovered !== 'not_covered' ? (now.sums.fatalities_low ?? null) : null,
    high:
      metric === 'fatalities_best' && nowCovered !== 'not_covered'
        ? (now.sums.fatalities_high ?? null)
        : null,
    unknown: nowCovered === 'not_covered' ? null : metric === 'events' ? 0 : (now.unknown[metric] ?? 0),
    previous: change(metric, previous, prev, cPrev),
    year_earlier: change(metric, yearEarlier, year, cYear),
  });
  const keyFigures = [
    figure('events', 'Events'),
    figure('fatalities_best', 'Deaths (best estimate)'),
    figure('deaths_civilians', 'Civilian deaths'),
  ];

  const months = densePeriods(period.from, period.to, 'month');
  // A week's months are context: the twelve whole months before its last day (a month cut at the
  // week's Sunday would read as a fall), the week itself being charted week by week.
  const chartTo = period.interval === 'week' ? lastWholeMonthEnd(period.to) : period.to;
  const chartFrom = isoDate(
    dayNumber(
      `${
        period.interval === 'week'
          ? shiftMonths(chartTo.slice(0, 7), -11)
          : shiftMonths(months[0]!, -(period.interval === 'year' ? 12 : 12 - months.length))
      }-01`,
    )!,
  );
  const series = await querySeries(store, {
    filter: { ...f, from: chartFrom, to: chartTo },
    interval: 'month',
    metrics: ['events', 'fatalities_best'],
  });
  const monthly = {
    from: chartFrom,
    to: chartTo,
    points: series.points.map((p) => ({
      month: p.period,
      // The series gives null for a month no loaded source covers: not known, not 0.
      events: p.events === null ? null : Number(p.events),
      deaths_best: p.fatalities_best === null ? null : Number(p.fatalities_best),
      // A week is no month: a week's months are context, none of them the period.
      in_period: period.interval !== 'week' && months.includes(p.period),
    })),
  };
  const weekly = period.interval === 'week' ? await weeklyChart(store, f, period) : null;

  // The rows of the province table, map, deadliest events and border zone are those the key
  // figures count: a record dated only to a month or a year counts in a period that holds it whole.
  // A period's events are fewer than MAX_EVENTS: their page is their count, with no scan of its own.
  const page = await store.queryEvents({
    ...wholeDates({ ...f, from: period.from, to: period.to }),
    sort: '-fatalities',
    limit: MAX_EVENTS,
    totalFromShortPage: true,
  });
  const rows = page.rows;
  const countries = briefingCountries(f, coverage, period, rows);
  const units = mapUnits(countries.filter((c) => c === 'PAK' || c === 'AFG'));
  const { dots, without } = mapDots(rows);
  const pairs = topDyads(rows, top);

  const surge = await surgeAt(store, f, period);
  // The border and relations section is about Pakistan and Afghanistan: shown unless the filter names other countries only.
  const withBorder = !f.country?.length || f.country.some((c) => c === 'PAK' || c === 'AFG');
  const border_relations = withBorder ? await borderRelations(store, period) : null;
  // The section reads the whole border whatever the briefing's filters: said, so that a briefing on
  // the TTP in Balochistan does not read its border rows as Balochistan's.
  const unapplied = filterText({
    ...f,
    country: f.country?.includes('PAK') && f.country.includes('AFG') ? undefined : f.country,
  });
  if (border_relations && unapplied !== 'no filters')
    border_relations.notes.unshift(
      `This section does not apply the briefing's filters (${unapplied.replace(/^filters: /, '')}): its series are those of \`faultline border\` for the whole Afghanistan–Pakistan border (both sides), with the relations of each pair and every published returns figure of the period.`,
    );
  const claims = req.claims
    ? {
        file: req.claims.fileName,
        sha256: req.claims.sha256,
        results: (await checkClaims(store, req.claims.file.claims)).map((c) => ({
          id: c.id,
          text: c.text,
          verdict: c.verdict,
          explanation: c.explanation,
        })),
      }
    : null;

  const sources = await briefingSources(store, {
    filter: f,
    period,
    coverage,
    rows,
    total: page.total,
    keyFigures,
    claims: req.claims ?? null,
    top,
    rangeUnknown:
      nowCovered === 'not_covered'
        ? null
        : { low: now.unknown.fatalities_low ?? 0, high: now.unknown.fatalities_high ?? 0 },
  });
  sources.caveats.push(...(await datesBeyond(store, f, [period, previous, yearEarlier])));
  sources.caveats.push(
    deskIncluded(f)
      ? 'Published desk events (source faultline-desk, entered by analysts from news reports and reviewed) are included in these figures.'
      : 'Desk events (analysts’ reports from the news, source faultline-desk) are not included.',
  );
  const forecast = req.forecast
    ? await briefingForecast(store, countries[0] ?? 'PAK', sources.caveats)
    : undefined;
  // A briefing of every loaded country is "all", as its title says, whatever countries the data hold.
  const placeKey =
    (f.country?.length || f.admin1?.length || f.admin2?.length) && countries.length
      ? countries.join('-')
      : 'all';
  return {
    id: `${slug(`${placeKey}-${period.key}`)}-${sources.reproducibility_id.slice(0, 8)}`,
    title: briefingTitle(f, countries, period.key),
    subtitle: `${period.from} to ${period.to} · ${filterText(f)} · ${sourcesText(sources.datasets, nowCovered, period.key)}`,
    generated_at: req.generatedAt ?? new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    period,
    period_note: req.period === undefined ? latestQuarterNote(period.key) : null,
    filter: echoFilter(f),
    filter_text: filterText(f),
    key_figures: keyFigures,
    provinces: provinceTable(rows),
    monthly,
    weekly,
    map: {
      bbox: focusBox(units),
      units,
      border: mapBorder(),
      dots,
      events_without_coordinates: nowCovered === 'not_covered' ? null : without,
    },
    deadliest: deadliestEvents(rows, top),
    // Not known, not 0, when no source covers the period (as the map's events_without_coordinates).
    deadliest_total: nowCovered === 'not_covered' ? null : deadliestTotal(rows),
    dyads: pairs.dyads,
    dyads_total: nowCovered === 'not_covered' ? null : pairs.total,
    border: borderZone(rows, top, nowCovered),
    surge,
    border_relations,
    claims,
    ...(forecast !== undefined ? { forecast } : {}),
    caveats: sources.caveats,
    sources: {
      datasets: sources.datasets,
      citation: sources.citation,
      reproducibility_id: sources.reproducibility_id,
      inputs: sources.inputs,
    },
  };
}

/** Weeks a week's briefing charts: its week and the 25 before it (half a year). */
const CHART_WEEKS = 26;

/** A week's briefing chart: events and deaths per ISO week, the briefing's week and the weeks before it. */
async function weeklyChart(
  store: Store,
  f: EventFilter,
  period: BriefingPeriod,
): Promise<NonNullable<BriefingData['weekly']>> {
  const from = isoDate(dayNumber(period.from)! - 7 * (CHART_WEEKS - 1));
  const series = await querySeries(store, {
    filter: { ...f, from, to: period.to },
    interval: 'week',
    metrics: ['events', 'fatalities_best'],
  });
  return {
    from,
    to: period.to,
    points: series.points.map((p) => ({
      week: p.period,
      // Null for a week no loaded source covers: not known, not 0.
      events: p.events === null ? null : Number(p.events),
      deaths_best: p.fatalities_best === null ? null : Number(p.fatalities_best),
      in_period: p.period === period.key,
    })),
  };
}

/**
 * Caveats on the records a period holds in part (dated only to a month, a year or a longer span that
 * runs past it): no key figure, table or map of that period counts them, as no month of a series
 * does, so each period says how many it leaves out rather than dropping them silently.
 */
async function datesBeyond(store: Store, f: EventFilter, periods: BriefingPeriod[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of periods) {
    if (holdsWholeYears({ from: p.from, to: p.to })) continue;
    const n = await store.countEvents({ ...f, from: p.from, to: p.to, datesWithin: 'beyond' });
    if (n)
      out.push(
        `${p.key}: ${counted(n, 'event')} dated only to a month, a year or a span that runs past ${p.key} ${agree(n, 'is', 'are')} left out of its figures, as ${agree(n, 'it', 'they')} may lie partly outside it (docs/methods.md, imprecise dates).`,
      );
  }
  return out;
}

async function surgeAt(store: Store, f: EventFilter, period: BriefingPeriod): Promise<BriefingSurge | null> {
  try {
    const s = await signalsQuery(store, { filter: { ...f, to: period.to } });
    const row = s.signal;
    const days = Object.keys(row)
      .filter((k) => /^highest_\d+d$/.test(k))
      .map((k) => Number(k.slice(8, -1)));
    return {
      metric: 'events',
      window_start: row.window_start,
      window_end: row.window_end,
      total: row.total,
      surge: row.surge,
      lookbacks: days.map((d) => ({
        days: d,
        highest: row[`highest_${d}d`] as boolean | null,
        previous_max: row[`previous_max_${d}d`] as number | null,
        previous_max_end: row[`previous_max_end_${d}d`] as string | null,
        left_out: (row[`left_out_${d}d`] as number | undefined) ?? 0,
      })),
      fired_at: s.history
        .filter((h) => h.surge && h.window_end >= period.from && h.window_end <= period.to)
        .map((h) => h.window_end),
      rule: s.rule,
    };
  } catch (e) {
    if (e instanceof InvalidInputError) return null;
    throw e;
  }
}

/** The last day of the last calendar month that ends on or before `day` (ISO dates). */
function lastWholeMonthEnd(day: string): string {
  const next = isoDate(dayNumber(day)! + 1);
  return next.slice(8) === '01' ? day : isoDate(dayNumber(`${day.slice(0, 7)}-01`)! - 1);
}

/**
 * The countries a briefing is about: the filter's; else those of the events in the places it names;
 * else, as it then counts every loaded event, the countries the loaded source versions that reach
 * into the period cover, with those of any event found (a published desk event's).
 */
function briefingCountries(
  f: EventFilter,
  coverage: readonly Coverage[],
  period: BriefingPeriod,
  rows: readonly { country: string }[],
): string[] {
  if (f.country?.length) return [...f.country];
  const found = rows.map((e) => e.country);
  if (f.admin1?.length || f.admin2?.length) return [...new Set(found)].sort();
  const covered = coverage
    .filter((c) => c.firstDate <= period.to && c.lastDate >= period.from)
    .flatMap((c) => c.countries);
  return [...new Set([...covered, ...found])].sort();
}

function shiftMonths(key: string, by: number): string {
  const [y, m] = key.split('-').map(Number) as [number, number];
  const t = y * 12 + (m - 1) + by;
  return `${String(Math.floor(t / 12)).padStart(4, '0')}-${String((t % 12) + 1).padStart(2, '0')}`;
}

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/**
 * A filter in words under the API's parameter names, as answers' `meta.filter` echoes it: "country PAK;
 * actor ttp, jamaat-ul-ahrar; dyad pakistan:ttp" (not the store's field names, nor a dyad as an object).
 */
export function filterText(f: EventFilter): string {
  const parts = Object.entries(echoFilter(f)).map(
    ([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') : String(v)}`,
  );
  return parts.length ? `filters: ${parts.join('; ')}` : 'no filters';
}

/** The outlook: the forecast with its skill, or null with a caveat when the data cannot support one. */
async function briefingForecast(
  store: Store,
  country: string,
  caveats: string[],
): Promise<BriefingForecast | null> {
  try {
    const f = await forecastWithSkill(store, { country, level: 'admin1' });
    // Never the forecast without its skill.
    if (!f.skill) {
      caveats.push(`No outlook: ${f.skill_note}.`);
      return null;
    }
    const skill = f.skill;
    // The outlook's skill was measured on complete histories: say so when this one has a gap.
    const gap = untestedGapNote(f.origin, f.missing, skill.origins);
    if (gap) caveats.push(`Outlook: ${gap}.`);
    return {
      origin: f.origin,
      counts: f.counts,
      model: f.model,
      level: f.spec.level,
      seed: f.spec.seed,
      rows: f.forecasts
        .filter((r) => [1, 3, 6, 12].includes(r.horizon))
        .map((r) => ({
          unit: r.unit,
          month: r.month,
          horizon: r.horizon,
          q05: r.q05,
          q50: r.q50,
          q95: r.q95,
        })),
      skill: {
        crps_ratio: skill.crps_ratio,
        ign_diff: skill.ign_diff,
        mis_ratio: skill.mis_ratio,
        coverage90: skill.methods[f.model]!.coverage90,
        origins: skill.origins,
        best_baseline: skill.best_baseline.crps,
        intervals: skill.intervals,
      },
    };
  } catch (e) {
    caveats.push(`No outlook: ${(e as Error).message}.`);
    return null;
  }
}

// The subtitle's sources: none for a period no source covers (the versions listed then only give the
// periods it is compared with).
function sourcesText(
  datasets: readonly { source: string; version: string }[],
  covered: CoverageStatus,
  key: string,
): string {
  const list = datasets
    .filter((d) => d.source !== 'statistics')
    .map((d) => `${d.source} ${d.version}`)
    .join(', ');
  if (covered !== 'not_covered') return `sources: ${list || 'none loaded'}`;
  return `sources: none covers ${key}${list ? ` (earlier periods compared: ${list})` : ''}`;
}
