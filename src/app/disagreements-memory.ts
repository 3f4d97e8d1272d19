/**
 * `disagreements` judged in memory: every record under the filter and the links among them, for
 * links computed on request (superseded events, parameters of their own) and stores that cannot
 * judge stored links themselves (Store.disagreementTally). The store's SQL
 * (storage/duckdb/duckdb-disagreements.ts) follows the same rules; a test holds the two to the same
 * answer byte for byte (src/app/disagreements-sql.test.ts).
 */
import { linkRecords, type LinkageParams, type LinkageResult } from '../analytics/linkage/linkage.ts';
import { dayNumber } from '../analytics/aggregate/dates.ts';
import type { EventSummary } from '../domain/event-summary.ts';
import type { Store } from '../storage/store.ts';
import type { Incident, IncidentRecord, LinkageBasis } from './disagreements-answer.ts';
import {
  coverageRows,
  incidentRecord,
  joiningLinks,
  lowestScore,
  type Tally,
  type TallyAsk,
  type Tolerances,
} from './disagreements-tally.ts';
import { linkRecordOf, perpetratorGroups } from './link-record.ts';
import { storedBasis } from './linkage-basis.ts';
import { ensureLinked } from './linkage-runs.ts';

const day = (iso: unknown) => dayNumber(String(iso).slice(0, 10)) ?? NaN;
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

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
  computed: boolean,
): Promise<LinkageResult & { linkage: LinkageBasis; outside: Map<string, string[]> }> {
  if (summaries.length && computed)
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

/** What the records of one incident differ on, beyond the tolerances. */
export function differences(rs: EventSummary[], t: Tolerances): Incident['differ'] {
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

/** Largest death toll first (unknown last), then by date and id. */
function deadliestFirst(a: IncidentRecord, b: IncidentRecord): number {
  return (
    (b.fatalities_best ?? -1) - (a.fatalities_best ?? -1) ||
    (a.date_start < b.date_start ? -1 : a.date_start > b.date_start ? 1 : a.id < b.id ? -1 : 1)
  );
}

/** The tally of every record under the filter (`summaries`), judged here. */
export async function tallyInMemory(
  store: Store,
  summaries: readonly EventSummary[],
  ask: TallyAsk,
  computed: boolean,
): Promise<Tally> {
  const { compared, relevant, tolerances: t, limit } = ask;
  const byId = new Map(summaries.map((e) => [String(e.id), e]));
  // What each loaded source covers (desk events never cover a period): a record another source could
  // not have reported, because that source covers neither its day nor its country, is no evidence
  // that the other source missed it.
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
  const { pairs, clusters, linkage, outside } = await linksOf(
    store,
    summaries,
    ask.period,
    ask.params,
    computed,
  );
  const joining = joiningLinks(pairs, clusters);
  const incidents: Incident[] = [];
  const single = new Map(
    ask.sources.map((s) => [s, { incidents: 0, whereOthersCover: 0, linkedOutside: 0 }]),
  );
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
          if (r.source === ask.onlyIn) onlyIn.push({ ...incidentRecord(r), not_in: notIn });
        }
      }
      continue;
    }
    const links = joining.get(c.id) ?? [];
    incidents.push({
      id: c.id,
      records: rs.map(incidentRecord),
      differ: differences(rs, t),
      score: lowestScore(links),
      links,
      through: [...new Set(c.members.flatMap((m) => outside.get(m) ?? []))].sort(),
    });
  }
  const disagreeing = incidents
    .filter((i) => (ask.differ ? i.differ.includes(ask.differ) : i.differ.length))
    .sort(
      (a, b) =>
        Math.max(...b.records.map((r) => r.fatalities_best ?? 0)) -
          Math.max(...a.records.map((r) => r.fatalities_best ?? 0)) || (a.id < b.id ? -1 : 1),
    );
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
  return {
    records: summaries.length,
    incidents: clusters.length,
    multiSource: incidents.length,
    disagreeingTotal: disagreeing.length,
    disagreeing: disagreeing.slice(0, limit),
    single: [...single.entries()].map(([source, n]) => ({
      source,
      incidents: n.incidents,
      where_others_cover: n.whereOthersCover,
      linked_outside_filter: n.linkedOutside,
    })),
    linkedOutside: { total: linkedOutside.length, first: linkedOutside.slice(0, 5) },
    onlyIn:
      ask.onlyIn === undefined
        ? null
        : { total: onlyIn.length, records: onlyIn.sort(deadliestFirst).slice(0, limit) },
    coverage: coverageRows(cov),
    linkage,
  };
}
