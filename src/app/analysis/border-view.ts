/**
 * The cross-border view: per month, clashes between the Pakistani and Afghan states, Pakistani
 * strikes inside Afghanistan and TTP events near the border, each split by the side of the border
 * the events lie on (domain/border-side.ts). Months no loaded source covers have null figures.
 */
import { grouped } from '../../domain/format-number.ts';
import { densePeriods, periodBounds, periodCount } from '../../analytics/aggregate/periods.ts';
import { ExportTooLargeError } from '../errors.ts';
import { MAX_SERIES_ROWS } from './series.ts';
import { expandActorFilter } from '../../domain/actors.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { BorderFilter } from './border-filter.ts';
import type { Store } from '../../storage/store.ts';
import type { BorderAnswer, BorderImpreciseRow, BorderRow, BorderSeries } from '../answers.ts';
import { aggregate, cellKey, type Folded } from './aggregate.ts';
import {
  buildMeta,
  coverageStatus,
  loadCoverage,
  partlyCovered,
  partlyCoveredNote,
  relevantCoverage,
  resolvePeriod,
  sourceUse,
} from './meta.ts';
import { agree, counted } from '../../domain/plural.ts';
import { BORDER_LINE_ERROR_KM } from '../../domain/border-side.ts';

/** The distance (km) within which TTP events count as near the border, unless asked otherwise. */
export const DEFAULT_BORDER_KM = 50;

/**
 * A cross-border request: the period and sources, and whether published desk events count (other
 * filters are the view's own), and the TTP distance.
 */
export interface BorderQuery {
  filter: BorderFilter;
  maxBorderKm?: number;
}

const ids = (term: string) => expandActorFilter(term)!.ids;

/** What each series counts, as the answer's meta says it. */
const SERIES: Record<
  BorderSeries,
  { filter: (km: number) => EventFilter; sides: ('PAK' | 'AFG')[]; says: string }
> = {
  interstate: {
    filter: () => ({ dyad: [{ a: ids('pakistan'), b: ids('afghanistan'), label: 'pakistan:afghanistan' }] }),
    sides: ['PAK', 'AFG'],
    says: 'events with the Pakistani state on one side and the Afghan state on the other (--dyad pakistan:afghanistan)',
  },
  pakistani_strikes: {
    filter: () => ({ sideA: ids('pakistan'), borderSide: ['AFG'] }),
    sides: ['AFG'],
    says: "events whose first side (UCDP side_a) is the Government of Pakistan and that lie in Afghanistan: Pakistan's strikes on armed groups there (the TTP, IS); its strikes in the interstate war are in `interstate` on the AFG side, since UCDP's interstate dyad has the Government of Afghanistan as side_a whoever fired",
  },
  ttp_near_border: {
    filter: (km) => ({ actorIds: ids('ttp'), maxBorderKm: km }),
    sides: ['PAK', 'AFG'],
    says: 'events with the TTP or a faction on either side whose whole border-distance range lies within max_border_km of the border line; events the distance cannot decide (none, or a range across the limit) are counted in `unjudged`, not in `events`',
  },
};

/**
 * The note that the interstate events on the AFG side hold Pakistan's strikes in the interstate war
 * (UCDP's side_a there is Afghanistan), so that `pakistani_strikes` is not read as all of them.
 */
export function interstateStrikesNote(events: number, deaths: number): string {
  return `${counted(events, 'interstate event')} (${counted(deaths, 'death')}, best) ${agree(events, 'lies', 'lie')} on the AFG side: Pakistan's strikes in the interstate war are counted there, not in \`pakistani_strikes\` (UCDP's interstate dyad has the Government of Afghanistan as side_a whoever fired; \`pakistani_strikes\` holds the events Pakistan is side_a of, its strikes on armed groups in Afghanistan)`;
}

/** The events both `pakistani_strikes` and `ttp_near_border` count under a filter, with their deaths (best). */
async function inBothSeries(
  store: Store,
  filter: EventFilter,
  km: number,
): Promise<{ events: number; deaths: number }> {
  const f = await aggregate(store, {
    filter: { ...filter, ...SERIES.pakistani_strikes.filter(km), ...SERIES.ttp_near_border.filter(km) },
    unit: 'month',
  });
  const all = [...f.cells.values(), ...f.bands.values()];
  return {
    events: all.reduce((n, t) => n + t.events, 0),
    deaths: all.reduce((n, t) => n + (t.sums.fatalities_best ?? 0), 0),
  };
}

/** The note on the events in both series: each counts them, so the series are not to be added. */
export function inBothSeriesNote(x: { events: number; deaths: number }, km: number): string {
  return `${counted(x.events, 'event')} (${counted(x.deaths, 'death')}, best) ${agree(x.events, 'is', 'are')} in both \`pakistani_strikes\` and \`ttp_near_border\` (Pakistan's strikes on the TTP within ${km} km of the border): each series counts ${agree(x.events, 'it', 'them')}, so the series are not to be added`;
}

/** Most events the near-line note names by id; the rest are counted. */
const NEAR_LINE_IDS_NAMED = 10;

/**
 * The events of the three series whose point lies near the line on the other side than their
 * source's country, which decides their side (domain/border-side.ts): their ids and how many.
 */
async function sidedByCountryNearLine(
  store: Store,
  filter: EventFilter,
  km: number,
): Promise<{ ids: string[]; events: number }> {
  // Few events lie that close to the line: a page shorter than its limit is their count, and the
  // count's own scan of events (no rollup holds the near-line sides) is run only for a full one.
  const pages = await Promise.all(
    Object.values(SERIES).map((x) =>
      store.queryListingEvents({
        ...filter,
        ...x.filter(km),
        sideByCountryNearLine: true,
        limit: 1000,
        totalFromShortPage: true,
      }),
    ),
  );
  const ids = [...new Set(pages.flatMap((p) => p.rows.map((e) => e.id)))].sort();
  return { ids, events: Math.max(ids.length, ...pages.map((p) => p.total)) };
}

/**
 * The note on events whose point and source name different sides within the line's error: the
 * view sides them by the source's country, as claims and `--country` count them, and their province
 * is that country's too (the placer's border_snap). Said with their ids, so that no reader finds one
 * on two sides unsaid.
 */
export function nearLineNote(x: { ids: string[]; events: number }): string {
  const named = x.ids.slice(0, NEAR_LINE_IDS_NAMED).join(', ');
  const more = x.events > NEAR_LINE_IDS_NAMED ? ` and ${grouped(x.events - NEAR_LINE_IDS_NAMED)} more` : '';
  return `${counted(x.events, 'event')} (${named}${more}) ${agree(x.events, 'lies', 'lie')} within ${BORDER_LINE_ERROR_KM} km of the border line on the other side of it than ${agree(x.events, 'its', 'their')} source's country: the simplified line cannot tell the side that close, so the source's country decides (\`border_side_basis\` country), as claims and \`--country\` count ${agree(x.events, 'it', 'them')}, and so does ${agree(x.events, 'its', 'their')} province (\`admin1_code\`: the nearest of that country's, \`geo_method\` border_snap; docs/geography.md)`;
}

/** The three series per month and side, with the meta of the whole answer. */
export async function queryBorder(store: Store, q: BorderQuery): Promise<BorderAnswer> {
  return (await borderParts(store, q)).answer;
}

/**
 * The answer of queryBorder with the two counts its notes are written from: the events in both
 * strikes and TTP series, and those sided by their source's country near the line. The briefing's
 * section writes its own notes from them: read once, not again (the near-line count is six
 * statements over every event, the most of a briefing's reads).
 */
export async function borderParts(
  store: Store,
  q: BorderQuery,
): Promise<{
  answer: BorderAnswer;
  inBoth: { events: number; deaths: number };
  nearLine: { ids: string[]; events: number };
}> {
  const km = q.maxBorderKm ?? DEFAULT_BORDER_KM;
  const period = await resolvePeriod(store, q.filter);
  const base: EventFilter = { ...q.filter, from: period.from, to: period.to };
  // One row per month, series and side: a range of centuries is refused before any month is listed.
  const rowCount =
    periodCount(period.from, period.to, 'month') *
    Object.values(SERIES).reduce((n, x) => n + x.sides.length, 0);
  if (rowCount > MAX_SERIES_ROWS) throw new ExportTooLargeError(rowCount, MAX_SERIES_ROWS);
  const months = densePeriods(period.from, period.to, 'month');
  // Coverage per side: a source of Pakistan's events alone (the bundled GED file) says nothing of the Afghan side.
  const coverage = await loadCoverage(store);
  const relevantOn = (side: 'PAK' | 'AFG') =>
    relevantCoverage(coverage, { ...base, country: [...(base.country ?? [side])] });
  // Months a side's sources cover only in part (the first day of a release's month): their figures
  // count the covered days, so they are named rather than left to read as a quiet month.
  const partly = (['PAK', 'AFG'] as const).flatMap((side) =>
    partlyCovered(
      relevantOn(side),
      months.map((key) => ({ key, ...periodBounds(key) })),
      period.from,
      period.to,
    ).map((p) => ({ ...p, side })),
  );
  const uncoveredOn = new Map(
    (['PAK', 'AFG'] as const).map((side) => {
      const relevant = relevantOn(side);
      return [
        side as string,
        new Set(
          months.filter((m) => {
            const b = periodBounds(m);
            return coverageStatus(relevant, b.start, b.end) === 'not_covered';
          }),
        ),
      ];
    }),
  );
  const split = (f: EventFilter) =>
    aggregate(store, { filter: { ...base, ...f }, unit: 'month', groupBy: 'border_side' });
  const kinds = Object.keys(SERIES) as BorderSeries[];
  const folded = await Promise.all(kinds.map((k) => split(SERIES[k].filter(km))));
  // TTP events the distance cannot decide: none, or a range across the limit (placed by district or province).
  const ttpUndecided = await split({ ...SERIES.ttp_near_border.filter(km), borderUndecided: true });
  // Pakistan's strikes on the TTP near the border are in two series at once: said, so that the
  // series (and the dashboard's bars, stacked by series) are not added as if apart.
  const inBoth = await inBothSeries(store, base, km);
  // Events the point puts on one side and the source on the other, within the line's error: sided
  // by the source (as claims and --country count them, and as their province is), and named.
  const nearLine = await sidedByCountryNearLine(store, base, km);
  const rows: BorderRow[] = [];
  const count = (f: Folded, m: string, side: string) => f.cells.get(cellKey(m, side));
  let unjudgedTotal = 0;
  kinds.forEach((kind, i) => {
    for (const m of months)
      for (const side of SERIES[kind].sides) {
        const t = count(folded[i]!, m, side);
        const unjudged = kind === 'ttp_near_border' ? (count(ttpUndecided, m, side)?.events ?? 0) : null;
        unjudgedTotal += unjudged ?? 0;
        const none = uncoveredOn.get(side)!.has(m) && !t;
        rows.push({
          month: m,
          series: kind,
          side,
          events: none ? null : (t?.events ?? 0),
          fatalities_best: none ? null : t ? t.sums.fatalities_best! : 0,
          fatalities_best_unknown: none ? null : (t?.unknown.fatalities_best ?? 0),
          unjudged: none ? null : unjudged,
        });
      }
  });
  const notes: string[] = [];
  // Named per side, in the series' words.
  const partlyNote = partlyCoveredNote(
    partly.map((p) => ({ ...p, period: `${p.period} on the ${p.side} side` })),
  );
  if (partlyNote) notes.push(partlyNote);
  const imprecise: BorderImpreciseRow[] = kinds.flatMap((kind, i) =>
    [...folded[i]!.bands.values()].map((t) => ({
      period: t.period,
      precision: t.precision,
      series: kind,
      side: t.group as 'PAK' | 'AFG' | null,
      events: t.events,
      fatalities_best: t.sums.fatalities_best!,
    })),
  );
  const vague = imprecise.reduce((n, x) => n + x.events, 0);
  if (vague)
    notes.push(
      `${counted(vague, 'event')} dated only to a year (or a span longer than a month) ${agree(vague, 'is', 'are')} in \`imprecise\`, not in any month (docs/methods.md)`,
    );
  // Events in neither country (a TTP event in Iran, say) have no side: in no row, but said.
  const elsewhere = folded.reduce(
    (n, f) =>
      n +
      [...f.cells.entries()].filter(([k]) => JSON.parse(k)[1] === null).reduce((a, [, t]) => a + t.events, 0),
    0,
  );
  if (elsewhere)
    notes.push(
      `${counted(elsewhere, 'event')} ${agree(elsewhere, 'lies', 'lie')} in neither Pakistan nor Afghanistan and ${agree(elsewhere, 'is', 'are')} in no row`,
    );
  // UCDP orders the sides of a dyad once, not per event: its Afghanistan-Pakistan interstate dyad
  // has the Government of Afghanistan as side_a, so Pakistan's air strikes in that war (Kabul, 16
  // March 2026: 269 deaths) never reach `pakistani_strikes`. Said with the figures, or the strikes
  // series reads as the whole of Pakistan's strikes in Afghanistan.
  const interstate = folded[kinds.indexOf('interstate')]!;
  const onAfg = [
    ...(interstate.byGroup.get('AFG')?.values() ?? []),
    ...[...interstate.bands.values()].filter((t) => t.group === 'AFG'),
  ];
  const afgEvents = onAfg.reduce((n, t) => n + t.events, 0);
  if (afgEvents) {
    const deaths = onAfg.reduce((n, t) => n + (t.sums.fatalities_best ?? 0), 0);
    notes.push(interstateStrikesNote(afgEvents, deaths));
  }
  if (inBoth.events) notes.push(inBothSeriesNote(inBoth, km));
  if (nearLine.events) notes.push(nearLineNote(nearLine));
  if (unjudgedTotal)
    notes.push(
      `${counted(unjudgedTotal, 'TTP event')} could not be judged against ${km} km (no border distance, or a range across the limit): ${agree(unjudgedTotal, 'it is', 'they are')} counted in \`unjudged\`, not in \`events\``,
    );
  const answer: BorderAnswer = {
    rows,
    imprecise,
    meta: await buildMeta(store, {
      metrics: {
        events: 'events of the series in the month on this side of the border (by event start date)',
        fatalities_best: 'deaths, best estimate, summed over those events',
        unjudged:
          'ttp_near_border: TTP events the border distance cannot decide (none, or a range across the limit), not judged',
      },
      filter: base,
      period,
      sources: sourceUse(folded.flatMap((f) => f.sources)),
      notes,
      extra: {
        max_border_km: km,
        border_unjudged: unjudgedTotal,
        partly_covered: partly,
        series: Object.fromEntries(kinds.map((k) => [k, SERIES[k].says])),
      },
    }),
  };
  return { answer, inBoth, nearLine };
}
