/**
 * SQL twins of ingest/fields.ts: the same parsing rules (trim like JavaScript, null for empty, one
 * reason per failure) written as DuckDB expressions over staged text columns, so a file is mapped in
 * one INSERT ... SELECT pass instead of row by row in JavaScript.
 */

/** Every character String.prototype.trim removes (WhiteSpace and LineTerminator). */
const JS_WHITESPACE =
  ' \t\n\r\v\f\u00a0\ufeff\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u2028\u2029\u202f\u205f\u3000';

/**
 * DuckDB CSV reader options for files whose lines may be long: records up to 16 MiB, read in 32 MiB
 * buffers. Without `buffer_size` DuckDB sizes its buffers from max_line_size (16 times it): reading
 * the 2M-row GED file took 5.5 s against 1.1-1.5 s with these (and a 6,000-line file 110-180 ms
 * against 30-45 ms), the same rows either way.
 */
export const LONG_LINES = 'max_line_size = 16777216, buffer_size = 33554432';

/** A SQL string literal. */
export const lit = (s: string): string => `'${s.replaceAll("'", "''")}'`;

/** The date class of a date column: how many of the breaks (ISO dates) it is on or after. */
export const dateClass = (col: string, breaks: readonly string[]): string =>
  breaks.length ? breaks.map((b) => `CASE WHEN ${col} >= ${lit(b)} THEN 1 ELSE 0 END`).join(' + ') : '0';

/** The text of a column, '' when missing or NULL (as `rec[field] ?? ''`). */
export const raw = (col: string | null): string => (col ? `coalesce(${col}, '')` : `''`);

/** An expression trimmed the way JavaScript's trim() does. */
// DuckDB's trim with a character set costs about 1 us a value (most of a mapping's time): a value whose
// first and last characters are printable ASCII (nearly all) has nothing to trim and skips it. The
// test is two regular expressions (RE2's `$` is the end of the text, never before a final newline).
// Its earlier form, `ascii(e) BETWEEN 33 AND 126 AND ascii(substr(e, -1)) BETWEEN 33 AND 126`, cost
// 0.5-1 ms of CPU per expression per statement whatever the rows (planning it and starting its
// executor): a small file's mapping trims some 30 columns, so a 10-row GED file's import took about
// 250 ms of CPU against 227 ms now. The regular expressions are cheaper a row too: 50 such columns
// of 20,000 rows took 150 ms against 210 ms.
export const jsTrim = (e: string): string =>
  `CASE WHEN regexp_matches(${e}, '^[!-~]') AND regexp_matches(${e}, '[!-~]$') THEN ${e} ELSE trim(${e}, ${lit(JS_WHITESPACE)}) END`;

/**
 * Whitespace as JavaScript's regular expressions read `\s` (RE2's `\s` is ASCII only), as a class for
 * DuckDB's regular expressions.
 */
export const JS_SPACE_CLASS =
  '[\\t\\n\\x{0B}\\f\\r \\x{A0}\\x{1680}\\x{2000}-\\x{200A}\\x{2028}\\x{2029}\\x{202F}\\x{205F}\\x{3000}\\x{FEFF}]';

/** Any character but JavaScript's whitespace (`\S` as JavaScript reads it), as a class for DuckDB's regular expressions. */
export const JS_NON_SPACE_CLASS = `[^${JS_SPACE_CLASS.slice(1)}`;

/** A list split as ingest splits one: at each ';' and the whitespace after it, empty items dropped; `e` is text, never NULL. */
export const jsSplitList = (e: string): string =>
  `list_filter(regexp_split_to_array(${e}, ';${JS_SPACE_CLASS}*'), x -> x <> '')`;

/**
 * Trimmed text, '' when missing. The column is trimmed before NULL becomes '' (a NULL trims to NULL):
 * the same text as trimming `raw(col)`, with the column written once where `raw(col)` would be four
 * times (a small file's statements are planned without the optimizer, node by node).
 */
export const trimmed = (col: string | null): string => (col ? `coalesce(${jsTrim(col)}, '')` : `''`);

/** Trimmed text or NULL when empty (ingest `text()`). */
export const text = (col: string | null): string =>
  // A typed NULL: an untyped one is an INTEGER to DuckDB, which string functions over it refuse.
  col ? `nullif(${trimmed(col)}, '')` : 'CAST(NULL AS VARCHAR)';

/**
 * How a mapping query trims its fields. Per column (`trimmed`, `text`), or, `listed` (a small file,
 * planned without the optimizer), every field through one lambda over the list of their columns:
 * the list (`list`, named `tl`) is computed in the layer before, and each field is an element of it.
 * Without the optimizer each expression is planned and started node by node whatever the rows, and
 * a GED mapping trims 24 columns: as one lambda, a 40-row file's mapping statement took about 4 ms
 * less CPU. Building the list costs about 2 us a row more, so larger files keep one trim per column.
 * The lambda is the same trim, so the texts are the same (sql-fields.test.ts compares both forms).
 */
export function fieldTrims(listed: boolean) {
  const cols: string[] = [];
  const at = (col: string) => {
    if (!cols.includes(col)) cols.push(col);
    return `tl[${cols.indexOf(col) + 1}]`;
  };
  return {
    /** Trimmed text, '' when missing (as `trimmed`). */
    trimmed: (col: string | null): string => (listed && col ? at(col) : trimmed(col)),
    /** Trimmed text or NULL when empty (as `text`). */
    text: (col: string | null): string => (listed && col ? `nullif(${at(col)}, '')` : text(col)),
    /** The list the listed forms read, as a column `tl` for the layer before them; null when there is none. */
    list: (): string | null =>
      cols.length ? `list_transform([${cols.join(', ')}], x -> ${trimmed('x')}) AS tl` : null,
  };
}

/**
 * How a mapping query checks its count fields: per field (`countError`), or, `listed` (see
 * fieldTrims), every field through one lambda over the list of their trimmed texts (`list`, named
 * `ce`, computed in the layer before): each check's CASE is some 12 nodes, planned once instead of
 * once per field (a GED mapping checks 9 counts: about 2 ms of CPU less on a 40-row file). A required
 * field's empty text is told apart outside the lambda.
 */
export function countChecks(listed: boolean) {
  const texts: string[] = [];
  return {
    /** Why the count whose trimmed text is `t` fails, or NULL (as `countError`). */
    error(t: string, required: boolean): string {
      if (!listed) return countError(t, required);
      texts.push(t);
      const e = `ce[${texts.length}]`;
      return required ? `CASE WHEN ${t} = '' THEN 'is required' ELSE ${e} END` : e;
    },
    /** The list the listed checks read, as a column `ce` for the layer before them; null when there is none. */
    list: (): string | null =>
      texts.length ? `list_transform([${texts.join(', ')}], x -> ${countError('x', false)}) AS ce` : null,
  };
}

/** Largest count the events table holds (INTEGER). */
export const MAX_COUNT = 2147483647;

/** Why a count field fails (ingest `count()`), or NULL when it is fine; `t` is the trimmed text. */
export function countError(t: string, required: boolean): string {
  // Plain digits up to 9 long (nearly every value) are fine: one match decides the common case.
  return `CASE WHEN ${t} = '' THEN ${required ? `'is required'` : 'NULL'}
    WHEN regexp_full_match(${t}, '[0-9]{1,9}') THEN NULL
    WHEN NOT regexp_full_match(${t}, '[+-]?[0-9]+') THEN 'not an integer'
    WHEN regexp_full_match(${t}, '-0*[1-9][0-9]*') THEN 'negative count'
    WHEN length(ltrim(ltrim(${t}, '+-'), '0')) > 10 OR try_cast(${t} AS HUGEINT) > ${MAX_COUNT} THEN 'integer out of range'
    ELSE NULL END`;
}

/** The count as INTEGER, NULL when empty (only valid after countError said NULL). */
export const countValue = (t: string): string =>
  `CASE WHEN ${t} = '' THEN NULL ELSE CAST(${t} AS INTEGER) END`;

const NUM = `[+-]?([0-9]+\\.?[0-9]*|\\.[0-9]+)([eE][+-]?[0-9]+)?`;

/** Why a decimal field fails (ingest `decimal()`), or NULL. */
export function decimalError(t: string, min: number, max: number): string {
  return `CASE WHEN ${t} = '' THEN NULL
    WHEN NOT regexp_full_match(${t}, '${NUM}') THEN 'not a number'
    WHEN NOT (CAST(${t} AS DOUBLE) BETWEEN ${min} AND ${max}) THEN 'out of range [${min}, ${max}]'
    WHEN CASE WHEN CAST(${t} AS DOUBLE) = 0 THEN regexp_matches(regexp_replace(${t}, '[eE].*$', ''), '[1-9]')
      ELSE abs(CAST(${t} AS DOUBLE)) < ${MIN_NORMAL} END THEN 'too small to store exactly (underflow)'
    ELSE NULL END`;
}

/** Smallest normal double (ingest MIN_NORMAL). */
const MIN_NORMAL = '2.2250738585072014e-308';

/** Earliest date a field may hold (ingest EARLIEST_DATE). */
const EARLIEST_DATE = '1800-01-01';

/** Days after the import date a date may lie (ingest FUTURE_DAYS). */
const FUTURE_DAYS = 31;

/** Why an existing day is out of bounds (ingest `date()`), or NULL; `iso` is the realDate column. */
export function dateBoundError(iso: string, now = Date.now()): string {
  const latest = new Date(now + FUTURE_DAYS * 86_400_000).toISOString().slice(0, 10);
  return `CASE WHEN ${iso} < '${EARLIEST_DATE}' THEN 'before ${EARLIEST_DATE}'
    WHEN ${iso} > '${latest}' THEN 'after ${latest} (the import date + ${FUTURE_DAYS} days)' ELSE NULL END`;
}

/** The decimal as DOUBLE, NULL when empty. */
export const decimalValue = (t: string): string =>
  `CASE WHEN ${t} = '' THEN NULL ELSE CAST(${t} AS DOUBLE) END`;

const MONTHS = `['january','february','march','april','may','june','july','august','september','october','november','december']`;

/**
 * A candidate ISO date (YYYY-MM-DD) from `2021-03-04`, `2021-03-04 00:00:00.000` or `04 March 2021`,
 * or NULL; `t` is trimmed text. `realDate` then keeps it only when it names a day that exists.
 */
export function isoCandidate(t: string): string {
  const month = `list_position(${MONTHS}, lower(regexp_extract(${t}, '^[0-9]+ ([A-Za-z]+)', 1)))`;
  return `CASE
    WHEN regexp_full_match(${t}, '[0-9]{4}-[0-9]{2}-[0-9]{2}([ T][0-9:.]+Z?)?') THEN substr(${t}, 1, 10)
    WHEN regexp_full_match(${t}, '[0-9]{1,2} [A-Za-z]+ [0-9]{4}') AND ${month} IS NOT NULL
      THEN regexp_extract(${t}, '([0-9]{4})$', 1) || '-' || lpad(CAST(${month} AS VARCHAR), 2, '0') || '-' || lpad(regexp_extract(${t}, '^([0-9]+)', 1), 2, '0')
    ELSE NULL END`;
}

/** The candidate when it names a real day (ingest `isRealDate`), else NULL. */
export const realDate = (c: string): string =>
  `CASE WHEN strftime(try_cast(${c} AS DATE), '%Y-%m-%d') = ${c} THEN ${c} ELSE NULL END`;

/** Why a required date field fails, or NULL; `iso` is the realDate column. */
export const dateError = (t: string, iso: string): string =>
  `CASE WHEN ${t} = '' THEN 'is required' WHEN ${iso} IS NULL THEN 'not a valid date' ELSE ${dateBoundError(iso)} END`;
