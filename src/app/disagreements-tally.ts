/**
 * What `disagreements` counts of a filter's incidents, the same whether the links were judged in the
 * store (app/disagreements-stored.ts, stored runs) or in memory (app/disagreements-memory.ts, links
 * computed on request): the answer (app/disagreements.ts) is built from it.
 */
import type { LinkageParams } from '../analytics/linkage/linkage.ts';
import type { EventFilter } from '../domain/query.ts';
import type { Coverage } from '../storage/store.ts';
import type {
  DisagreementsAnswer,
  Difference,
  Incident,
  IncidentRecord,
  LinkageBasis,
} from './disagreements-answer.ts';

/** How far two sources' figures may differ before an incident is listed as a disagreement. */
export interface Tolerances {
  /** Deaths (best) may differ by this share of the larger figure, and always by 2. */
  deathsShare: number;
  /** Start dates may differ by this many days. */
  days: number;
}

/** What a tally is asked: the filter's period, tolerances and linkage parameters, the sources compared and what they cover. */
export interface TallyAsk {
  filter: EventFilter;
  period: { from: string; to: string };
  tolerances: Tolerances;
  params: LinkageParams;
  includeSuperseded: boolean;
  differ: Difference | undefined;
  limit: number;
  onlyIn: string | undefined;
  /** Sources with events under the filter, sorted. */
  sources: readonly string[];
  /** Those and the sources covering part of the period without any, sorted. */
  compared: readonly string[];
  /** What each loaded source relevant to the filter covers. */
  relevant: readonly Coverage[];
}

/** The counts and lists of an answer that depend on the links. */
export interface Tally {
  records: number;
  incidents: number;
  multiSource: number;
  disagreeingTotal: number;
  /** The disagreeing incidents, largest death toll first, at most `limit`. */
  disagreeing: Incident[];
  single: DisagreementsAnswer['single_source'];
  /** Lone records linked to records the filter leaves out: how many, and the first five as "id with a, b". */
  linkedOutside: { total: number; first: string[] };
  onlyIn: { total: number; records: (IncidentRecord & { not_in: string[] })[] } | null;
  coverage: DisagreementsAnswer['coverage'];
  linkage: LinkageBasis;
}

const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));

/** One record as an answer lists it, from a summary's values. */
export function incidentRecord(r: Record<keyof IncidentRecord, unknown>): IncidentRecord {
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

/** The links that joined each incident's listed records, best first (incidents by their records' ids). */
export function joiningLinks(
  pairs: readonly { a: string; b: string; score: number; clustered: boolean; reasons: string[] }[],
  incidents: readonly { id: string; members: readonly string[] }[],
): Map<string, Incident['links']> {
  const joining = new Map<string, Incident['links']>();
  const clusterOf = new Map<string, string>();
  for (const c of incidents) for (const m of c.members) clusterOf.set(m, c.id);
  for (const p of [...pairs].sort(
    (x, y) => y.score - x.score || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : 1),
  ))
    if (p.clustered && clusterOf.has(p.a) && clusterOf.get(p.a) === clusterOf.get(p.b)) {
      const c = clusterOf.get(p.a)!;
      const link = { a: p.a, b: p.b, score: p.score, reasons: p.reasons };
      (joining.get(c) ?? joining.set(c, []).get(c)!).push(link);
    }
  return joining;
}

/** An incident's lowest link score; null when no link joins two of its listed records (never a made-up 1). */
export const lowestScore = (links: readonly { score: number }[]): number | null =>
  links.length ? Math.min(...links.map((l) => l.score)) : null;

/** Per month and pair of sources, as counted: sorted by month, source and other, with the share. */
export function coverageRows(
  counts: Iterable<[string, { records: number; covered: number; also: number }]>,
): DisagreementsAnswer['coverage'] {
  return [...counts]
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
    });
}
