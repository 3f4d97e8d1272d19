/**
 * A read's parameters written into its SQL as literals. DuckDB plans a statement with `$n`
 * parameters twice when it runs it (once when prepared, with the parameters' types unknown, and
 * again once they are bound); a statement with literals is planned once, in one call: 0.6-0.9 ms
 * less for every small read (the monthly series 3.6 against 2.9 ms, docs/benchmarks.md, thirty-first
 * session), which is a fifth of a rollup read.
 *
 * Only values whose literal means exactly what the bound value means are written: text (each `'`
 * doubled, the only escape in a standard SQL string), whole numbers of up to 15 digits, finite
 * decimals (as DOUBLE, which is how a bound number arrives), booleans and null. Any other value
 * (a list, a bigint, a DuckDB value object, text holding a NUL), a placeholder other than `$n`, a
 * `$n` past the last value, or dollar-quoted text in the SQL leaves the statement as it is, to be
 * bound as before. Placeholders inside quoted text, quoted names and comments are not touched.
 */

/** A JS value as the DuckDB literal it binds as, or undefined when it has none here. */
function literal(v: unknown): string | undefined {
  if (v === null) return 'NULL';
  switch (typeof v) {
    case 'string':
      return v.includes('\0') ? undefined : `'${v.replaceAll("'", "''")}'`;
    case 'boolean':
      return v ? 'TRUE' : 'FALSE';
    case 'number':
      if (!Number.isFinite(v)) return undefined;
      // A bound whole number is an INTEGER or a BIGINT, a literal one too; a decimal binds as a DOUBLE
      // (a literal 1.5 would be a DECIMAL).
      // Negative ones in parentheses: `1-$1` must not become `1--5`, a comment. DuckDB reads `-2147483648`
      // as the negation of a BIGINT, where the bound value is an INTEGER: cast back.
      if (v === -2_147_483_648) return 'CAST(-2147483648 AS INTEGER)';
      if (Number.isSafeInteger(v)) return v < 0 ? `(${v})` : String(v);
      return Number.isInteger(v) ? undefined : `CAST('${String(v)}' AS DOUBLE)`;
    default:
      return undefined;
  }
}

/**
 * The SQL with each `$n` outside quotes and comments replaced by the literal of `params[n-1]`, or
 * undefined when a value or the SQL's form rules this out (then bind the parameters instead).
 */
export function inlineParams(sql: string, params: readonly unknown[]): string | undefined {
  if (!params.length) return sql;
  const literals: string[] = [];
  for (const p of params) {
    const l = literal(p);
    if (l === undefined) return undefined;
    literals.push(l);
  }
  let out = '';
  let from = 0;
  let i = 0;
  const n = sql.length;
  while (i < n) {
    const c = sql[i]!;
    if (c === "'" || c === '"') {
      // Quoted text or a quoted name: a doubled quote stays inside.
      const end = closing(sql, i, c);
      if (end < 0) return undefined;
      i = end + 1;
    } else if (c === '-' && sql[i + 1] === '-') {
      const end = sql.indexOf('\n', i);
      i = end < 0 ? n : end + 1;
    } else if (c === '/' && sql[i + 1] === '*') {
      const end = sql.indexOf('*/', i + 2);
      if (end < 0) return undefined;
      i = end + 2;
    } else if (c === '?') {
      return undefined;
    } else if (c === '$') {
      let j = i + 1;
      while (j < n && sql.charCodeAt(j) >= 48 && sql.charCodeAt(j) <= 57) j++;
      // `$` not followed by digits (dollar quoting, `$name`) is a form left to DuckDB.
      if (j === i + 1) return undefined;
      const k = Number(sql.slice(i + 1, j));
      if (k < 1 || k > literals.length) return undefined;
      out += sql.slice(from, i) + literals[k - 1];
      from = i = j;
    } else i++;
  }
  return out + sql.slice(from);
}

/** The index of the quote that closes the one at `start` (a doubled quote does not), or -1. */
function closing(sql: string, start: number, q: string): number {
  let i = start + 1;
  for (;;) {
    const j = sql.indexOf(q, i);
    if (j < 0) return -1;
    if (sql[j + 1] !== q) return j;
    i = j + 2;
  }
}
