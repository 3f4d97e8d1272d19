import { grouped } from '../../domain/format-number.ts';
import { InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { agree, counted } from '../../domain/plural.ts';
import { ACTOR_GROUP_COVARIATES, sideIdsActorGroups } from '../../analytics/forecast/actor-groups.ts';
import { daysInMonth } from '../../analytics/aggregate/dates.ts';
import { monthShares } from '../../analytics/forecast/month-shares.ts';
import { addMonths, monthIndex, monthRange } from '../../analytics/forecast/months.ts';
import type { Panel } from '../../analytics/forecast/types.ts';
import { ADMIN1_COUNTRIES, ADMIN1_UNITS } from '../../geo/index.ts';
import type { Coverage, Store } from '../../storage/store.ts';
import { coarseDatesNote } from './coarse-dates.ts';

/** What a forecast panel counts per unit-month. */
export type ForecastMetric = 'fatalities' | 'events';
/** Country-month or admin-1-month units. */
export type ForecastLevel = 'country' | 'admin1';

/**
 * The sources a panel draws on when none is named, in order of preference for each month: a final
 * UCDP GED release where one covers the month, UCDP Candidate where none does. Never both for one
 * month (Candidate events a final release covers are superseded anyway).
 */
export const UCDP_PREFERENCE: readonly string[] = ['ucdp-ged', 'ucdp-candidate'];

/** Which events make the panel: one country, and one named source or (by default) UCDP's final releases then Candidate. */
export interface PanelSpec {
  country: string;
  level: ForecastLevel;
  metric: ForecastMetric;
  /** One source only; undefined (or `ucdp`) for UCDP_PREFERENCE month by month. */
  source?: string;
  first?: string;
  /**
   * Also give every series the actor-group covariates (ACTOR_GROUP_COVARIATES: the same metric over
   * the events of each group, decided as actor-groups.ts decides it), from the same cells: the same
   * unit rule and the same source per month, missing (NaN) where the panel is.
   */
  actorGroups?: boolean;
}

/** A run of consecutive months the panel took from one source. */
export interface PanelSpan {
  source: string;
  versions: string[];
  from: string;
  to: string;
}

/** A built panel, the last month it covers (the forecast origin) and which months it rests on. */
export interface BuiltPanel {
  panel: Panel;
  last: string;
  droppedEvents: number;
  /** Months taken from each source, in order. */
  restsOn: PanelSpan[];
  /** Runs of months inside the panel that no loaded source covers: missing, not zero. */
  missing: { from: string; to: string }[];
  /** What the answer must say about the panel's units (provinces without events, events counted by their label). */
  notes: string[];
}

/** The shortest panel built: 12 lags for the model and a year of targets to fit on. */
const MIN_PANEL_MONTHS = 24;

/** The last day of a month key, YYYY-MM-DD. */
function monthEnd(month: string): string {
  const [y, m] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

/**
 * Which source each month comes from: the first source in order of preference with a loaded
 * version that covers the whole month for the country (declared coverage, or its events' dates).
 */
function monthSources(
  coverage: readonly Coverage[],
  sources: readonly string[],
  country: string,
): Map<string, { source: string; versions: Set<string> }> {
  const out = new Map<string, { source: string; versions: Set<string> }>();
  for (const source of sources) {
    for (const c of coverage) {
      if (c.source !== source || !c.countries.includes(country)) continue;
      for (const m of monthRange(c.firstDate.slice(0, 7), c.lastDate.slice(0, 7))) {
        if (c.firstDate > `${m}-01` || c.lastDate < monthEnd(m)) continue; // a partly covered month
        const taken = out.get(m);
        if (!taken) out.set(m, { source, versions: new Set([c.version]) });
        else if (taken.source === source) taken.versions.add(c.version);
      }
    }
  }
  return out;
}

/** Runs of consecutive keys for which `of` gives the same label (null labels end a run and are skipped). */
function runs<T>(keys: readonly string[], of: (k: string) => T | null, same: (a: T, b: T) => boolean) {
  const out: { value: T; from: string; to: string }[] = [];
  for (const k of keys) {
    const v = of(k);
    const lastRun = out.at(-1);
    if (v === null) continue;
    if (lastRun && same(lastRun.value, v) && monthIndex(k) === monthIndex(lastRun.to) + 1) lastRun.to = k;
    else out.push({ value: v, from: k, to: k });
  }
  return out;
}

/** The countries whose UCDP events the bundled data hold (data/PROVENANCE.md). */
const BUNDLED_UCDP = ['PAK', 'AFG'];

/**
 * How to load the events of `sources` for a country: the bundled data (PAK and AFG, UCDP's), a
 * dataset file, or the API of UCDP or ACLED.
 */
function howToLoad(sources: readonly string[], country: string): string {
  const ucdp = sources.every((s) => s.startsWith('ucdp-'));
  const ways = [
    ...(ucdp && BUNDLED_UCDP.includes(country) ? ['faultline start --no-serve (the bundled data)'] : []),
    'faultline import FILE',
    ...(ucdp ? ['faultline fetch ucdp'] : sources.includes('acled') ? ['faultline fetch acled'] : []),
  ];
  return `load them with ${ways.slice(0, -1).join(', ')}${ways.length > 1 ? ' or ' : ''}${ways.at(-1)}`;
}

/**
 * Builds a dense monthly panel from the store: fatalities (sum of best; events with unknown deaths
 * add nothing) or event counts per unit and month of the start date. Each month comes from the
 * first source that covers it (UCDP_PREFERENCE unless one source is named); covered months
 * without events are zeros, months no source covers are NaN (missing). The panel runs from the
 * first month with data (or `first`) to the last covered month, the forecast origin.
 * Admin-1 units are today's (ex-FATA is PK-KP); events without a placed unit of the country
 * (`other_country`, or none) stay out of admin-1 panels, as out of `series --by admin1`, but count
 * at country level. Superseded Candidate events never count; records dated only to a year (or a
 * span past a month) are spread evenly over the months of their span (month-shares.ts, the rule the
 * bench's ged-panel.ts follows too), each share counted where its month comes from the record's
 * source, and `notes` says how many. With `actorGroups`, each series also carries the actor-group
 * covariates, summed from the same cells.
 */
export async function buildPanel(store: Store, spec: PanelSpec): Promise<BuiltPanel> {
  const sources = spec.source === undefined || spec.source === 'ucdp' ? UCDP_PREFERENCE : [spec.source];
  const own = ADMIN1_UNITS.filter((u) => u.country === spec.country).map((u) => u.code);
  // Without units an admin-1 panel is empty ("invalid panel: no series" was all it said).
  if (spec.level === 'admin1' && !own.length)
    throw new InvalidInputError(
      `no province boundaries for ${spec.country}: faultline places events in provinces of ${ADMIN1_COUNTRIES.join(' and ')} only, so ${spec.country} has no province forecast (use --level country, API level=country)`,
    );
  const cellsOf = (source: string, coarser: boolean) =>
    store.panelCells({
      country: spec.country,
      source,
      units: spec.level === 'country' ? 'country' : own,
      metric: spec.metric === 'fatalities' ? 'fatalities' : 'events',
      ...(spec.actorGroups ? { bySides: true } : {}),
      ...(coarser ? { coarser: true } : {}),
    });
  // A record dated coarser than a month becomes one cell per month of its span, value / months
  // in each; `records` keeps the whole count on its first month (droppedEvents counts records).
  const bySource = await Promise.all(
    sources.map(async (source) => [
      ...(await cellsOf(source, false)).map((c) => ({ ...c, records: c.value })),
      ...(await cellsOf(source, true)).flatMap((c) =>
        monthShares(c.month, c.through ?? c.month, c.value).map((share, k) => ({
          ...c,
          month: share.month,
          value: share.value,
          records: k === 0 ? c.value : 0,
        })),
      ),
    ]),
  );
  const taken = monthSources(await store.coverage(), sources, spec.country);
  const rows = bySource.flatMap((cells, i) =>
    cells
      .filter((c) => taken.get(c.month)?.source === sources[i])
      .map((c) => ({
        unit: c.unit,
        month: c.month,
        v: c.value,
        records: c.records,
        groups: c.sides ? sideIdsActorGroups(c.sides) : [],
      })),
  );
  const what = sources.join(' or ');
  // Missing data, not bad input: the same request answers once the events are loaded.
  if (!rows.length)
    throw new NotFoundError(
      `no ${what} events for ${spec.country} in the store (${howToLoad(sources, spec.country)})`,
    );
  const last = [...taken.keys()].sort().at(-1)!;
  // At least MIN_PANEL_MONTHS long, so that a short history (a few Candidate months) still gives
  // the model its 12 lags: the months added before the data are zeros where covered, else missing.
  const firstData = rows.reduce((a, r) => (r.month < a ? r.month : a), '9999-12');
  const earliest = addMonths(last, 1 - MIN_PANEL_MONTHS);
  const first = spec.first ?? (earliest < firstData ? earliest : firstData);
  const keys = monthRange(first, last);
  const index = new Map(keys.map((k, i) => [k, i]));
  const blank = keys.map((k) => (taken.has(k) ? 0 : NaN));
  const series = new Map<string, number[]>();
  const groups = new Map<string, Record<string, number[]>>();
  let droppedEvents = 0;
  for (const r of rows) {
    if (r.unit === null) {
      droppedEvents += spec.metric === 'events' ? r.records : 0;
      continue;
    }
    const i = index.get(r.month);
    if (i === undefined) continue;
    if (!series.has(r.unit)) series.set(r.unit, [...blank]);
    series.get(r.unit)![i] += r.v;
    if (!spec.actorGroups) continue;
    if (!groups.has(r.unit))
      groups.set(r.unit, Object.fromEntries(ACTOR_GROUP_COVARIATES.map((c) => [c, [...blank]])));
    for (const g of r.groups) groups.get(r.unit)![g]![i] += r.v;
  }
  // A province with no event in the history is a unit of zeros where a source covers the month
  // (Afghanistan's Candidate months leave 12 of 34 provinces without one), not a unit left out.
  const quiet = spec.level === 'admin1' ? own.filter((u) => !series.has(u)) : [];
  for (const u of quiet) {
    series.set(u, [...blank]);
    if (spec.actorGroups)
      groups.set(u, Object.fromEntries(ACTOR_GROUP_COVARIATES.map((c) => [c, [...blank]])));
  }
  const notes = quiet.length
    ? [
        `${quiet.length} of ${own.length} provinces ${agree(quiet.length, 'has', 'have')} no event in the history and ${agree(quiet.length, 'is', 'are')} forecast as units of zeros where a source covers the month: ${[...quiet].sort().join(', ')}`,
      ]
    : [];
  if (spec.level === 'admin1') {
    const across = await acrossBorderPoints(store, spec, sources, taken);
    if (across) notes.push(across);
  }
  const coarse = await coarseDatesNote(store, spec, sources, taken, new Set(keys));
  if (coarse) notes.push(coarse);
  const panel = [...series.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([u, values]) => ({
      unit: u,
      months: keys,
      values,
      ...(spec.actorGroups ? { covariates: groups.get(u)! } : {}),
    }));
  const restsOn = runs(
    keys,
    (k) => taken.get(k) ?? null,
    (a, b) => a.source === b.source,
  ).map((r) => ({
    source: r.value.source,
    versions: [
      ...new Set(keys.filter((k) => k >= r.from && k <= r.to).flatMap((k) => [...taken.get(k)!.versions])),
    ].sort(),
    from: r.from,
    to: r.to,
  }));
  const missing = runs(
    keys,
    (k) => (taken.has(k) ? null : true),
    () => true,
  ).map(({ from, to }) => ({ from, to }));
  return { panel, last, droppedEvents, restsOn, missing, notes };
}

/**
 * The note on the country's events placed in another country's province: the panel, as
 * `series --by admin1`, counts them in no province of this country. Placement no longer puts an
 * event there (`border_snap`, docs/geography.md), so only a store placed before that rule has such
 * events, until `faultline geo refresh`. Null when there are none. Found through panelCells by
 * asking for the other countries' units.
 */
async function acrossBorderPoints(
  store: Store,
  spec: PanelSpec,
  sources: readonly string[],
  taken: Map<string, { source: string }>,
): Promise<string | null> {
  const others = ADMIN1_UNITS.filter((u) => u.country !== spec.country).map((u) => u.code);
  if (!others.length) return null;
  const metrics = spec.metric === 'fatalities' ? (['events', 'fatalities'] as const) : (['events'] as const);
  const totals = { events: 0, fatalities: 0 };
  const where = new Set<string>();
  for (const source of sources)
    for (const metric of metrics)
      for (const c of await store.panelCells({ country: spec.country, source, units: others, metric })) {
        if (c.unit === null || taken.get(c.month)?.source !== source) continue;
        totals[metric] += c.value;
        where.add(c.unit);
      }
  if (!totals.events) return null;
  const deaths =
    spec.metric === 'fatalities' ? ` (${counted(totals.fatalities, 'death')}, best estimate)` : '';
  return `${grouped(totals.events)} ${spec.country} ${agree(totals.events, 'event', 'events')}${deaths} in the history ${agree(totals.events, 'is', 'are')} placed in another country's province (${[...where].sort().join(', ')}), as the store was placed before an event's province was kept in its own country: the panel, as \`series --by admin1\`, counts ${agree(totals.events, 'it', 'them')} in no ${spec.country} province until \`faultline geo refresh\` places ${agree(totals.events, 'it', 'them')} again (docs/geography.md)`;
}
