import { CONTENT_COLUMNS } from '../../event-columns.ts';

/** The type a content column has in staging (dates as ISO text, as both import paths hash them). */
const HASHED_TYPE = (t: string) => (t === 'DATE' ? 'VARCHAR' : t);

/**
 * The content hash of an event: DuckDB's 64-bit `hash()` over the hash of its raw record and its
 * typed content columns (as decimal text), so a re-import tells changed rows (any source field, or
 * what faultline makes of it) from unchanged ones without building a text of every value per row.
 * `expr` gives each content column's SQL expression; `recordHash` the raw record's hash. A list
 * column also hashes whether it is NULL (DuckDB hashes NULL and [] alike). Pinned by
 * content-hash.test.ts: a DuckDB whose `hash()` differs fails that test, not a user's diff.
 */
export function contentHashSql(expr: (column: string) => string, recordHash: string): string {
  const parts = CONTENT_COLUMNS.flatMap((c) => {
    const v = `CAST(${expr(c.name)} AS ${HASHED_TYPE(c.type)})`;
    return c.type.endsWith('[]') ? [v, `${v} IS NULL`] : [v];
  });
  return `CAST(hash(${recordHash}, ${parts.join(', ')}) AS VARCHAR)`;
}

/**
 * The content hash stores kept before the 64-bit one: md5 over the raw record's hash and every
 * content value as text, joined. Stored events still carrying it (32 hex digits, see LEGACY_HASH)
 * are compared by it until an import finds them unchanged and stamps the new hash on them.
 */
export function legacyContentHashSql(expr: (column: string) => string, recordHash: string): string {
  const parts = CONTENT_COLUMNS.map((c) => `coalesce(CAST(${expr(c.name)} AS VARCHAR), chr(30))`);
  return `md5(concat_ws(chr(31), ${recordHash}, ${parts.join(', ')}))`;
}

/** Whether the stored hash `col` is a legacy md5 one (32 hex digits; the 64-bit hash has at most 20 decimal digits). */
export const isLegacyHash = (col: string): string => `length(${col}) = 32`;
