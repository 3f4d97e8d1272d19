import type { DuckDBConnection, DuckDBPreparedStatement } from '@duckdb/node-api';

/**
 * The prepared statements of one connection, least recently used dropped first, keyed by SQL
 * text. The API repeats the same few SQL shapes with different parameters: preparing once saves
 * the parse and plan of every later call.
 */
export class StatementCache {
  private readonly statements = new Map<string, DuckDBPreparedStatement>();

  constructor(
    private readonly conn: DuckDBConnection,
    private readonly capacity: number,
  ) {}

  /** The prepared statement for this SQL, prepared now if it is not kept. */
  async get(sql: string): Promise<DuckDBPreparedStatement> {
    const kept = this.statements.get(sql);
    if (kept) {
      this.statements.delete(sql);
      this.statements.set(sql, kept);
      return kept;
    }
    const prepared = await this.conn.prepare(sql);
    this.statements.set(sql, prepared);
    if (this.statements.size > this.capacity) {
      const [oldest, statement] = this.statements.entries().next().value!;
      this.statements.delete(oldest);
      statement.destroySync();
    }
    return prepared;
  }

  /** Destroys every kept statement. */
  clear(): void {
    for (const statement of this.statements.values()) statement.destroySync();
    this.statements.clear();
  }

  /** How many statements are kept. */
  get size(): number {
    return this.statements.size;
  }
}
