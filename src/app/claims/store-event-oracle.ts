/**
 * The claim checker's event oracle over a Store: totals come from the same aggregate query the
 * analysis use cases run, and changes from the API's compare use case (compareQuery), so a claim
 * and /compare give the same rate ratio and interval for the same counts and periods.
 */
import { compareRates } from '../../analytics/trends/rate-ratio.ts';
import type {
  EventCountQuery,
  EventOracle,
  EventTestMetric,
  EventTotals,
} from '../../claims/claim-sources.ts';
import type { RateTest } from '../../claims/evidence.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Store } from '../../storage/store.ts';
import { aggregate, cellKey, emptyTotals, type Totals } from '../analysis/aggregate.ts';
import { compareQuery } from '../analysis/compare.ts';
import { dedupeBasis, linkedAgainNote, prepareDedupe, type DedupeLinks } from '../analysis/dedupe.ts';
import { holdsWholeYears } from '../analysis/meta.ts';
import { rangeDays } from '../analysis/periods.ts';

const MAX_ROWS = 100_000;

/** An EventOracle reading `store`; `forClaim` gives each claim's check one of its own. */
export function storeEventOracle(store: Store): EventOracle {
  const log = linkLog(store);
  return {
    totals: (q) => totals(store, q, log),
    compare: (q, p1, p2, metric, confidence) => compare(store, q, p1, p2, metric, confidence, log),
    linkage: (filters, spans) => linkage(store, filters, spans, log),
    forClaim: () => storeEventOracle(store),
  };
}

/** An oracle's deduplicated reads: each makes the stored links of its period current first, noting any linking again. */
interface LinkLog {
  prepare(...periods: { from?: string; to?: string }[]): Promise<DedupeLinks>;
  /** Whether a read of this oracle linked stale or missing stored links again. */
  relinked: boolean;
  /** The periods it linked again, in the order it did. */
  linkedAgain: { from: string; to: string }[];
}

function linkLog(store: Store): LinkLog {
  // A claim counts its periods side by side; the store's linkings take turns (ensureCurrent), so over
  // stale links the first read links them again and the others find them current.
  const log: LinkLog = {
    relinked: false,
    linkedAgain: [],
    prepare: async (...periods) => {
      const links = await prepareDedupe(store, ...periods);
      log.relinked ||= links.relinked;
      log.linkedAgain.push(...links.linkedAgain);
      return links;
    },
  };
  return log;
}

/**
 * The stored runs behind deduplicated counts under `filters`, and the parts of `spans` no run
 * covers: the basis `series --dedupe` and `compare --dedupe` give (analysis/dedupe.ts). It is read
 * after the counts, which made the links current before counting, so its own read finds nothing
 * left to link: `relinked` says whether any read of the oracle (one claim's check) linked again.
 */
async function linkage(
  store: Store,
  filters: readonly EventFilter[],
  spans: readonly { from: string; to: string }[],
  log: LinkLog,
) {
  const period = { from: spans[0]!.from, to: spans.at(-1)!.to };
  const links = await log.prepare(...spans);
  const { linkage, note } = await dedupeBasis(
    store,
    { ...links, relinked: log.relinked },
    filters,
    period,
    spans,
  );
  return { linkage, notes: [...log.linkedAgain.map(linkedAgainNote), ...(note ? [note] : [])] };
}

/**
 * Totals of a claim's period, counted as series and compare count them: a record dated only to a
 * month or a year counts in a period that holds that whole month or year. Over a period that is not
 * whole years, the records whose month or year overlaps it in part come back apart (`straddling`):
 * they may or may not belong to it. A covered part of the claim's period (`datesHeldBy`, the claim's
 * period) counts the records its period holds whole, and no straddling ones: it is a lower bound.
 */
async function totals(store: Store, q: EventCountQuery, log: LinkLog): Promise<EventTotals> {
  if (holdsWholeYears(q.filter.datesHeldBy ?? q.filter)) {
    const filter = { ...q.filter };
    delete filter.datesHeldBy;
    return { ...(await counted(store, { ...q, filter }, log)), straddling: null };
  }
  const inside = await counted(store, { ...q, filter: { ...q.filter, datesWithin: 'whole' } }, log);
  if (q.filter.datesHeldBy) return { ...inside, straddling: null };
  const straddling = await counted(store, { ...q, filter: { ...q.filter, datesWithin: 'overlapping' } }, log);
  return { ...inside, straddling: straddling.events ? straddling : null };
}

async function counted(store: Store, q: EventCountQuery, log: LinkLog): Promise<EventTotals> {
  const { admin1, ...rest } = q.filter;
  // A deduplicated count reads current links only: a stale or missing period is linked again first.
  if (q.dedupe) await log.prepare(q.filter);
  const dedupe = q.dedupe === true;
  let t: Totals = emptyTotals();
  let unplaced = 0;
  let versions: string[] = [];
  let ids: string[];
  if (q.counterpartIds) {
    const want = new Set(q.counterpartIds);
    const page = await store.queryEvents({ ...q.filter, sort: '-fatalities', limit: MAX_ROWS });
    const rows = page.rows.filter((e) => e.actorIds.some((a) => want.has(a)));
    t = sumEvents(rows);
    versions = [...new Set(rows.map((e) => e.sourceVersion))];
    ids = rows.slice(0, 25).map((e) => e.id);
  } else {
    const folded = await aggregate(
      store,
      admin1?.length ? { filter: rest, groupBy: 'admin1', dedupe } : { filter: q.filter, dedupe },
    );
    for (const [key, cell] of folded.cells) {
      const grp = (JSON.parse(key) as [string | null, string | null])[1];
      if (!admin1?.length || (grp !== null && admin1.includes(grp))) t = add(t, cell);
      else if (grp === null) unplaced += cell.events;
    }
    versions = folded.sources.map((s) => s.version);
    ids = (await store.queryEvents({ ...q.filter, sort: '-fatalities', limit: 25 })).rows.map((e) => e.id);
  }
  if (q.counterpartIds && admin1?.length) {
    const folded = await aggregate(store, { filter: rest, groupBy: 'admin1' });
    unplaced = folded.cells.get(cellKey(null, null))?.events ?? 0;
  }
  return {
    events: t.events,
    deathsBest: t.sums.fatalities_best ?? null,
    deathsLow: t.sums.fatalities_low ?? null,
    deathsHigh: t.sums.fatalities_high ?? null,
    deathsCivilians: t.sums.deaths_civilians ?? null,
    unknownBest: t.unknown.fatalities_best ?? 0,
    unknownCivilians: t.unknown.deaths_civilians ?? 0,
    unplaced,
    versions: [...new Set(versions)].sort(),
    queryId:
      (q.counterpartIds ? 'events by deaths' : admin1?.length ? 'aggregate by admin1' : 'aggregate') +
      (dedupe ? ' (deduplicated)' : ''),
    eventIds: ids,
  };
}

async function compare(
  store: Store,
  q: EventCountQuery,
  p1: { from: string; to: string },
  p2: { from: string; to: string },
  metric: EventTestMetric,
  confidence: number,
  log: LinkLog,
): Promise<RateTest> {
  if (!q.counterpartIds) {
    const filter: EventFilter = { ...q.filter };
    delete filter.from;
    delete filter.to;
    // Deduplicated: the two periods compare links are made current through the log first, so any
    // linking again is noted with its period, and compare finds them current.
    if (q.dedupe) await log.prepare(p1, p2);
    // By calendar days: the judge itself weighs a period covered in part (claims/judge.ts).
    // Records dated only to a month or a year count in a period that holds them whole, as the totals count.
    const { comparison: c, meta } = await compareQuery(store, {
      kind: 'periods',
      exposure: 'calendar',
      filter,
      metric,
      ...(q.dedupe ? { dedupe: true } : {}),
      period1: `${p1.from}..${p1.to}`,
      period2: `${p2.from}..${p2.to}`,
      confidence,
    });
    // Linked again after all (the links went stale in between): still what this check did.
    log.relinked ||= meta.linkage?.relinked === true;
    // By calendar every side has a count and a test (nulls come only from uncovered sides).
    if (c.count1 === null || c.count2 === null || c.p_value === null)
      throw new Error('a comparison by calendar days came back without a count');
    return {
      count1: c.count1,
      count2: c.count2,
      days1: c.days1,
      days2: c.days2,
      rate_ratio: c.rate_ratio,
      ci_low: c.ci_low,
      ci_high: c.ci_high,
      confidence: c.confidence,
      p_value: c.p_value,
      method: c.method,
      note: c.note,
    };
  }
  // compareQuery takes a filter only; events that must involve two actors are counted here and put
  // through the same compareRates with the same exposures (true days).
  const [a, b] = await Promise.all([
    totals(store, { ...q, filter: { ...q.filter, ...p1 } }, log),
    totals(store, { ...q, filter: { ...q.filter, ...p2 } }, log),
  ]);
  const count = (t: EventTotals) =>
    metric === 'events'
      ? t.events
      : metric === 'fatalities_best'
        ? (t.deathsBest ?? 0)
        : (t.deathsCivilians ?? 0);
  const [d1, d2] = [rangeDays(p1.from, p1.to), rangeDays(p2.from, p2.to)];
  const r = compareRates({ count1: count(a), exposure1: d1, count2: count(b), exposure2: d2, confidence });
  return {
    count1: r.count1,
    count2: r.count2,
    days1: d1,
    days2: d2,
    rate_ratio: r.rateRatio,
    ci_low: r.ciLow,
    ci_high: r.ciHigh,
    confidence: r.confidence,
    p_value: r.pValue,
    method: r.method,
    note: r.note ?? null,
  };
}

function add(a: Totals, b: Totals): Totals {
  const out = emptyTotals();
  out.events = a.events + b.events;
  for (const k of Object.keys(out.sums)) {
    const [x, y] = [a.events ? a.sums[k] : null, b.events ? b.sums[k] : null];
    out.sums[k] = x === null && y === null ? (out.events ? null : 0) : (x ?? 0) + (y ?? 0);
    out.unknown[k] = (a.unknown[k] ?? 0) + (b.unknown[k] ?? 0);
  }
  return out;
}

function sumEvents(
  rows: readonly {
    fatalitiesBest: number | null;
    fatalitiesLow: number | null;
    fatalitiesHigh: number | null;
    deathsCivilians: number | null;
  }[],
): Totals {
  const t = emptyTotals();
  t.events = rows.length;
  const cols = {
    fatalities_best: 'fatalitiesBest',
    fatalities_low: 'fatalitiesLow',
    fatalities_high: 'fatalitiesHigh',
    deaths_civilians: 'deathsCivilians',
  } as const;
  for (const [metric, key] of Object.entries(cols)) {
    const known = rows.filter((r) => r[key] !== null);
    t.sums[metric] = known.length ? known.reduce((n, r) => n + r[key]!, 0) : rows.length ? null : 0;
    t.unknown[metric] = rows.length - known.length;
  }
  return t;
}
