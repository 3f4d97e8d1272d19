import { LIST, VARCHAR, type DuckDBAppender } from '@duckdb/node-api';

const VARCHAR_LIST = LIST(VARCHAR);

/** Appends one JS value to a DuckDB appender column of the given staging type. */
export function appendValue(ap: DuckDBAppender, type: string, v: unknown): void {
  if (v === null || v === undefined) return ap.appendNull();
  switch (type) {
    case 'INTEGER':
      return ap.appendInteger(v as number);
    case 'DOUBLE':
      return ap.appendDouble(v as number);
    case 'BOOLEAN':
      return ap.appendBoolean(v as boolean);
    case 'VARCHAR[]':
      return ap.appendList(v as string[], VARCHAR_LIST);
    default:
      return ap.appendVarchar(String(v));
  }
}
