/**
 * Cross-source linkage (issue 17): which records of different sources describe the same incident.
 *
 * 1. Candidate pairs: records of two different sources whose dates lie within a window of days and
 *    whose places lie within a window of km, both widened by each record's own uncertainty (a
 *    record dated to a month spans its month; a point placed only to a district carries the
 *    district's radius). Records without a point are compared by province, else by country.
 * 2. Scores: date distance, distance, common type, actor groups and fatality compatibility, each
 *    0..1 and weighted; two records each naming an actor group the other does not (TTP in one,
 *    Islamic State in the other), or a different country, contradict a link whatever the score. Every pair keeps its score and its reasons.
 * 3. Clusters: links taken from the best score down, joined only while the merged cluster holds at
 *    most one record per source and every pair in it still lies within the window (the guard
 *    against chains: A-B and B-C link, but A and C far apart keep C out), and only when the link
 *    beats every other open link of its records to the same source by the margin; a link that does
 *    not is ambiguous, and its whole group is matched one to one at once (ambiguous-group.ts).
 * Deterministic: ties are broken by record ids. See docs/linkage.md.
 */
import { InvalidInputError } from '../../domain/errors.ts';
import { haversineKm } from '../../domain/great-circle.ts';
import { ACTORS_UNKNOWN, TOLL_UNKNOWN, TYPE_UNKNOWN } from '../../domain/linkage-reasons.ts';
import { matchGroup, MAX_GROUP_RECORDS, micro } from './ambiguous-group.ts';

/** One record as linkage sees it (any source). */
export interface LinkRecord {
  id: string;
  source: string;
  /** First and last day the record may fall on (days since 1970-01-01): a month-precise record spans its month. */
  dayFrom: number;
  dayTo: number;
  lat: number | null;
  lon: number | null;
  /** Radius in km within which the record's place is known: 0 for an exact point, a unit's size for a centroid. */
  placeKm: number;
  country: string | null;
  admin1: string | null;
  /** Common type (battle, violence-against-civilians, ...), or null. */
  type: string | null;
  /** Actor groups of either side (ttp, pakistan, afghan-taliban, ...); empty when unknown. */
  actorGroups: readonly string[];
  deathsBest: number | null;
  deathsLow: number | null;
  deathsHigh: number | null;
}

/** How far apart two records may be and still describe one incident. */
export interface LinkWindow {
  days: number;
  km: number;
}

/** Parameters of a linkage run. */
export interface LinkageParams {
  /** The window for any two sources without their own. */
  window: LinkWindow;
  /** Windows per source pair, keyed `a|b` with the names in alphabetical order. */
  pairWindows?: Readonly<Record<string, LinkWindow>>;
  /** Lowest score that links a pair. */
  threshold: number;
  /** A link joins its records only when it beats every other open link of either record to the same source by more than this. */
  margin: number;
}

/** Defaults: three days and 25 km (UCDP and ACLED report most incidents within a day or two, placed to a town or district); a score of 0.6; a margin of 0.01 (tuned on a validation draw, docs/linkage.md). */
export const LINKAGE_DEFAULTS: LinkageParams = {
  window: { days: 3, km: 25 },
  threshold: 0.6,
  margin: 0.01,
};

/** A scored candidate pair (`a` < `b` by id). */
export interface ScoredPair {
  a: string;
  b: string;
  score: number;
  /** Whether the pair is a link (score at or over the threshold and nothing contradicts it). */
  linked: boolean;
  /** Whether the link was kept when clustering (false: ambiguous, or the chain guard or the one-record-per-source rule refused it). */
  clustered: boolean;
  reasons: string[];
}

/** A cluster: the records of one incident (a single record is its own cluster). */
export interface Cluster {
  /** The smallest member id. */
  id: string;
  members: string[];
}

/** What a run returns: every scored pair and every cluster. */
export interface LinkageResult {
  pairs: ScoredPair[];
  clusters: Cluster[];
}

/** Score weights, summed in this order. Tuned on a validation draw of the perturbed set (seed 99), never on the reported draw (docs/linkage.md). */
export const WEIGHTS = { date: 0.2, place: 0.3, type: 0.15, actors: 0.15, deaths: 0.1, sameToll: 0.1 };

/** The window for two sources. */
export function windowFor(params: LinkageParams, a: string, b: string): LinkWindow {
  const key = a < b ? `${a}|${b}` : `${b}|${a}`;
  return params.pairWindows?.[key] ?? params.window;
}

/** Days between two records' date ranges (0 when they overlap). */
export function dayGap(a: LinkRecord, b: LinkRecord): number {
  return Math.max(0, b.dayFrom - a.dayTo, a.dayFrom - b.dayTo);
}

/** Km between two records' places, less both uncertainties (0 when they may coincide); null without two points. */
export function placeGapKm(a: LinkRecord, b: LinkRecord): number | null {
  if (a.lat === null || a.lon === null || b.lat === null || b.lon === null) return null;
  return Math.max(0, haversineKm(a.lon, a.lat, b.lon, b.lat) - a.placeKm - b.placeKm);
}

// Whether two records may lie in one place: within the window by distance, or, without two points,
// in the same province (or country when a province is unknown).
function placeCompatible(a: LinkRecord, b: LinkRecord, w: LinkWindow): boolean {
  if (a.country && b.country && a.country !== b.country) return false;
  const km = placeGapKm(a, b);
  if (km !== null) return km <= w.km;
  if (a.admin1 && b.admin1) return a.admin1 === b.admin1;
  return a.country !== null && a.country === b.country;
}

// Whether two fatality figures can describe the same deaths: ranges overlap, or bests within a factor of two (or both at most 2).
function deathsCompatible(a: LinkRecord, b: LinkRecord): boolean | null {
  if (a.deathsBest === null || b.deathsBest === null) return null;
  const [alo, ahi] = [a.deathsLow ?? a.deathsBest, a.deathsHigh ?? a.deathsBest];
  const [blo, bhi] = [b.deathsLow ?? b.deathsBest, b.deathsHigh ?? b.deathsBest];
  if (alo <= bhi && blo <= ahi) return true;
  const [lo, hi] = [Math.min(a.deathsBest, b.deathsBest), Math.max(a.deathsBest, b.deathsBest)];
  return hi <= 2 || hi <= 2 * lo;
}

// Relative gap between two tolls, 0..1 (0 when equal).
const tollGap = (x: number, y: number) => Math.abs(x - y) / Math.max(x, y, 1);

/** Scores a pair of records within the window: the weighted score, whether something contradicts a link, and the reasons. */
export function scorePair(
  a: LinkRecord,
  b: LinkRecord,
  w: LinkWindow,
): { score: number; contradiction: boolean; reasons: string[] } {
  const reasons: string[] = [];
  let contradiction = false;
  const gap = dayGap(a, b);
  const date = 1 - gap / (w.days + 1);
  reasons.push(gap === 0 ? 'dates overlap' : `dates ${gap} day${gap === 1 ? '' : 's'} apart`);
  let place: number;
  const km = placeGapKm(a, b);
  if (a.country && b.country && a.country !== b.country) {
    contradiction = true;
    place = 0;
    reasons.push(`different countries (${a.country}, ${b.country})`);
  } else if (km !== null) {
    // Within the uncertainty every place fits equally; the distance between the points themselves
    // (a quarter of the component) tells apart several candidates that all fit.
    const raw = haversineKm(a.lon!, a.lat!, b.lon!, b.lat!);
    const reach = w.km + a.placeKm + b.placeKm;
    place = 0.75 * Math.max(0, 1 - km / w.km) + 0.25 * Math.max(0, 1 - raw / reach);
    reasons.push(`${km.toFixed(1)} km apart beyond their place uncertainty`);
  } else if (a.admin1 && b.admin1) {
    place = a.admin1 === b.admin1 ? 0.5 : 0;
    reasons.push(
      a.admin1 === b.admin1
        ? `no two points: same province ${a.admin1}`
        : 'no two points: different provinces',
    );
  } else {
    place = 0.25;
    reasons.push('no two points or provinces: same country');
  }
  let type = 0.5;
  if (a.type && b.type) {
    type = a.type === b.type ? 1 : 0;
    reasons.push(a.type === b.type ? `same type (${a.type})` : `different types (${a.type}, ${b.type})`);
  } else reasons.push(TYPE_UNKNOWN);
  let actors = 0.5;
  if (a.actorGroups.length && b.actorGroups.length) {
    // Each naming a group the other does not (TTP in one, Islamic State in the other, both against
    // the state) contradicts; one naming fewer (the state alone) only weakens the match.
    const onlyA = [...new Set(a.actorGroups.filter((g) => !b.actorGroups.includes(g)))].sort();
    const onlyB = [...new Set(b.actorGroups.filter((g) => !a.actorGroups.includes(g)))].sort();
    const shared = [...new Set(a.actorGroups.filter((g) => b.actorGroups.includes(g)))].sort();
    if (onlyA.length && onlyB.length) {
      actors = 0;
      contradiction = true;
      reasons.push(`different actors (${onlyA.join(', ')} / ${onlyB.join(', ')})`);
    } else {
      actors = shared.length / (shared.length + onlyA.length + onlyB.length);
      reasons.push(`shared actor groups (${shared.join(', ')})`);
    }
  } else reasons.push(ACTORS_UNKNOWN);
  const d = deathsCompatible(a, b);
  // Tolls score more the closer they are, and the same toll (or one apart) more again: several
  // same-day clashes in one district differ mostly in their tolls.
  let deaths = 0.5;
  let sameToll = 0.5;
  if (d !== null) {
    const [x, y] = [a.deathsBest!, b.deathsBest!];
    deaths = 1 - tollGap(x, y);
    sameToll = x === y ? 1 : Math.abs(x - y) <= 1 ? 0.5 : 0;
    reasons.push(x === y ? `same toll (${x})` : `fatalities ${d ? 'compatible' : 'differ'} (${x}, ${y})`);
  } else reasons.push(TOLL_UNKNOWN);
  const score =
    WEIGHTS.date * date +
    WEIGHTS.place * place +
    WEIGHTS.type * type +
    WEIGHTS.actors * actors +
    WEIGHTS.deaths * deaths +
    WEIGHTS.sameToll * sameToll;
  return { score: Math.round(score * 1e6) / 1e6, contradiction, reasons };
}

/** Pairs of records from different sources within their window of days and km (swept in date order). */
export function candidatePairs(
  records: readonly LinkRecord[],
  params: LinkageParams,
): [LinkRecord, LinkRecord][] {
  const maxDays = Math.max(params.window.days, ...Object.values(params.pairWindows ?? {}).map((w) => w.days));
  const sorted = [...records].sort(
    (x, y) => x.dayFrom - y.dayFrom || (x.id < y.id ? -1 : x.id > y.id ? 1 : 0),
  );
  const out: [LinkRecord, LinkRecord][] = [];
  // Records still open: their last day plus the widest window reaches the current record's first day.
  let open: LinkRecord[] = [];
  for (const r of sorted) {
    open = open.filter((o) => o.dayTo + maxDays >= r.dayFrom);
    for (const o of open) {
      if (o.source === r.source) continue;
      const w = windowFor(params, o.source, r.source);
      if (dayGap(o, r) <= w.days && placeCompatible(o, r, w)) out.push(o.id < r.id ? [o, r] : [r, o]);
    }
    open.push(r);
  }
  return out;
}

// A candidate pair scored, or null when it lies outside its own source pair's window (or is of one source).
function scored(x: LinkRecord, y: LinkRecord, params: LinkageParams): ScoredPair | null {
  const w = windowFor(params, x.source, y.source);
  if (x.source === y.source || dayGap(x, y) > w.days || !placeCompatible(x, y, w)) return null;
  const [a, b] = x.id < y.id ? [x, y] : [y, x];
  const s = scorePair(a, b, w);
  return {
    a: a.id,
    b: b.id,
    score: s.score,
    linked: !s.contradiction && s.score >= params.threshold,
    clustered: false,
    reasons: s.reasons,
  };
}

const byIds = (x: ScoredPair, y: ScoredPair) =>
  x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0;

/** Links records across sources and clusters them (see the module comment). */
export function linkRecords(
  records: readonly LinkRecord[],
  params: LinkageParams = LINKAGE_DEFAULTS,
): LinkageResult {
  const byId = new Map(records.map((r) => [r.id, r]));
  if (byId.size !== records.length) throw new InvalidInputError('linkage: record ids must be unique');
  const pairs = candidatePairs(records, params).flatMap(([a, b]) => scored(a, b, params) ?? []);
  const clusters = clusterLinks(pairs, byId, params);
  // Records in no link are their own incident.
  return {
    pairs: pairs.sort(byIds),
    clusters: withSingles(
      clusters,
      records.map((r) => r.id),
    ),
  };
}

/**
 * Links candidate pairs streamed a batch at a time (the store's space-time blocking): each pair is
 * checked against its own window and scored, and only the records of links are kept in memory.
 * Clusters list the records of at least one link (every other record is its own incident); the
 * pairs come in no set order. Gives the event loop a turn while it works (a server keeps answering).
 */
export async function linkCandidates(
  batches: AsyncIterable<readonly (readonly [LinkRecord, LinkRecord])[]>,
  params: LinkageParams = LINKAGE_DEFAULTS,
): Promise<LinkageResult> {
  const byId = new Map<string, LinkRecord>();
  const pairs: ScoredPair[] = [];
  for await (const batch of batches)
    for (const [x, y] of batch) {
      const p = scored(x, y, params);
      if (!p) continue;
      pairs.push(p);
      if (p.linked) byId.set(x.id, x).set(y.id, y);
    }
  // Pairs in no set order (sorting a million would hold the event loop for seconds); clusters by id.
  return { pairs, clusters: await clusterLinksAsync(pairs, byId, params) };
}

// Adds a single-member cluster for each id in no cluster, and orders all by id.
function withSingles(clusters: Cluster[], ids: readonly string[]): Cluster[] {
  const inOne = new Set(clusters.flatMap((c) => c.members));
  const singles = ids.filter((id) => !inOne.has(id)).map((id) => ({ id, members: [id] }));
  return [...clusters, ...singles].sort((x, y) => (x.id < y.id ? -1 : 1));
}

/**
 * Clusters the links (step 3 of the module comment): best score first, one record per source,
 * every pair within its window, and only links that beat their rivals by the margin. Marks each
 * pair's `clustered`; returns the clusters of two or more records, ordered by id.
 */
export function clusterLinks(
  pairs: readonly ScoredPair[],
  byId: ReadonlyMap<string, LinkRecord>,
  params: LinkageParams,
): Cluster[] {
  const c = clusterer(pairs, byId, params);
  c.take(Infinity);
  return c.clusters();
}

/** Links taken between two turns of the event loop when clustering asynchronously. */
export const CLUSTER_SLICE = 2000;

/** As clusterLinks, giving the event loop a turn every CLUSTER_SLICE links (a server keeps answering while it links). */
export async function clusterLinksAsync(
  pairs: readonly ScoredPair[],
  byId: ReadonlyMap<string, LinkRecord>,
  params: LinkageParams,
): Promise<Cluster[]> {
  const c = clusterer(pairs, byId, params);
  while (!c.take(CLUSTER_SLICE)) await new Promise((resolve) => setImmediate(resolve));
  return c.clusters();
}

// The clustering, a slice of links at a time: take(n) takes the next n links and says whether all are taken.
function clusterer(
  pairs: readonly ScoredPair[],
  byId: ReadonlyMap<string, LinkRecord>,
  params: LinkageParams,
): { take: (n: number) => boolean; clusters: () => Cluster[] } {
  // Best links first; ties by ids, so the result never depends on input order.
  const order = pairs
    .filter((p) => p.linked)
    .sort(
      (x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0),
    );
  const clusterOf = new Map<string, string[]>();
  for (const p of order) for (const id of [p.a, p.b]) clusterOf.set(id, [id]);
  const linksOf = new Map<string, ScoredPair[]>();
  for (const p of order)
    for (const id of [p.a, p.b]) (linksOf.get(id) ?? linksOf.set(id, []).get(id)!).push(p);
  // The best score of another link from `x` to a record of `source` that could still join x's incident.
  const rival = (x: string, source: string, p: ScoredPair): number => {
    let best = -Infinity;
    const mine = byId.get(x)!.source;
    for (const q of linksOf.get(x)!) {
      const z = q.a === x ? q.b : q.a;
      if (q === p || byId.get(z)!.source !== source) continue;
      const cz = clusterOf.get(z)!;
      if (cz !== clusterOf.get(x) && !cz.some((m) => byId.get(m)!.source === mine))
        best = Math.max(best, q.score);
    }
    return best;
  };
  // Links of an ambiguous group, decided when the group's first link came up: kept (null) or why not;
  // the links of a group too large to match are judged one at a time, each against its rivals.
  const verdict = new Map<ScoredPair, string | null>();
  const oversize = new Set<ScoredPair>();
  const pos = new Map(order.map((p, i) => [p, i]));
  let next = 0;
  // The group of ambiguous link p (ambiguous-group.ts): the links between p's two sources not taken
  // yet whose records could still join, connected to p through shared records; null when too large.
  const group = (p: ScoredPair): Map<ScoredPair, string | null> | null => {
    const [S, T] = [byId.get(p.a)!.source, byId.get(p.b)!.source];
    const records = [p.a, p.b];
    const seen = new Set(records);
    const links = new Set([p]);
    for (let k = 0; k < records.length; k++) {
      const x = records[k]!;
      const other = byId.get(x)!.source === S ? T : S;
      for (const q of linksOf.get(x)!) {
        if (links.has(q) || verdict.has(q) || pos.get(q)! <= next) continue;
        const z = q.a === x ? q.b : q.a;
        const [cx, cz] = [clusterOf.get(x)!, clusterOf.get(z)!];
        if (byId.get(z)!.source !== other || cx === cz || !mergeable(cx, cz, byId, params)) continue;
        links.add(q);
        if (seen.has(z)) continue;
        seen.add(z);
        records.push(z);
      }
    }
    if (records.length > MAX_GROUP_RECORDS) {
      for (const q of links) oversize.add(q);
      return null;
    }
    const side = (source: string) =>
      new Map(
        records
          .filter((id) => byId.get(id)!.source === source)
          .sort()
          .map((id, i) => [id, i]),
      );
    const [ns, nt] = [side(S), side(T)];
    const list = [...links].map((q) => {
      const [s, t] = byId.get(q.a)!.source === S ? [q.a, q.b] : [q.b, q.a];
      return { q, s: ns.get(s)!, t: nt.get(t)!, w: micro(q.score) };
    });
    const verdicts = matchGroup(ns.size, nt.size, list, micro(params.margin));
    return new Map(list.map((l, i) => [l.q, verdicts[i]!]));
  };
  const join = (p: ScoredPair): void => {
    const ca = clusterOf.get(p.a)!;
    const cb = clusterOf.get(p.b)!;
    if (ca === cb) {
      p.clustered = true;
      return;
    }
    let decided = verdict.get(p);
    if (decided) {
      p.reasons.push(decided);
      return;
    }
    if (!mergeable(ca, cb, byId, params)) {
      p.reasons.push(
        'not clustered: joining would put two records of one source, or two records outside the window, in one incident',
      );
      return;
    }
    // One-to-one between two sources, and only when the records tell the candidates apart: a link
    // whose record has another open candidate of the same source scoring within the margin is
    // ambiguous, and its whole group is matched at once (ambiguous-group.ts).
    const rivalScore =
      decided === null
        ? -Infinity
        : Math.max(rival(p.a, byId.get(p.b)!.source, p), rival(p.b, byId.get(p.a)!.source, p));
    if (p.score - rivalScore < params.margin) {
      const g = oversize.has(p) ? null : group(p);
      if (!g) {
        p.reasons.push(
          `not clustered: ambiguous, another candidate of the same source scores ${rivalScore.toFixed(3)} (within ${params.margin})`,
        );
        return;
      }
      for (const [q, v] of g) verdict.set(q, v);
      decided = verdict.get(p);
      if (decided) {
        p.reasons.push(decided);
        return;
      }
    }
    const merged = [...ca, ...cb];
    for (const id of merged) clusterOf.set(id, merged);
    p.clustered = true;
  };
  return {
    take(n) {
      const end = Math.min(order.length, next + n);
      for (; next < end; next++) join(order[next]!);
      return next >= order.length;
    },
    clusters: () =>
      [...new Set(clusterOf.values())]
        .filter((members) => members.length > 1)
        .map((members) => {
          const sorted = [...members].sort();
          return { id: sorted[0]!, members: sorted };
        })
        .sort((x, y) => (x.id < y.id ? -1 : 1)),
  };
}

// Whether two clusters may join: one record per source, and every cross pair within its window.
function mergeable(
  ca: string[],
  cb: string[],
  byId: ReadonlyMap<string, LinkRecord>,
  params: LinkageParams,
): boolean {
  for (const x of ca) {
    const a = byId.get(x)!;
    for (const y of cb) {
      const b = byId.get(y)!;
      if (a.source === b.source) return false;
      const w = windowFor(params, a.source, b.source);
      if (dayGap(a, b) > w.days || !placeCompatible(a, b, w)) return false;
    }
  }
  return true;
}
