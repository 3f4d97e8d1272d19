/**
 * `disagreements` over stored runs in DuckDB (Store.disagreementTally): the filter's records grouped
 * into their stored incidents, each incident judged (deaths, date, province, perpetrator), counted
 * and cut to the page in one statement, so that however large the store only the page's records
 * and the counts leave the engine. The rules are app/disagreements-memory.ts's; where JavaScript
 * orders by a key the engine would order otherwise (the coverage's joined key), the app sorts.
 */
import type {
  DisagreementField,
  DisagreementRecord,
  DisagreementsQuery,
  DisagreementsTally,
  EventScope,
} from '../stored-disagreements.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { Reader } from './duckdb-connection.ts';
import { SUMMARY_SQL } from './duckdb-event-stream.ts';
import { Params, whereClause } from './duckdb-filters.ts';

/** How many events a filter holds, their sources and their first and last start date (Store.eventScope). */
export async function eventScope(db: Reader, filter: EventFilter): Promise<EventScope> {
  const p = new Params();
  const [row] = await db.all<{
    events: number;
    sources: string[] | null;
    first: string | null;
    last: string | null;
  }>(
    `SELECT count(*)::INTEGER AS events, list(DISTINCT e.source) AS sources,
       CAST(min(e.date_start) AS VARCHAR) AS first, CAST(max(e.date_start) AS VARCHAR) AS last
     FROM events e ${whereClause(filter, p)}`,
    p.values,
  );
  return {
    events: Number(row?.events ?? 0),
    sources: [...(row?.sources ?? [])],
    first: row?.first ?? null,
    last: row?.last ?? null,
  };
}

/** Each difference as a condition on a judged incident (`multi`). */
const DIFFERS: Record<DisagreementField, string> = {
  deaths: 'd_deaths',
  date: 'd_date',
  province: 'd_province',
  perpetrator: 'd_perpetrator',
};

// A record as an answer lists it (the summary's values: app/disagreements.ts types them).
const RECORD = `{id: e.id, source: e.source, source_version: e.source_version,
  date_start: CAST(e.date_start AS VARCHAR), admin1_code: e.admin1_code, place: e.place,
  fatalities_best: e.fatalities_best, actors: ${SUMMARY_SQL.actors}}`;

/** The incidents of a filter's events in stored runs, judged, counted and cut to the page (Store.disagreementTally). */
export async function disagreementTally(db: Reader, q: DisagreementsQuery): Promise<DisagreementsTally> {
  const p = new Params();
  // The filter's condition, its values bound anew at each use.
  const where = () => whereClause(q.filter, p);
  const runs = q.runIds.length ? q.runIds.map(Number).join(', ') : 'NULL';
  const share = p.add(q.tolerances.deathsShare);
  const days = p.add(q.tolerances.days);
  const compared = p.strings(q.compared);
  const registry = p.add(JSON.stringify(Object.values(q.perpetratorGroups)));
  // What each compared source covers, written out (a few source versions): its days, and its
  // countries (any, for a record naming none).
  const covered =
    q.coverage
      .map(
        (c) => `(o.source = ${p.add(c.source)} AND i.date_start BETWEEN CAST(${p.add(c.firstDate)} AS DATE)
          AND CAST(${p.add(c.lastDate)} AS DATE) AND (i.country IS NULL OR list_contains(${p.strings(c.countries)}, i.country)))`,
      )
      .join(' OR ') || 'false';
  const limit = p.add(q.limit);
  const onlyIn = p.add(q.onlyIn);
  const differ = q.differ ? DIFFERS[q.differ] : Object.values(DIFFERS).join(' OR ');
  const sql = `
WITH links AS MATERIALIZED (
  -- The filter's records in a stored incident (chosen first among the runs' members: few, for a year of a long run).
  SELECT e.rowid AS k, m.run_id, m.cluster_id
  FROM events e JOIN (
    SELECT event_id, run_id, cluster_id FROM linkage_members
    WHERE run_id IN (${runs}) AND event_id IN (SELECT e.id FROM events e ${where()})
  ) m ON m.event_id = e.id ${where()}
),
-- Each incident's records under the filter, keyed by the row of one of them (integers group fast); a
-- record in no stored incident is its own.
named AS MATERIALIZED (SELECT run_id, cluster_id, min(k) AS ik FROM links GROUP BY ALL),
inc AS MATERIALIZED (
  SELECT e.rowid AS k, e.id, e.source, e.source_version, e.date_start, nullif(e.country, '') AS country,
    e.admin1_code, e.fatalities_best, e.actor_ids, coalesce(l.ik, e.rowid) AS ik
  FROM events e LEFT JOIN (SELECT k, ik FROM links JOIN named USING (run_id, cluster_id)) l ON l.k = e.rowid ${where()}
),
-- The records of each stored incident that the filter leaves out (another actor, place or date).
away AS MATERIALIZED (
  SELECT h.ik, list_sort(list(h.event_id)) AS outside
  FROM (SELECT n.ik, m.event_id FROM linkage_members m JOIN named n USING (run_id, cluster_id) WHERE m.run_id IN (${runs})) h
  ANTI JOIN inc ON inc.id = h.event_id GROUP BY h.ik
),
incidents AS MATERIALIZED (
  -- An incident is named by the least id of its records under the filter.
  SELECT ik, min(id) AS id, count(*) AS n, max(coalesce(fatalities_best, 0)) AS deadliest,
    coalesce(count(fatalities_best) > 1 AND CAST(max(fatalities_best) AS BIGINT) - min(fatalities_best)
      > greatest(2, CAST(${share} AS DOUBLE) * max(fatalities_best)), false) AS d_deaths,
    coalesce(max(date_start) - min(date_start) > CAST(${days} AS DOUBLE), false) AS d_date,
    -- Two provinces or more: the least and the greatest named differ.
    coalesce(min(admin1_code) FILTER (WHERE admin1_code <> '') <> max(admin1_code) FILTER (WHERE admin1_code <> ''), false) AS d_province
  FROM inc GROUP BY ik
),
-- The actor groups each record of an incident of two or more names as its perpetrators (an id the
-- registry does not list stands for itself); records naming none are left out.
perpetrators AS MATERIALIZED (
  SELECT * FROM (
    SELECT i.ik, i.k, flatten(list_transform(i.actor_ids, x -> coalesce(map_extract_value(r.m, x), [x]))) AS groups
    FROM inc i SEMI JOIN incidents m ON m.ik = i.ik AND m.n > 1
    CROSS JOIN (SELECT MAP(${p.strings(Object.keys(q.perpetratorGroups))}, from_json(${registry}, '[["VARCHAR"]]')) AS m) r
  ) WHERE len(groups) > 0
),
-- Two records disagree on the perpetrator when neither names all the other's groups.
perpetrator AS (
  SELECT DISTINCT a.ik FROM perpetrators a JOIN perpetrators b ON a.ik = b.ik AND a.k < b.k
  WHERE NOT list_has_all(a.groups, b.groups) AND NOT list_has_all(b.groups, a.groups)
),
multi AS MATERIALIZED (
  SELECT i.*, i.ik IN (SELECT ik FROM perpetrator) AS d_perpetrator FROM incidents i WHERE i.n > 1
),
disagreeing AS MATERIALIZED (SELECT * FROM multi WHERE ${differ}),
page AS MATERIALIZED (SELECT * FROM disagreeing ORDER BY deadliest DESC, id LIMIT ${limit}),
page_records AS (
  SELECT i.ik, list(${RECORD} ORDER BY e.id) AS records
  FROM inc i JOIN events e ON e.id = i.id SEMI JOIN page ON page.ik = i.ik GROUP BY i.ik
),
-- Each record against each other compared source: whether that source covers its day and country.
judged AS MATERIALIZED (
  SELECT i.ik, i.k, i.source, i.date_start, o.source AS other,
    ${covered} AS covered
  FROM inc i JOIN (SELECT unnest(${compared}) AS source) o ON o.source <> i.source
),
singles AS MATERIALIZED (
  SELECT i.id, i.source, i.date_start, i.fatalities_best, a.outside,
    (SELECT list(j.other) FROM judged j WHERE j.k = i.k AND j.covered) AS not_in
  FROM inc i SEMI JOIN incidents s ON s.ik = i.ik AND s.n = 1 LEFT JOIN away a USING (ik)
),
only_in AS (
  SELECT s.* FROM singles s WHERE s.source = ${onlyIn} AND s.outside IS NULL AND len(s.not_in) > 0
)
SELECT
  (SELECT count(*) FROM incidents)::INTEGER AS incidents,
  (SELECT count(*) FROM multi)::INTEGER AS multi_source,
  (SELECT count(*) FROM disagreeing)::INTEGER AS disagreeing_total,
  (SELECT list({id: d.id, records: r.records, outside: coalesce(a.outside, []),
      differ: [x FOR x IN [CASE WHEN d.d_deaths THEN 'deaths' END, CASE WHEN d.d_date THEN 'date' END,
        CASE WHEN d.d_province THEN 'province' END, CASE WHEN d.d_perpetrator THEN 'perpetrator' END] IF x IS NOT NULL]}
      ORDER BY d.deadliest DESC, d.id)
    FROM page d JOIN page_records r USING (ik) LEFT JOIN away a USING (ik)) AS page,
  (SELECT list({source: source, incidents: n, where_others_cover: covered, linked_outside: linked})
    FROM (SELECT source, count(*)::INTEGER AS n,
        count(*) FILTER (WHERE outside IS NULL AND len(not_in) > 0)::INTEGER AS covered,
        count(*) FILTER (WHERE outside IS NOT NULL)::INTEGER AS linked
      FROM singles GROUP BY source)) AS single,
  (SELECT list({id: id, outside: outside} ORDER BY id)
    FROM (SELECT id, outside FROM singles WHERE outside IS NOT NULL ORDER BY id LIMIT 5)) AS linked_outside,
  (SELECT count(*) FROM only_in)::INTEGER AS only_in_total,
  (SELECT list({record: ${RECORD}, not_in: o.not_in} ORDER BY coalesce(o.fatalities_best, -1) DESC, o.date_start, o.id)
    FROM (SELECT * FROM only_in ORDER BY coalesce(fatalities_best, -1) DESC, date_start, id LIMIT ${limit}) o
    JOIN events e ON e.id = o.id) AS only_in,
  (SELECT list({month: month, source: source, other: other, records: n, covered: covered, also: also})
    FROM (SELECT left(CAST(j.date_start AS VARCHAR), 7) AS month, j.source, j.other, count(*)::INTEGER AS n,
        count(*) FILTER (WHERE j.covered)::INTEGER AS covered,
        count(*) FILTER (WHERE j.covered AND s.ik IS NOT NULL)::INTEGER AS also
      FROM judged j LEFT JOIN (SELECT DISTINCT ik, source FROM inc) s ON s.ik = j.ik AND s.source = j.other
      GROUP BY ALL)) AS coverage,
  (SELECT list({run_id: run_id, source: source, version: version, records: n, first: first, last: last})
    FROM (SELECT r.id AS run_id, i.source, i.source_version AS version, count(*)::INTEGER AS n,
        CAST(min(i.date_start) AS VARCHAR) AS first, CAST(max(i.date_start) AS VARCHAR) AS last
      FROM inc i JOIN linkage_runs r ON r.id IN (${runs}) AND i.date_start BETWEEN r.period_from AND r.period_to
      GROUP BY ALL)) AS basis`;
  const [row] = await db.all<Record<string, unknown>>(sql, p.values);
  return tallyOf(row!, q.onlyIn !== null);
}

type Row = Record<string, unknown>;
const rows = (v: unknown) => (v ?? []) as Row[];

// The statement's one row as the port's types (counts inside lists come as numbers or text).
function tallyOf(row: Row, onlyIn: boolean): DisagreementsTally {
  return {
    incidents: Number(row.incidents),
    multiSource: Number(row.multi_source),
    disagreeingTotal: Number(row.disagreeing_total),
    page: rows(row.page).map((d) => ({
      id: String(d.id),
      records: rows(d.records) as unknown as DisagreementRecord[],
      differ: d.differ as DisagreementField[],
      outside: d.outside as string[],
    })),
    single: rows(row.single).map((s) => ({
      source: String(s.source),
      incidents: Number(s.incidents),
      whereOthersCover: Number(s.where_others_cover),
      linkedOutside: Number(s.linked_outside),
    })),
    linkedOutside: rows(row.linked_outside).map((l) => ({
      id: String(l.id),
      outside: l.outside as string[],
    })),
    onlyIn: onlyIn
      ? {
          total: Number(row.only_in_total),
          records: rows(row.only_in).map((o) => ({
            ...(o.record as DisagreementRecord),
            notIn: o.not_in as string[],
          })),
        }
      : null,
    coverage: rows(row.coverage).map((c) => ({
      month: String(c.month),
      source: String(c.source),
      other: String(c.other),
      records: Number(c.records),
      covered: Number(c.covered),
      also: Number(c.also),
    })),
    basis: rows(row.basis).map((b) => ({
      runId: Number(b.run_id),
      source: String(b.source),
      version: String(b.version),
      records: Number(b.records),
      first: String(b.first),
      last: String(b.last),
    })),
  };
}
