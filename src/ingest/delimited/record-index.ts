/**
 * Where each record of a source file lies: byte offsets of its first and past-last byte and the
 * line it starts on. Built by the independent counters while they hash the file, so an import can
 * name the line of a rejected row and read any original record back from the archive.
 */
export class RecordIndex {
  private startsBuf = new Float64Array(1024);
  private endsBuf = new Float64Array(1024);
  private linesBuf = new Float64Array(1024);
  private n = 0;

  /** Records indexed so far. */
  get length(): number {
    return this.n;
  }

  /** Adds a record that starts at byte `start` on 1-based line `line` and ends before byte `end`. */
  push(start: number, end: number, line: number): void {
    if (this.n === this.startsBuf.length) {
      const grow = (a: Float64Array) => {
        const b = new Float64Array(a.length * 2);
        b.set(a);
        return b;
      };
      this.startsBuf = grow(this.startsBuf);
      this.endsBuf = grow(this.endsBuf);
      this.linesBuf = grow(this.linesBuf);
    }
    this.startsBuf[this.n] = start;
    this.endsBuf[this.n] = end;
    this.linesBuf[this.n] = line;
    this.n++;
  }

  /** Byte offset where record `k` (0-based, header included) starts. */
  start(k: number): number {
    return this.startsBuf[k]!;
  }

  /** Byte offset just past record `k`'s last byte (its line break excluded). */
  end(k: number): number {
    return this.endsBuf[k]!;
  }

  /** The 1-based line record `k` starts on. */
  line(k: number): number {
    return this.linesBuf[k]!;
  }

  /** The record holding byte `offset` (the last record starting at or before it), or -1 before the first. */
  recordAt(offset: number): number {
    let lo = 0;
    let hi = this.n - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.startsBuf[mid]! <= offset) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** Starts then ends as one buffer, the archive's on-disk form. */
  toBuffer(): Buffer {
    const out = new Float64Array(this.n * 2);
    out.set(this.startsBuf.subarray(0, this.n), 0);
    out.set(this.endsBuf.subarray(0, this.n), this.n);
    return Buffer.from(out.buffer);
  }
}
