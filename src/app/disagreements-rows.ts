/**
 * The rows of a `disagreements` answer as a table (CLI `--format csv|ndjson|table`, API
 * `format=csv|ndjson`): one row per record of each disagreeing incident, each after the first
 * saying how it joined the records above it; with `only_in`, one row per record only that source
 * reports on days another source covers.
 */
import { joiningLink } from '../domain/incident-links.ts';
import type { DisagreementsAnswer, Incident, IncidentRecord } from './disagreements-answer.ts';

/** The columns of a record, in both lists. */
const RECORD_COLUMNS = ['source', 'id', 'date', 'province', 'place', 'deaths', 'actors'] as const;

/** The columns of the incidents' rows, so an empty answer still has its header. */
export const INCIDENT_COLUMNS = ['incident', 'differ', ...RECORD_COLUMNS, 'link'] as const;

/** The columns of the `only_in` rows. */
export const ONLY_IN_COLUMNS = [...RECORD_COLUMNS, 'not_in'] as const;

/** How the k-th record of an incident joined the others: the link, or the records outside the filter. */
export function joinedBy(i: Incident, k: number): string {
  const j = joiningLink(
    i.records.map((r) => r.id),
    i.links,
    k,
  );
  if (j) return `score ${j.link.score.toFixed(3)} with ${j.other}: ${j.link.reasons.join('; ')}`;
  return `through ${i.through.join(', ') || 'no listed record'} (left out by the filter)`;
}

/** A record's cells, as both lists give them. */
const recordCells = (x: IncidentRecord) => ({
  source: `${x.source} ${x.source_version}`,
  id: x.id,
  date: x.date_start,
  province: x.admin1_code,
  place: x.place,
  deaths: x.fatalities_best,
  actors: x.actors.join('; '),
});

/** The answer's listed records as flat rows, with their columns. */
export function disagreementRows(r: DisagreementsAnswer): { rows: object[]; columns: readonly string[] } {
  if (r.only_in)
    return {
      columns: ONLY_IN_COLUMNS,
      rows: r.only_in.records.map((x) => ({ ...recordCells(x), not_in: x.not_in.join(', ') })),
    };
  return {
    columns: INCIDENT_COLUMNS,
    rows: r.disagreeing.flatMap((i) =>
      i.records.map((x, k) => ({
        incident: i.id,
        differ: i.differ.join(', '),
        ...recordCells(x),
        link: k ? joinedBy(i, k) : '',
      })),
    ),
  };
}
