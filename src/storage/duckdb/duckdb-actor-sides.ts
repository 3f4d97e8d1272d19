/**
 * The dyad filter in SQL: each side's source name (actor1, actor2) resolved to a registry actor the
 * way domain/actors.ts resolveActor does (normalised name, else the part before a colon, else the
 * name without a trailing bracket; "Government of Afghanistan" by date), over the events table or
 * a rollup table alike, since both keep the two names and the (first) event day.
 */
import { aliasTable, DATED_NAMES } from '../../domain/actors.ts';
import type { DyadFilter } from '../../domain/query.ts';
import type { Params } from './duckdb-filters.ts';

// JavaScript's \s, spelled for RE2 (whose \s is ASCII only).
const JS_SPACE = String.raw`[\s\x{0B}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000}\x{FEFF}]`;

/** normaliseName in SQL: accents stripped, lower case, runs of anything but a-z and 0-9 as one space, trimmed. */
const norm = (x: string) => `trim(regexp_replace(lower(strip_accents(${x})), '[^a-z0-9]+', ' ', 'g'))`;

/** The registry id of the actor a name column holds on a row (alias `e`), or NULL. */
function sideId(col: string, map: string, p: Params): string {
  const found = `coalesce(${map}[${norm(col)}],
    CASE WHEN strpos(${col}, ':') > 0 THEN ${map}[${norm(`split_part(${col}, ':', 1)`)}] END,
    ${map}[${norm(`regexp_replace(${col}, '${JS_SPACE}*\\([^)]*\\)${JS_SPACE}*$', '')`)}])`;
  let id = found;
  for (const d of DATED_NAMES)
    id = `CASE WHEN ${norm(col)} = ${p.add(d.key)} AND e.date_start < CAST(${p.add(d.until)} AS DATE)
      AND ${found} = ${p.add(d.actor)} THEN ${p.add(d.before)} ELSE ${id} END`;
  return `CASE WHEN ${col} IS NULL OR ${col} = '' THEN NULL ELSE ${id} END`;
}

/** The registry's alias table as a bound MAP expression. */
function aliasMap(p: Params): string {
  const table = aliasTable();
  return `MAP(from_json(${p.add(JSON.stringify(table.keys))}, '["VARCHAR"]'), from_json(${p.add(JSON.stringify(table.ids))}, '["VARCHAR"]'))`;
}

/** The registry ids of both sides of an event row (alias `e`), each NULL when its name resolves to no actor. */
export function sideIds(p: Params): [string, string] {
  const map = aliasMap(p);
  return [sideId('e.actor1', map, p), sideId('e.actor2', map, p)];
}

/** Events whose first-named side (UCDP side_a, ACLED actor1) resolves to one of `ids`. */
export function firstSideClause(ids: readonly string[], p: Params): string {
  return `list_contains(${p.strings(ids)}, ${sideId('e.actor1', aliasMap(p), p)})`;
}

/**
 * Events with one side in `a` and the other in `b`, either way round, for any of the dyads given:
 * two conditions, to be joined with AND (DuckDB then resolves names only on rows the first keeps).
 * Rollup rows qualify too: their month rows keep the actor id set as a dimension, so a month row
 * never mixes events before and after a dated name's change of meaning.
 */
export function dyadClause(dyads: readonly DyadFilter[], p: Params): string[] {
  const map = aliasMap(p);
  const s1 = sideId('e.actor1', map, p);
  const s2 = sideId('e.actor2', map, p);
  const lists = dyads.map((d) => ({ a: p.strings(d.a), b: p.strings(d.b) }));
  // actor_ids holds both sides' ids (resolved on import the same way), so a row whose ids miss a
  // side cannot match: that cheap test runs first, the names are resolved only on the rows left.
  const maybe = lists.map((l) => `(list_has_any(e.actor_ids, ${l.a}) AND list_has_any(e.actor_ids, ${l.b}))`);
  const has = (list: string, id: string) => `list_contains(${list}, ${id})`;
  const exact = lists.map(
    ({ a, b }) => `((${has(a, s1)} AND ${has(b, s2)}) OR (${has(b, s1)} AND ${has(a, s2)}))`,
  );
  return [`(${maybe.join(' OR ')})`, `(${exact.join(' OR ')})`];
}
