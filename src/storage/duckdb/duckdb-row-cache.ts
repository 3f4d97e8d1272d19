/**
 * The wide rows of recently listed events, by id, in this process. DuckDB stores `events` by
 * column, so the 55 columns of a page of 100 events scattered over the table cost about as much as
 * decoding every vector they sit in (150 ms on 3M events, against 25 ms to sort and cut the page on
 * narrow columns); a row listed once is served from here until the next write. Any write through
 * the pool (imports, desk edits, placement) or raw SQL through the store empties the cache: a row
 * read before a write never answers after it.
 */

/** A raw `events` row as DuckDB returned it. */
export type EventRow = Record<string, unknown>;

/** Rows kept at most (about 2-3 KB each). */
export const ROW_CACHE_ROWS = 10_000;

/** Least recently used cache of event rows, emptied whenever the store's write count moves. */
export class EventRowCache {
  private rows = new Map<string, EventRow>();
  private epoch = -1;

  constructor(
    /** The store's count of writes so far: a change empties the cache. */
    private readonly writes: () => number,
    private readonly capacity = ROW_CACHE_ROWS,
  ) {}

  /** The write count to pass to `keep` for rows read from now on. */
  mark(): number {
    return this.writes();
  }

  /** A copy of the kept row for an id (the caller may change it), or undefined. */
  get(id: string): EventRow | undefined {
    this.sync();
    const row = this.rows.get(id);
    if (!row) return undefined;
    this.rows.delete(id);
    this.rows.set(id, row);
    return structuredClone(row);
  }

  /** Keeps rows read since `mark` returned `since`, unless a write came in between. */
  keep(since: number, rows: readonly EventRow[]): void {
    this.sync();
    if (since !== this.epoch) return;
    for (const r of rows) {
      const id = String(r.id);
      this.rows.delete(id);
      this.rows.set(id, structuredClone(r));
    }
    for (const id of this.rows.keys()) {
      if (this.rows.size <= this.capacity) break;
      this.rows.delete(id);
    }
  }

  /** Rows kept now. */
  get size(): number {
    this.sync();
    return this.rows.size;
  }

  private sync(): void {
    const now = this.writes();
    if (now !== this.epoch) {
      this.rows = new Map();
      this.epoch = now;
    }
  }
}
