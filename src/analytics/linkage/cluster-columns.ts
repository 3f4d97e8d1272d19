/**
 * Clustering (step 3 of linkage.ts) over typed columns, as the store hands over the links of a
 * run it scored in the engine: records are numbers 0.. in id order, clusters are kept as
 * union-find roots (the smallest record number) with their members in a linked list, all in typed
 * arrays. The rules are clusterLinks's exactly (best link first, one record per source, every pair
 * within its window, the ambiguity margin, an ambiguous group matched as a whole); a test compares the two.
 */
import { haversineKm } from '../../domain/great-circle.ts';
import type { ColumnClusters, LinkColumns } from '../../domain/linkage-columns.ts';
import { matchGroup, MAX_GROUP_RECORDS, micro } from './ambiguous-group.ts';
import { CLUSTER_SLICE, windowFor, type LinkageParams } from './linkage.ts';

/** Reason of a link the chain guard or the one-record-per-source rule refused. */
export const NOT_MERGEABLE =
  'not clustered: joining would put two records of one source, or two records outside the window, in one incident';

/** Reason of an ambiguous link. */
export const ambiguous = (rival: number, margin: number): string =>
  `not clustered: ambiguous, another candidate of the same source scores ${rival.toFixed(3)} (within ${margin})`;

/** Clusters the links of `c` (see the module comment), giving the event loop a turn every CLUSTER_SLICE links. */
export async function clusterColumns(c: LinkColumns, params: LinkageParams): Promise<ColumnClusters> {
  const n = c.source.length;
  const m = c.a.length;
  const S = c.sources.length;
  // Windows per pair of sources.
  const wDays = new Float64Array(S * S);
  const wKm = new Float64Array(S * S);
  for (let i = 0; i < S; i++)
    for (let j = 0; j < S; j++) {
      const w = windowFor(params, c.sources[i]!, c.sources[j]!);
      wDays[i * S + j] = w.days;
      wKm[i * S + j] = w.km;
    }
  // Links of each record (compressed rows).
  const start = new Int32Array(n + 1);
  for (let l = 0; l < m; l++) {
    start[c.a[l]! + 1]!++;
    start[c.b[l]! + 1]!++;
  }
  for (let i = 0; i < n; i++) start[i + 1]! += start[i]!;
  const fill = start.slice(0, n);
  const linksOf = new Int32Array(2 * m);
  for (let l = 0; l < m; l++) {
    linksOf[fill[c.a[l]!]!++] = l;
    linksOf[fill[c.b[l]!]!++] = l;
  }
  // Clusters: root per record, members as a list from the root (next = -1 ends it).
  const root = new Int32Array(n);
  const next = new Int32Array(n).fill(-1);
  const last = new Int32Array(n);
  for (let i = 0; i < n; i++) root[i] = last[i] = i;
  const hasSource = (r: number, s: number): boolean => {
    for (let x = r; x >= 0; x = next[x]!) if (c.source[x] === s) return true;
    return false;
  };
  const placeCompatible = (x: number, y: number, km: number): boolean => {
    const [cx, cy] = [c.country[x]!, c.country[y]!];
    if (cx >= 0 && cy >= 0 && cx !== cy) return false;
    if (!Number.isNaN(c.lat[x]!) && !Number.isNaN(c.lat[y]!)) {
      const raw = haversineKm(c.lon[x]!, c.lat[x]!, c.lon[y]!, c.lat[y]!);
      return Math.max(0, raw - c.placeKm[x]! - c.placeKm[y]!) <= km;
    }
    const [px, py] = [c.admin1[x]!, c.admin1[y]!];
    if (px >= 0 && py >= 0) return px === py;
    return cx >= 0 && cx === cy;
  };
  const mergeable = (ra: number, rb: number): boolean => {
    for (let x = ra; x >= 0; x = next[x]!)
      for (let y = rb; y >= 0; y = next[y]!) {
        const [sx, sy] = [c.source[x]!, c.source[y]!];
        if (sx === sy) return false;
        const gap = Math.max(0, c.dayFrom[y]! - c.dayTo[x]!, c.dayFrom[x]! - c.dayTo[y]!);
        if (gap > wDays[sx * S + sy]! || !placeCompatible(x, y, wKm[sx * S + sy]!)) return false;
      }
    return true;
  };
  // The best score of another link from x to a record of `source` that could still join x's incident.
  const rival = (x: number, source: number, p: number): number => {
    let best = -Infinity;
    const mine = c.source[x]!;
    for (let i = start[x]!; i < start[x + 1]!; i++) {
      const q = linksOf[i]!;
      const z = c.a[q] === x ? c.b[q]! : c.a[q]!;
      if (q === p || c.source[z] !== source) continue;
      if (root[z] !== root[x] && !hasSource(root[z]!, mine)) best = Math.max(best, c.score[q]!);
    }
    return best;
  };
  // Links of an ambiguous group, decided when the group's first link came up: kept (null) or why not;
  // the links of a group too large to match are judged one at a time, each against its rivals.
  const verdict = new Map<number, string | null>();
  const oversize = new Set<number>();
  // The group of ambiguous link l (ambiguous-group.ts), as clusterLinks forms it; null when too large.
  const group = (l: number): Map<number, string | null> | null => {
    const [S, T] = [c.source[c.a[l]!]!, c.source[c.b[l]!]!];
    const records = [c.a[l]!, c.b[l]!];
    const seen = new Set(records);
    const links = new Set([l]);
    for (let k = 0; k < records.length; k++) {
      const x = records[k]!;
      const other = c.source[x] === S ? T : S;
      for (let i = start[x]!; i < start[x + 1]!; i++) {
        const q = linksOf[i]!;
        if (links.has(q) || verdict.has(q) || q <= l) continue;
        const z = c.a[q] === x ? c.b[q]! : c.a[q]!;
        if (c.source[z] !== other || root[x] === root[z] || !mergeable(root[x]!, root[z]!)) continue;
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
    // Record numbers are in id order, as clusterLinks numbers each side.
    const side = (s: number) =>
      new Map(
        records
          .filter((x) => c.source[x] === s)
          .sort((x, y) => x - y)
          .map((x, i) => [x, i]),
      );
    const [ns, nt] = [side(S), side(T)];
    const list = [...links].map((q) => {
      const [s, t] = c.source[c.a[q]!] === S ? [c.a[q]!, c.b[q]!] : [c.b[q]!, c.a[q]!];
      return { q, s: ns.get(s)!, t: nt.get(t)!, w: micro(c.score[q]!) };
    });
    const verdicts = matchGroup(ns.size, nt.size, list, micro(params.margin));
    return new Map(list.map((x, i) => [x.q, verdicts[i]!]));
  };
  const refused: ColumnClusters['refused'] = [];
  for (let l = 0; l < m; l++) {
    if (l % CLUSTER_SLICE === 0 && l > 0) await new Promise((resolve) => setImmediate(resolve));
    const [a, b] = [c.a[l]!, c.b[l]!];
    const [ra, rb] = [root[a]!, root[b]!];
    if (ra === rb) continue;
    let decided = verdict.get(l);
    if (decided) {
      refused.push({ link: l, reason: decided });
      continue;
    }
    if (!mergeable(ra, rb)) {
      refused.push({ link: l, reason: NOT_MERGEABLE });
      continue;
    }
    const r = decided === null ? -Infinity : Math.max(rival(a, c.source[b]!, l), rival(b, c.source[a]!, l));
    if (c.score[l]! - r < params.margin) {
      const g = oversize.has(l) ? null : group(l);
      if (!g) {
        refused.push({ link: l, reason: ambiguous(r, params.margin) });
        continue;
      }
      for (const [q, v] of g) verdict.set(q, v);
      decided = verdict.get(l);
      if (decided) {
        refused.push({ link: l, reason: decided });
        continue;
      }
    }
    // The smaller root keeps the cluster (its smallest record); the other's members move to it.
    const [keep, gone] = ra < rb ? [ra, rb] : [rb, ra];
    for (let x = gone; x >= 0; x = next[x]!) root[x] = keep;
    next[last[keep]!] = gone;
    last[keep] = last[gone]!;
  }
  return { root, refused };
}
