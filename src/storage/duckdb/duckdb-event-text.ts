/**
 * Export rows written by the engine: each event summary as one CSV record or one JSON text, built
 * in SQL so that JavaScript only joins and writes them. The text is exactly what app/event-export.ts
 * wrote from JavaScript values before (JSON.stringify; csv-stringify with formula escaping), which
 * test/e2e/exports-and-filters.test.ts checks byte for byte; so each quirk below matches JavaScript.
 */
import type { EventTextForm } from '../store.ts';

/** A column of the rows to format: its name and its DuckDB type (as DESCRIBE names it). */
export interface TypedColumn {
  name: string;
  type: string;
}

/**
 * A DOUBLE as JavaScript writes a number. DuckDB's JSON writer already gives the shortest
 * round-trip digits and switches to exponents where JavaScript does, but writes 71.0, -0.0 and
 * 1e21 where JavaScript writes 71, 0 and 1e+21.
 */
export function jsNumber(x: string): string {
  const j = `CAST(to_json(${x}) AS VARCHAR)`;
  return `CASE WHEN ${x} IS NULL THEN NULL WHEN ${x} = 0 THEN '0' WHEN ends_with(${j}, '.0') THEN ${j}[:-3]
    WHEN contains(${j}, 'e') AND NOT contains(${j}, 'e-') THEN replace(${j}, 'e', 'e+') ELSE ${j} END`;
}

// DuckDB escapes the control characters that have no short escape with upper-case hex (\u001B),
// JavaScript with lower-case (\u001b); only the ones whose hex holds a letter differ.
const UPPER_ESCAPES = ['0B', '0E', '0F', '1A', '1B', '1C', '1D', '1E', '1F'];

/**
 * A JSON text with DuckDB's escapes lower-cased as JavaScript writes them. Every backslash of a
 * JSON text starts an escape once `\\` pairs are set aside (as chr(1), which a JSON text never
 * holds raw), so `\u001B` found then is an escape, never escaped text.
 */
function jsJsonText(j: string): string {
  let fixed = `replace(${j}, '\\\\', chr(1))`;
  for (const h of UPPER_ESCAPES) fixed = `replace(${fixed}, '\\u00${h}', '\\u00${h.toLowerCase()}')`;
  return `CASE WHEN contains(${j}, '\\u00') THEN replace(${fixed}, chr(1), '\\\\') ELSE ${j} END`;
}

const isList = (type: string) => type.endsWith('[]');

/** A value as JSON inside to_json: doubles written as JavaScript writes them, the rest as DuckDB does. */
const jsonValue = (c: TypedColumn, x: string) => (c.type === 'DOUBLE' ? `CAST(${jsNumber(x)} AS JSON)` : x);

/** A summary row of columns of `s` as one JSON object, keys in column order. */
function jsonObject(columns: readonly TypedColumn[], s: string): string {
  const members = columns.map((c) => `'${c.name}': ${jsonValue(c, `${s}."${c.name}"`)}`);
  return `CAST(to_json({${members.join(', ')}}) AS VARCHAR)`;
}

// csv-stringify's `escape_formulas`: a quote before these first characters (= + - @ tab CR and
// the full-width = + - @), except text that is a plain negative number ("-12", "-0.5"), which a
// spreadsheet reads as a number, never a formula: app/csv.ts spares it too (NEGATIVE_NUMBER).
// Tested with list_contains, not `IN (...)`: the cell's expression repeats its value several times
// and a row has 37 cells, and DuckDB's IN-clause optimizer took about 270 ms to plan the row's
// expression with IN lists: each CSV batch paid it, 10 rows or 100,000 (7,330 rows 445 -> 157 ms).
const FORMULA_START = [61, 43, 45, 64, 9, 13, 0xff1d, 0xff0b, 0xff0d, 0xff20].join(', ');

/** A text cell as app/csv.ts writes it: formula-escaped, then quoted when it holds `"`, `,`, CR or LF. */
function csvText(x: string): string {
  const esc = `CASE WHEN list_contains([${FORMULA_START}], unicode(${x})) AND NOT regexp_full_match(${x}, '-[0-9]+([.][0-9]+)?') THEN '''' || ${x} ELSE ${x} END`;
  const special = `contains(${x}, '"') OR contains(${x}, ',') OR contains(${x}, chr(10)) OR contains(${x}, chr(13))`;
  return `CASE WHEN ${special} THEN '"' || replace(${esc}, '"', '""') || '"' ELSE ${esc} END`;
}

/** One CSV cell of a column (empty for null), as the cast options of app/event-export.ts wrote it. */
function csvCell(c: TypedColumn, x: string): string {
  let cell: string;
  if (c.type === 'DOUBLE') cell = jsNumber(x);
  else if (/INT/.test(c.type)) cell = `CAST(${x} AS VARCHAR)`;
  // Lists are joined with '; ' (a null item as an empty string, as Array.join does).
  else if (isList(c.type))
    cell = csvText(`array_to_string(list_transform(${x}, v -> coalesce(CAST(v AS VARCHAR), '')), '; ')`);
  else if (c.type === 'BOOLEAN') cell = `CAST(${x} AS VARCHAR)`;
  else if (c.type === 'VARCHAR' || c.type === 'DATE') cell = csvText(`CAST(${x} AS VARCHAR)`);
  // Any other value as the JSON text JavaScript would have written of it.
  else cell = csvText(jsJsonText(`CAST(to_json(${x}) AS VARCHAR)`));
  return `coalesce(${cell}, '')`;
}

/**
 * The SQL of one export row over the columns of the relation `s`, as a VARCHAR: a CSV record with its
 * newline, a JSON summary, or a GeoJSON Feature of it (a null geometry without coordinates).
 */
export function rowText(columns: readonly TypedColumn[], form: EventTextForm, s = 's'): string {
  if (form === 'csv')
    return `concat_ws(',', ${columns.map((c) => csvCell(c, `${s}."${c.name}"`)).join(', ')}) || chr(10)`;
  const object = jsonObject(columns, s);
  if (form === 'json') return jsJsonText(object);
  const num = (c: string) => jsNumber(`${s}."${c}"`);
  const geometry = `CASE WHEN ${s}.lat IS NULL OR ${s}.lon IS NULL THEN 'null'
    ELSE '{"type":"Point","coordinates":[' || ${num('lon')} || ',' || ${num('lat')} || ']}' END`;
  return jsJsonText(
    `'{"type":"Feature","id":' || CAST(to_json(${s}.id) AS VARCHAR) || ',"geometry":' || ${geometry} || ',"properties":' || ${object} || '}'`,
  );
}
