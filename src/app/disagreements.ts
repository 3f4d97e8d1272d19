/**
 * "Sources disagree" (issue 17): the events of a filter from two or more sources, linked into
 * incidents (analytics/linkage), then the incidents where the sources differ beyond a tolerance
 * (deaths, date, province, perpetrator), the incidents only one source reports, and per month
 * what share of each source's records another source also has. Read from the stored linkage runs
 * of the period (app/linkage-runs.ts), linked again first when stale (docs/linkage.md).
 */
import {
  LINKAGE_DEFAULTS,
  linkRecords,
  type LinkageParams,
  type LinkageResult,
} from '../analytics/linkage/linkage.ts';
import { dayNumber } from '../analytics/aggregate/dates.ts';
import { choiceHint } from '../domain/choice.ts';
import { agree } from '../domain/plural.ts';
import { invalidParam } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import type { EventFilter } from '../domain/query.ts';
import type { EventSummary } from '../domain/event-summary.ts';
import type { Store } from '../storage/store.ts';
import {
  DIFFERENCES,
  type DisagreementsAnswer,
  type Difference,
  type Incident,
  type IncidentLink,
  type IncidentRecord,
  type LinkageBasis,
} from './disagreements-answer.ts';
import { linkRecordOf, perpetratorGroups } from './link-record.ts';
import { storedBasis } from './linkage-basis.ts';
import { ensureLinked } from './linkage-runs.ts';
import {
  coverageStatus,
  filterCoverage,
  resolvePeriod,
  supersededWhy,
  uncoveredSpans,
} from './analysis/meta.ts';

export type { DisagreementsAnswer, Difference, Incident, IncidentLink } from './disagreements-answer.ts';
export { DIFFERENCES } from './disagreements-answer.ts';

/** How far two sources' figures may differ before an incident is listed as a disagreement. */
export interface Tolerances {
  /** Deaths (best) may differ by this share of the larger figure, and always by 2. */
  deathsShare: number;
  /** Start dates may differ by this many days. */
  days: number;
}

/** Default tolerances: a quarter of the larger death toll (at least 2), and 1 day. */
export const TOLERANCE_DEFAULTS: Tolerances = { deathsShare: 0.25, days: 1 };

const day = (iso: unknown) => dayNumber(String(iso).slice(0, 10)) ?? NaN;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
/** A count in a note, with thousands separators ("7,330"), as every figure the dashboard shows. */
const count = (n: number) => n.toLocaleString('en-US');

/**
 * The pairs and incidents of some events: from the stored runs of their period (linked again first
 * when stale), restricted to these events; or computed now for superseded events or other parameters.
 * `period` is the answer's: the basis names the runs that hold its events and the parts of it no
 * stored run covers.
 */
async function linksOf(
  store: Store,
  summaries: readonly EventSummary[],
  period: { from: string; to: string },
  params: LinkageParams,
  includeSuperseded: boolean,
): Promise<LinkageResult & { linkage: LinkageBasis; outside: Map<string, string[]> }> {
  if (summaries.length && (includeSuperseded || params !== LINKAGE_DEFAULTS))
    return {
      ...linkRecords(summaries.map(linkRecordOf), params),
      linkage: { basis: 'computed_on_request', relinked: false, runs: [], no_run: [] },
      outside: new Map(),
    };
  const records = summaries.map((e) => ({
    date: String(e.date_start).slice(0, 10),
    source: String(e.source),
    version: String(e.source_version),
  }));
  if (!summaries.length)
    return {
      pairs: [],
      clusters: [],
      outside: new Map(),
      linkage: storedBasis([], await store.linkageRuns(), records, period, false),
    };
  const dates = records.map((r) => r.date).sort();
  const ids = new Set(summaries.map((e) => String(e.id)));
  // Only the links of these events that joined an incident are read (no others are shown): a year
  // of a run spanning decades costs a year's links, not the run's.
  const got = await ensureLinked(store, dates[0]!, dates[dates.length - 1]!, {
    events: [...ids],
    clustered: true,
  });
  const clusterOf = new Map<string, string[]>();
  // The records of each incident that the filter leaves out (another actor, place or date).
  const outside = new Map<string, string[]>();
  for (const c of got.linkage.clusters) {
    const members = c.members.filter((m) => ids.has(m));
    const away = c.members.filter((m) => !ids.has(m));
    for (const m of members) {
      clusterOf.set(m, members);
      if (away.length) outside.set(m, away);
    }
  }
  const clusters = [...ids]
    .filter((id) => !clusterOf.has(id) || clusterOf.get(id)![0] === id)
    .sort()
    .map((id) => ({ id, members: clusterOf.get(id) ?? [id] }));
  return {
    pairs: got.linkage.pairs.filter((p) => ids.has(p.a) && ids.has(p.b)),
    clusters,
    outside,
    linkage: storedBasis(got.runs, await store.linkageRuns(), records, period, got.relinked !== null),
  };
}

// What the records of one incident differ on, beyond the tolerances.
function differences(rs: EventSummary[], t: Tolerances): Incident['differ'] {
  const out: Incident['differ'] = [];
  const best = rs.map((r) => num(r.fatalities_best)).filter((v): v is number => v !== null);
  if (best.length > 1) {
    const [lo, hi] = [Math.min(...best), Math.max(...best)];
    if (hi - lo > Math.max(2, t.deathsShare * hi)) out.push('deaths');
  }
  const days = rs.map((r) => day(r.date_start));
  if (Math.max(...days) - Math.min(...days) > t.days) out.push('date');
  const provinces = new Set(rs.map((r) => r.admin1_code).filter((v) => v));
  if (provinces.size > 1) out.push('province');
  const groups = rs.map(perpetratorGroups).filter((g) => g.length);
  if (groups.some((g) => groups.some((h) => g.some((x) => !h.includes(x)) && h.some((x) => !g.includes(x)))))
    out.push('perpetrator');
  return out;
}

/** One record as an answer lists it. */
function incidentRecord(r: EventSummary): IncidentRecord {
  return {
    id: String(r.id),
    source: String(r.source),
    source_version: String(r.source_version),
    date_start: String(r.date_start),
    admin1_code: (r.admin1_code as string | null) ?? null,
    place: (r.place as string | null) ?? null,
    fatalities_best: num(r.fatalities_best),
    actors: (r.actors as string[] | null) ?? [],
  };
}

/** Largest death toll first (unknown last), then by date and id. */
function deadliestFirst(a: IncidentRecord, b: IncidentRecord): number {
  return (
    (b.fatalities_best ?? -1) - (a.fatalities_best ?? -1) ||
    (a.date_start < b.date_start ? -1 : a.date_start > b.date_start ? 1 : a.id < b.id ? -1 : 1)
  );
}

/** Links the events of a filter across sources and reports where the sources disagree. */
export async function sourcesDisagree(
  store: Store,
  filter: EventFilter,
  opts: {
    limit?: number;
    tolerances?: Tolerances;
    params?: LinkageParams;
    includeSuperseded?: boolean;
    /** Only incidents that differ on this. */
    differ?: Difference;
    /** List the incidents only this source reports on days another compared source covers. */
    onlyIn?: string;
  } = {},
): Promise<DisagreementsAnswer> {
  const limit = opts.limit ?? 100;
  if (!Number.isInteger(limit) || limit < 0) throw invalidParam('limit', `${quoteValue(limit)}`);
  const t = opts.tolerances ?? TOLERANCE_DEFAULTS;
  const params = opts.params ?? LINKAGE_DEFAULTS;
  const summaries: EventSummary[] = [];
  for await (const batch of store.streamEventSummaries({
    ...filter,
    sort: 'date',
    includeSuperseded: opts.includeSuperseded,
  }))
    summaries.push(...batch);
  const byId = new Map(summaries.map((e) => [String(e.id), e]));
  const sources = [...new Set(summaries.map((e) => String(e.source)))].sort();
  // What each loaded source covers (desk events never cover a period): a record another source could
  // not have reported, because that source covers neither its day nor its country, is no evidence
  // that the other source missed it. Superseded Candidate events compared with their GED twins
  // keep the days their release covers (counts leave those days to GED).
  const relevant = await filterCoverage(store, filter, opts.includeSuperseded === true);
  const period = await resolvePeriod(store, filter);
  const status = coverageStatus(relevant, period.from, period.to);
  // The sources compared: those with events under the filter and those that cover some of its
  // period without any (their shares are then true zeros).
  const overlapping = relevant.filter((c) => c.firstDate <= period.to && c.lastDate >= period.from);
  const compared = [...new Set([...sources, ...overlapping.map((c) => c.source)])].sort();
  const covers = (source: string, r: EventSummary): boolean => {
    const d = String(r.date_start).slice(0, 10);
    const country = r.country ? String(r.country) : null;
    return relevant.some(
      (c) =>
        c.source === source &&
        c.firstDate <= d &&
        d <= c.lastDate &&
        (country === null || c.countries.includes(country)),
    );
  };
  if (opts.onlyIn !== undefined && !compared.includes(opts.onlyIn))
    throw invalidParam(
      'only_in',
      `${quoteValue(opts.onlyIn)} (the sources under this filter: ${compared.join(', ') || 'none'})`,
    );
  const notes: string[] = [];
  if (status === 'not_covered') {
    const loaded = relevant.map((c) => `${c.source} ${c.version} covers ${c.firstDate} to ${c.lastDate}`);
    // Candidate asked alone of days GED superseded: GED knows them, and the note says where.
    const why = opts.includeSuperseded ? null : await supersededWhy(store, { ...filter, ...period });
    notes.push(
      `not covered: no loaded source covers ${period.from} to ${period.to}${loaded.length ? ` (${loaded.join('; ')})` : ''}${why ? `: ${why}` : ', so nothing is known there (not zero records)'}`,
    );
  } else if (sources.length < 2)
    notes.push(
      `${sources.length ? `only one source (${sources[0]})` : 'no source'} has events under this filter: there is nothing to compare`,
    );
  const silent = compared.filter((c) => !sources.includes(c));
  if (status !== 'not_covered' && silent.length)
    notes.push(
      `${silent.join(', ')} ${silent.length > 1 ? 'cover' : 'covers'} part of this period but ${silent.length > 1 ? 'have' : 'has'} no events under the filter: the shares of the others' records ${silent.length > 1 ? 'they' : 'it'} also ${silent.length > 1 ? 'have' : 'has'} are true zeros`,
    );
  const { pairs, clusters, linkage, outside } = await linksOf(
    store,
    summaries,
    period,
    params,
    opts.includeSuperseded === true,
  );
  if (linkage.basis === 'computed_on_request')
    notes.push(
      'links computed on request for this answer (superseded events or parameters of their own): stored links hold current events with the default parameters only',
    );
  // The links that joined each incident's listed records, best first. Records joined only through
  // one the filter leaves out have none, and their incident's score is null (it was 1 until
  // 2026-12-06, a perfect score for two records that did not link to each other).
  const joining = new Map<string, IncidentLink[]>();
  const clusterOf = new Map<string, string>();
  for (const c of clusters) for (const m of c.members) clusterOf.set(m, c.id);
  for (const p of [...pairs].sort(
    (x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1),
  ))
    if (p.clustered && clusterOf.get(p.a) === clusterOf.get(p.b)) {
      const c = clusterOf.get(p.a)!;
      const link = { a: p.a, b: p.b, score: p.score, reasons: p.reasons };
      (joining.get(c) ?? joining.set(c, []).get(c)!).push(link);
    }
  const incidents: Incident[] = [];
  const single = new Map(sources.map((s) => [s, { incidents: 0, whereOthersCover: 0, linkedOutside: 0 }]));
  const linkedOutside: string[] = [];
  const onlyIn: (IncidentRecord & { not_in: string[] })[] = [];
  for (const c of clusters) {
    const rs = c.members.map((id) => byId.get(id)!);
    if (rs.length === 1) {
      const r = rs[0]!;
      const n = single.get(String(r.source))!;
      n.incidents++;
      // Alone under the filter, yet linked to another source's record the filter leaves out (UCDP's
      // unattributed XXX770 record of an attack a newsroom log gives to the TTP, under --actor TTP):
      // the other source has the incident, so it is no evidence that it missed it.
      const away = outside.get(String(r.id));
      if (away?.length) {
        n.linkedOutside++;
        linkedOutside.push(`${String(r.id)} with ${away.join(', ')}`);
      } else {
        const notIn = compared.filter((o) => o !== r.source && covers(o, r));
        if (notIn.length) {
          n.whereOthersCover++;
          if (r.source === opts.onlyIn) onlyIn.push({ ...incidentRecord(r), not_in: notIn });
        }
      }
      continue;
    }
    const links = joining.get(c.id) ?? [];
    incidents.push({
      id: c.id,
      records: rs.map(incidentRecord),
      differ: differences(rs, t),
      score: links.length ? Math.min(...links.map((l) => l.score)) : null,
      links,
      through: [...new Set(c.members.flatMap((m) => outside.get(m) ?? []))].sort(),
    });
  }
  if (opts.differ !== undefined && !DIFFERENCES.includes(opts.differ))
    throw invalidParam('differ', `${quoteValue(opts.differ)} (${choiceHint(DIFFERENCES)})`);
  const disagreeing = incidents
    .filter((i) => (opts.differ ? i.differ.includes(opts.differ) : i.differ.length))
    .sort(
      (a, b) =>
        Math.max(...b.records.map((r) => r.fatalities_best ?? 0)) -
          Math.max(...a.records.map((r) => r.fatalities_best ?? 0)) || (a.id < b.id ? -1 : 1),
    );
  if (disagreeing.length > limit)
    notes.push(
      `${count(disagreeing.length)} incidents disagree; the first ${count(limit)} (largest death toll first) ${agree(limit, 'is', 'are')} listed: raise the limit to see them all`,
    );
  if (linkedOutside.length)
    notes.push(
      `${count(linkedOutside.length)} of the incidents one source alone reports under this filter ${linkedOutside.length === 1 ? 'is' : 'are'} linked to a record of another source that the filter leaves out (another actor, place or date: ${linkedOutside.slice(0, 5).join('; ')}${linkedOutside.length > 5 ? '; ...' : ''}): that source has the incident, coded otherwise, so single_source.linked_outside_filter counts ${linkedOutside.length === 1 ? 'it' : 'them'} apart from where_others_cover`,
    );
  const uncoveredSingles = [...single.values()].reduce(
    (n, v) => n + v.incidents - v.whereOthersCover - v.linkedOutside,
    0,
  );
  if (uncoveredSingles && compared.length > 1) {
    const loaded = overlapping.map((c) => `${c.source} ${c.version} covers ${c.firstDate} to ${c.lastDate}`);
    notes.push(
      `${count(uncoveredSingles)} of the incidents one source alone reports fall on days (or in countries) no other loaded source covers (${loaded.join('; ')}): no other source could report them, so single_source.where_others_cover leaves them out`,
    );
  }
  // Per month and pair of sources: of A's records on days (and in countries) B covers, how many share
  // an incident with a record of B. Records B does not cover are counted but not judged.
  const cov = new Map<string, { records: number; covered: number; also: number }>();
  for (const c of clusters) {
    const rs = c.members.map((id) => byId.get(id)!);
    const inCluster = new Set(rs.map((r) => String(r.source)));
    for (const r of rs)
      for (const other of compared) {
        if (other === r.source) continue;
        const key = `${String(r.date_start).slice(0, 7)}|${String(r.source)}|${other}`;
        const v = cov.get(key) ?? { records: 0, covered: 0, also: 0 };
        v.records++;
        if (covers(other, r)) {
          v.covered++;
          if (inCluster.has(other)) v.also++;
        }
        cov.set(key, v);
      }
  }
  const known = (n: number) => (status === 'not_covered' ? null : n);
  return {
    filter,
    sources,
    period,
    coverage_status: status,
    uncovered: uncoveredSpans(relevant, period.from, period.to).map(([from, to]) => ({ from, to })),
    window: params.window,
    threshold: params.threshold,
    margin: params.margin,
    tolerances: { deaths_share: t.deathsShare, days: t.days },
    // No loaded source covers the period: no counts to give (the note says so), null rather than 0.
    records: known(summaries.length),
    incidents: known(clusters.length),
    multi_source: known(incidents.length),
    disagreeing_total: known(disagreeing.length),
    differ: opts.differ ?? null,
    disagreeing: disagreeing.slice(0, limit),
    single_source: [...single.entries()].map(([source, n]) => ({
      source,
      incidents: n.incidents,
      where_others_cover: n.whereOthersCover,
      linked_outside_filter: n.linkedOutside,
    })),
    only_in:
      opts.onlyIn === undefined
        ? null
        : {
            source: opts.onlyIn,
            total: onlyIn.length,
            records: onlyIn.sort(deadliestFirst).slice(0, limit),
          },
    linkage,
    coverage: [...cov.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => {
        const [month, source, other] = k.split('|') as [string, string, string];
        return {
          month,
          source,
          other,
          records: v.records,
          covered_by_other: v.covered,
          also_in_other: v.also,
          share: v.covered ? v.also / v.covered : null,
        };
      }),
    notes,
  };
}
