import { CONTENT_COLUMNS } from '../../event-columns.ts';

/**
 * The content hash of a staged event: md5 over its content columns and the hash of its raw record,
 * so a re-import tells changed rows (any source field, or what faultline makes of it) from unchanged
 * ones. `expr` gives each content column's SQL expression; `recordHash` the raw record's hash.
 */
export function contentHashSql(expr: (column: string) => string, recordHash: string): string {
  const parts = CONTENT_COLUMNS.map((c) => `coalesce(CAST(${expr(c.name)} AS VARCHAR), chr(30))`);
  return `md5(concat_ws(chr(31), ${recordHash}, ${parts.join(', ')}))`;
}
