/**
 * NDJSON files (what `faultline fetch ucdp` and `fetch acled` write from API pages) parsed by DuckDB:
 * its CSV reader gives each line's exact text (one column, no delimiter or quote it could meet in
 * JSON), its JSON functions (yyjson) parse each line, and every key becomes a text column c0..cN, so
 * the file is mapped by the same SQL mappers as the delimited releases (native-session.ts mapStaged).
 *
 * The JavaScript path stays the definition of what a line gives (ingest/json/read-ndjson.ts: JSON.parse,
 * then `toFieldText` of each value). DuckDB gives the same text for strings, booleans, nulls, integers
 * up to 2^53 and plain decimals; other values (exponents, integers past 2^53, NaN and Infinity, nested
 * objects or arrays, duplicate keys, NUL characters) would come out otherwise, so a file holding one is read the
 * JavaScript way (`unsafe` names the first such value). Lines DuckDB does not read as JSON objects are
 * handed back by number: the caller asks JavaScript why (its reason is the one stored).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { StagedNdjson } from '../../native-import.ts';
import type { Db } from '../duckdb-connection.ts';
import { parserRejects } from './native-session.ts';
import { LONG_LINES, lit } from './sql-fields.ts';

/** More distinct keys than this and the file is read the JavaScript way (a UCDP API record has 49, ACLED's 31). */
export const MAX_NDJSON_KEYS = 400;

/** Keys DuckDB's JSON path can name exactly (no quote, backslash or control character). */
const plainKey = (key: string): boolean =>
  key.length > 0 && ![...key].some((ch) => ch === '"' || ch === '\\' || ch.charCodeAt(0) < 0x20);

/**
 * DuckDB's reader over the lines of a file: each line's exact text as `line` (a UTF-8 BOM dropped),
 * blank lines (spaces and tabs only, as the JavaScript reader and Node's count skip them) left out.
 * DuckDB splits at LF, CR and CRLF (the CRLF pair gives an empty line, dropped as blank) as
 * node:readline does. Rows it cannot decode (invalid UTF-8) go to fresh rejects tables.
 */
export async function readLines(db: Db, path: string): Promise<string> {
  await db.run(`DROP TABLE IF EXISTS stage_rej_errors`);
  await db.run(`DROP TABLE IF EXISTS stage_rej_scans`);
  // No quote or escape character, and a delimiter (\x01) that valid JSON never holds raw: a line
  // holding one is invalid JSON in either reader, refused here as too many columns.
  return `(SELECT line FROM read_csv(${lit(path)}, header = false, delim = '\\x01', quote = '', escape = '',
      new_line = '\\n', columns = {'line': 'VARCHAR'}, auto_detect = false, strict_mode = false, null_padding = false,
      store_rejects = true, rejects_table = 'stage_rej_errors', rejects_scan = 'stage_rej_scans', ${LONG_LINES})
    WHERE line IS NOT NULL AND NOT regexp_full_match(line, '[ \\t]*'))`;
}

/**
 * `o`: the line when it is a JSON object (valid JSON whose first character but blanks is a brace),
 * else NULL (JSON functions never see invalid text). DuckDB's JSON reader is more lenient than
 * JSON.parse in two ways: it takes a trailing comma before a closing brace or bracket, and NaN and
 * Infinity as numbers. A trailing comma at the top level is refused here (JavaScript then gives the
 * line's reason); a nested value, and NaN or Infinity as a value, make the file unsafe (unsafeValue).
 */
export const objectOf = (line: string) =>
  `CASE WHEN json_valid(${line}) AND starts_with(ltrim(${line}, ' ' || chr(9)), '{')
     AND NOT regexp_matches(${line}, ',[ \t]*}[ \t]*$') THEN ${line} END`;

/** The JSON path of a key. */
const pathOf = (key: string) => lit(`$."${key}"`);

/**
 * Why a value would come out of DuckDB otherwise than JavaScript's `toFieldText` prints it, as SQL over
 * its JSON type `t` and DuckDB's text `v` (NULL when it is printed alike). yyjson prints the shortest
 * digits that give the double back, as JavaScript does, but writes integral doubles with ".0" (taken
 * off by fieldText), -0 as "-0.0", NaN and Infinity (which it reads, JSON.parse does not) by name, and
 * uses exponents at other magnitudes than JavaScript.
 */
function unsafeValue(t: string, v: string): string {
  return `CASE WHEN ${t} IN ('OBJECT', 'ARRAY') THEN 'a nested object or array'
    WHEN ${t} IN ('BIGINT', 'UBIGINT') AND length(ltrim(${v}, '-')) > 15 AND abs(CAST(${v} AS HUGEINT)) > 9007199254740992 THEN 'an integer past 2^53: ' || ${v}
    WHEN ${t} = 'DOUBLE' AND NOT (regexp_full_match(${v}, '-?(0|[1-9][0-9]*)\\.[0-9]+') AND ${v} <> '-0.0'
      AND abs(CAST(${v} AS DOUBLE)) >= 1e-6 AND abs(CAST(${v} AS DOUBLE)) < 1e21) THEN 'the number ' || ${v}
    WHEN ${t} NOT IN ('VARCHAR', 'BOOLEAN', 'NULL', 'BIGINT', 'UBIGINT', 'DOUBLE') THEN 'a value of JSON type ' || ${t}
    WHEN ${t} = 'VARCHAR' AND strpos(${v}, chr(0)) > 0 THEN 'a NUL character'
    END`;
}

/** A value as the text `toFieldText` gives: yyjson's text, with ".0" taken off integral doubles. */
const fieldText = (t: string, v: string) =>
  `CASE WHEN ${t} = 'DOUBLE' AND suffix(${v}, '.0') THEN left(${v}, -2) ELSE ${v} END`;

/**
 * The rows of `from` (with `line` and `o`, the line when it is a JSON object) as the mapper reads them:
 * `h_line`, the hash of the line's text, `obj` (whether it is an object), each key's value as text
 * (c0..cN) and `unsafe`, why some value would come out otherwise than in JavaScript (NULL when none
 * would). One parse of each line gives the types and one the texts, as lists in key order zipped
 * together; the text rule and the checks run as lambdas over that list. (Written once per key, the
 * same expressions made DuckDB spend 0.4 s planning the statement whatever the file's size; lambdas
 * that capture the outer lists copy them for every element, twice as slow at 200,000 lines.)
 */
export function fieldsSql(keys: readonly string[], from: string): string {
  const paths = `[${keys.map(pathOf).join(', ')}]`;
  const names = `[${keys.map((k) => lit(k)).join(', ')}]`;
  return `SELECT h_line, obj, ${keys.map((_, i) => `f[${i + 1}] AS c${i}`).join(', ')},
      CASE WHEN p > 0 THEN ${names}[p] || ': ' || bad[p] END AS unsafe
    FROM (SELECT h_line, obj, f, bad, list_position(list_transform(bad, y -> y IS NOT NULL), true) AS p
      FROM (SELECT h_line, obj, list_transform(z, x -> ${fieldText('x[1]', 'x[2]')}) AS f,
          list_transform(z, x -> ${unsafeValue('x[1]', 'x[2]')}) AS bad
        FROM (SELECT hash(line) AS h_line, o IS NOT NULL AS obj, list_zip(json_type(o, ${paths}), json_extract_string(o, ${paths})) AS z FROM ${from})))`;
}

/**
 * The record check's reader for an NDJSON file (record-check.ts `reread`): the records' texts written
 * one per line and read as the import read them.
 */
export const ndjsonReread =
  (db: Db, keys: readonly string[]) =>
  async (texts: readonly string[], dir: string): Promise<string> => {
    const path = join(dir, 'records.ndjson');
    writeFileSync(path, texts.join('\n') + '\n');
    return `(SELECT row_number() OVER () AS i, h_line AS h, * EXCLUDE (h_line, obj, unsafe)
      FROM (${fieldsSql(keys, `(SELECT line, ${objectOf('line')} AS o FROM ${await readLines(db, path)})`)}))`;
  };

/**
 * Stages an NDJSON file for a native mapping: `stage_raw_parse` holds one row per non-blank line in
 * file order, each key of the file as a text column (c0..cN) and `h_line`, the hash of the line's text
 * (the record hash the JavaScript path uses, so content hashes do not depend on the path). Two reads of
 * the file: the first gathers the key lists its objects hold (few distinct ones: one for an API
 * download), the second extracts them; the lines' text is never stored. Returns the keys (in the order
 * of the most common list, then any others by name), the lines that are not JSON objects (by
 * position), the rows the reader refused, and `unsafe` when the file must be read the JavaScript way.
 */
export async function stageNdjson(db: Db, path: string): Promise<StagedNdjson> {
  const lists = await db.all<{ keys: string[]; n: number }>(
    // (try: a line that is not JSON gives no keys; one DuckDB reads more leniently than JSON.parse adds
    // its keys, a harmless column more.)
    `SELECT keys, count(*) AS n FROM (SELECT try(json_keys(line)) AS keys FROM ${await readLines(db, path)})
     WHERE len(keys) > 0 GROUP BY keys ORDER BY n DESC, CAST(keys AS VARCHAR)`,
  );
  const none = { parsed: 0, parserRejects: [], notObjects: [], keys: [] };
  const dup = lists.filter((l) => new Set(l.keys).size !== l.keys.length);
  if (dup.length)
    return { ...none, unsafe: `${dup.reduce((a, l) => a + Number(l.n), 0)} line(s) repeat a key` };
  const keys = [...(lists[0]?.keys ?? [])];
  const more = new Set(lists.flatMap((l) => l.keys).filter((k) => !keys.includes(k)));
  keys.push(...[...more].sort());
  if (keys.length === 0) return { ...none, unsafe: 'no line holds a key' };
  if (keys.length > MAX_NDJSON_KEYS)
    return { ...none, unsafe: `${keys.length} distinct keys (more than ${MAX_NDJSON_KEYS})` };
  const odd = keys.find((key) => !plainKey(key));
  if (odd !== undefined) return { ...none, unsafe: `the key ${JSON.stringify(odd)}` };
  await db.run(
    `CREATE OR REPLACE TEMP TABLE stage_raw_parse AS ${fieldsSql(keys, `(SELECT line, ${objectOf('line')} AS o FROM ${await readLines(db, path)})`)}`,
  );
  const refused = await parserRejects(db);
  const [u] = await db.all<{ parsed: number; unsafe: string | null; n: number; base: string | null }>(
    `SELECT count(*) AS parsed, any_value(unsafe) AS unsafe, count(unsafe) AS n, CAST(min(rowid) AS VARCHAR) AS base FROM stage_raw_parse`,
  );
  if (u!.n > 0) {
    await db.run(`DROP TABLE stage_raw_parse`);
    return {
      ...none,
      keys,
      unsafe: `${u!.n} line(s) hold a value DuckDB prints otherwise than JavaScript (for example ${u!.unsafe})`,
    };
  }
  // Row ids of a table made in an open transaction start near 2^55: counted from the first, as text.
  const notObjects = (
    await db.all<{ r: string }>(
      `SELECT CAST(rowid - ${u!.base ?? 0} AS VARCHAR) AS r FROM stage_raw_parse WHERE NOT obj ORDER BY rowid`,
    )
  ).map((x) => Number(x.r));
  return { parsed: u!.parsed, parserRejects: refused, notObjects, keys, unsafe: null };
}
