/**
 * Rollups: events pre-aggregated per day (rollup_day) and per month (rollup_month) over every
 * dimension a filter or a group can name, except the exact border distance and the fine H3 cell.
 * Counts and sums are BIGINT (HUGEINT sums decompress ~10x slower); each death metric keeps its sum
 * (null when no event of the row reports it) and `<metric>_known`, so unknowns stay computable.
 * Rows are keyed by source and lie within one month, so a refresh rebuilds the source-months whose
 * events changed.
 */
import { insertEventKeysSql } from './duckdb-event-keys.ts';
import { NOT_SUPERSEDED } from './duckdb-supersede.ts';
import { DEATH_METRICS } from '../../domain/aggregate.ts';
import { VICTIM_CLASSES } from '../../domain/query.ts';
import type { Db } from './duckdb-connection.ts';
import { ACTOR_KEY_SEPARATOR, VICTIM_COLUMNS } from './duckdb-filters.ts';

/** Event columns copied into rollup rows as they are (filter and group dimensions). */
export const ROLLUP_DIMENSIONS: readonly { name: string; type: string }[] = [
  { name: 'country', type: 'VARCHAR' },
  { name: 'admin1_code', type: 'VARCHAR' },
  { name: 'admin1_name', type: 'VARCHAR' },
  { name: 'admin1_label', type: 'VARCHAR' },
  { name: 'admin2_code', type: 'VARCHAR' },
  { name: 'admin2_name', type: 'VARCHAR' },
  { name: 'admin2_label', type: 'VARCHAR' },
  { name: 'common_type', type: 'VARCHAR' },
  { name: 'source_type', type: 'VARCHAR' },
  { name: 'source_subtype', type: 'VARCHAR' },
  { name: 'source', type: 'VARCHAR' },
  { name: 'source_version', type: 'VARCHAR' },
  { name: 'border_zone', type: 'BOOLEAN' },
  { name: 'geo_exact', type: 'BOOLEAN' },
  { name: 'actor_ids', type: 'VARCHAR[]' },
  { name: 'actor1', type: 'VARCHAR' },
  { name: 'actor2', type: 'VARCHAR' },
  { name: 'h3_coarse', type: 'VARCHAR' },
  { name: 'date_precision', type: 'VARCHAR' },
];

// Victim classes as dimensions: whether the event has a death of the class (null counts as no).
const VICTIM_DIMS = VICTIM_CLASSES.map((v) => ({
  name: `v_${v}`,
  expr: `coalesce(${VICTIM_COLUMNS[v]} > 0, FALSE)`,
}));

const MEASURES = ['events', ...DEATH_METRICS.flatMap((m) => [m, `${m}_known`])];

/**
 * A rollup row's actor ids as one text, each id between separators (`|pakistan|ttp|`; NULL
 * when the row has none): an actor filter tests it with `contains`, which DuckDB evaluates once per
 * distinct value of a dictionary-compressed column, where `list_has_any` on `actor_ids` decodes the
 * list of every row (docs/benchmarks.md, thirtieth session). Last column of rollup_day and
 * rollup_month, as migration 28 added it.
 */
const actorKey = (ids: string) =>
  `CASE WHEN len(${ids}) > 0 THEN '${ACTOR_KEY_SEPARATOR}' || array_to_string(${ids}, '${ACTOR_KEY_SEPARATOR}') || '${ACTOR_KEY_SEPARATOR}' END`;

function ddl(table: string): string {
  const cols = [
    'date_start DATE',
    ...(table === 'rollup_month' ? ['last_day DATE'] : []),
    ...ROLLUP_DIMENSIONS.map((d) => `${d.name} ${d.type}`),
    ...VICTIM_DIMS.map((d) => `${d.name} BOOLEAN`),
    ...MEASURES.map((m) => `${m} BIGINT`),
    'actor_key VARCHAR',
  ];
  return `CREATE TABLE IF NOT EXISTS ${table} (${cols.join(', ')})`;
}

/** DDL of the two rollup tables. In rollup_month, date_start and last_day are the group's first and last event day. */
export const ROLLUP_DDL: readonly string[] = [ddl('rollup_day'), ddl('rollup_month')];

const dimNames = [...ROLLUP_DIMENSIONS.map((d) => d.name), ...VICTIM_DIMS.map((d) => d.name)];

/**
 * INSERT of the day rows of events matching `where` (over alias e), in date order for zone maps;
 * superseded Candidate events are left out unless `frozen` (migration 5 runs before the column exists).
 */
function insertDaySql(where: string, frozen = false): string {
  if (!frozen) where = where ? `${where} AND ${NOT_SUPERSEDED}` : `WHERE ${NOT_SUPERSEDED}`;
  const dims = [
    ...ROLLUP_DIMENSIONS.map((d) => `e.${d.name}`),
    ...VICTIM_DIMS.map((d) => `${d.expr} AS ${d.name}`),
  ];
  const sums = DEATH_METRICS.map(
    (m) => `CAST(sum(e.${m}) AS BIGINT) AS ${m}, CAST(count(e.${m}) AS BIGINT) AS ${m}_known`,
  );
  // The key is made per rollup row, after grouping, not per event.
  return `INSERT INTO rollup_day SELECT g.*, ${actorKey('g.actor_ids')} FROM (
    SELECT e.date_start, ${dims.join(', ')}, CAST(count(*) AS BIGINT) AS events, ${sums.join(', ')}
    FROM events e ${where} GROUP BY ALL) g ORDER BY g.date_start`;
}

/** INSERT of the month rows built from the day rows matching `where` (over alias d). */
function insertMonthSql(where: string): string {
  const sums = MEASURES.map((m) => `CAST(sum(d.${m}) AS BIGINT) AS ${m}`);
  return `INSERT INTO rollup_month SELECT min(d.date_start), max(d.date_start), ${dimNames.map((n) => `d.${n}`).join(', ')}, ${sums.join(', ')}, ${actorKey('d.actor_ids')}
    FROM rollup_day d ${where} GROUP BY date_trunc('month', d.date_start), ${dimNames.map((n) => `d.${n}`).join(', ')}
    ORDER BY 1`;
}

// The lean tier: per day (month) x country x source x version (x date precision, for the imprecise band) only. Unsplit series filtered on
// nothing but dates, countries and sources (signals, change points, country series) read ~20x fewer
// rows here than in rollup_day, whose every day holds a row per place, type and actor set.
const LEAN_DIMS = ['country', 'source', 'source_version', 'date_precision'];

function leanDdl(table: string): string {
  const cols = [
    'date_start DATE',
    ...(table === 'rollup_country_month' ? ['last_day DATE'] : []),
    ...LEAN_DIMS.map((d) => `${d} VARCHAR`),
    ...MEASURES.map((m) => `${m} BIGINT`),
  ];
  return `CREATE TABLE IF NOT EXISTS ${table} (${cols.join(', ')})`;
}

/** DDL of the lean rollup tables (rollup_country_day, rollup_country_month). */
export const LEAN_ROLLUP_DDL: readonly string[] = [
  leanDdl('rollup_country_day'),
  leanDdl('rollup_country_month'),
];

/** INSERTs of the lean rows built from the full rollup rows matching `where` (over alias d). */
function insertLeanSql(where: string): string[] {
  const sums = MEASURES.map((m) => `CAST(sum(d.${m}) AS BIGINT) AS ${m}`).join(', ');
  const dims = LEAN_DIMS.map((n) => `d.${n}`).join(', ');
  return [
    `INSERT INTO rollup_country_day SELECT d.date_start, ${dims}, ${sums} FROM rollup_day d ${where}
      GROUP BY d.date_start, ${dims} ORDER BY 1`,
    `INSERT INTO rollup_country_month SELECT min(d.date_start), max(d.last_day), ${dims}, ${sums} FROM rollup_month d ${where}
      GROUP BY date_trunc('month', d.date_start), ${dims} ORDER BY 1`,
  ];
}

/** SQL that fills empty lean rollup tables from the full ones. */
export const LEAN_ROLLUP_BUILD: readonly string[] = insertLeanSql('');

/** Every rollup table, full tier first. */
export const ROLLUP_TABLES = ['rollup_day', 'rollup_month', 'rollup_country_day', 'rollup_country_month'];

/** SQL that fills empty rollup tables from every stored event (the migration of existing stores). */
export const ROLLUP_BUILD: readonly string[] = [insertDaySql('', true), insertMonthSql('')];

/** SQL that adds `actor_key` to rollup tables made before it (migration 28) and fills it. */
export const ACTOR_KEY_BUILD: readonly string[] = ['rollup_day', 'rollup_month'].flatMap((t) => [
  `ALTER TABLE ${t} ADD COLUMN IF NOT EXISTS actor_key VARCHAR`,
  `UPDATE ${t} SET actor_key = ${actorKey('actor_ids')}`,
]);

/** SQL that rebuilds every rollup row of one source whose rows were deleted (migration 9). */
export function rollupSourceRebuild(source: 'ucdp-candidate'): string[] {
  const on = (alias: string) => `WHERE ${alias}.source = '${source}'`;
  return [insertDaySql(on('e')), insertMonthSql(on('d')), ...insertLeanSql(on('d'))];
}

/** Which rows to rebuild: whole sources, the months an import touched, the months of some events. */
export interface RollupScope {
  /** Sources rebuilt whole. */
  sources?: readonly string[];
  /** The import whose written events (events.import_id) mark their source-months. */
  importId?: number;
  /** A table with `source` and `month` columns: those source-months (placement updates). */
  monthsTable?: string;
}

const MONTH = (col: string) => `CAST(date_trunc('month', ${col}) AS DATE)`;
/** A month that no event has, standing for a NULL month in the scope's semi-join. */
const NO_MONTH = `DATE '0001-01-01'`;
// A plain IN over (source, month) is a hash semi-join; the EXISTS with IS NOT DISTINCT FROM it replaces
// ran as a slower join, single-threaded over an import's own rows: 4.0 s of a 2M-row import against
// 0.4 s (docs/benchmarks.md, tenth session). The sentinel keeps NULL months matching NULL months.
const IN_SCOPE = (alias: string) =>
  `(${alias}.source, coalesce(${MONTH(`${alias}.date_start`)}, ${NO_MONTH})) IN (SELECT source, coalesce(month, ${NO_MONTH}) FROM rollup_scope)`;

/**
 * Rebuilds, inside the caller's transaction, the rollup rows (and the listings' event_keys,
 * duckdb-event-keys.ts) of every source-month the change can have touched: the months of the
 * events `importId` wrote, the source-months of `monthsTable`, every month of the named
 * sources, and any source-month whose event count no longer matches its rollup rows (events
 * removed, or moved to another month). A month with no written event and an unchanged count lost
 * no event and gained none, so its rows still hold.
 * Returns how many source-months were rebuilt.
 */
export async function refreshRollups(db: Db, scope: RollupScope): Promise<number> {
  const parts = [
    `SELECT source, ${MONTH('date_start')} AS month FROM events WHERE import_id = $1`,
    `SELECT source, ${MONTH('date_start')} AS month FROM events WHERE list_contains(from_json($2, '["VARCHAR"]'), source)`,
    `SELECT source, month FROM (SELECT source, ${MONTH('date_start')} AS month, count(*) AS n FROM events e WHERE ${NOT_SUPERSEDED} GROUP BY 1, 2) ev
       FULL JOIN (SELECT source, ${MONTH('date_start')} AS month, CAST(sum(events) AS BIGINT) AS n FROM rollup_country_month GROUP BY 1, 2) ro
       USING (source, month) WHERE ev.n IS DISTINCT FROM ro.n`,
  ];
  if (scope.monthsTable) parts.push(`SELECT source, month FROM ${scope.monthsTable}`);
  await db.run(
    `CREATE OR REPLACE TEMP TABLE rollup_scope AS SELECT DISTINCT source, month FROM (${parts.join(' UNION ')})`,
    [scope.importId ?? -1, JSON.stringify(scope.sources ?? [])],
  );
  const [{ n }] = await db.all<{ n: number }>(`SELECT count(*) AS n FROM rollup_scope`);
  if (n) {
    for (const t of [...ROLLUP_TABLES, 'event_keys']) await db.run(`DELETE FROM ${t} WHERE ${IN_SCOPE(t)}`);
    await db.run(insertEventKeysSql(IN_SCOPE('e')));
    await db.run(insertDaySql(`WHERE ${IN_SCOPE('e')}`));
    await db.run(insertMonthSql(`WHERE ${IN_SCOPE('d')}`));
    for (const sql of insertLeanSql(`WHERE ${IN_SCOPE('d')}`)) await db.run(sql);
  }
  await db.run(`DROP TABLE rollup_scope`);
  return n!;
}
