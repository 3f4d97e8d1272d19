import type { ProgressSink } from './context.ts';

/** A progress line on stderr, redrawn in place on a terminal and printed sparingly otherwise. */
export class Progress {
  private last = 0;
  constructor(
    private readonly label: string,
    private readonly stream: ProgressSink = process.stderr,
  ) {}

  /** Shows `done` of `total` (bytes or rows); total 0 means unknown. */
  update(done: number, total: number, unit = 'MB'): void {
    const now = Date.now();
    if (now - this.last < (this.stream.isTTY ? 100 : 2000)) return;
    this.last = now;
    const scale = unit === 'MB' ? 1 / 1e6 : 1;
    const d = (done * scale).toFixed(unit === 'MB' ? 1 : 0);
    const text =
      total > 0
        ? `${this.label} ${bar(done / total)} ${d}/${(total * scale).toFixed(unit === 'MB' ? 1 : 0)} ${unit}`
        : `${this.label} ${d} ${unit}`;
    this.stream.write(this.stream.isTTY ? `\r${text}\u001b[K` : `${text}\n`);
  }

  /** Clears the line. */
  done(): void {
    if (this.stream.isTTY) this.stream.write('\r\u001b[K');
  }
}

function bar(f: number): string {
  const n = Math.max(0, Math.min(20, Math.round(f * 20)));
  return `[${'#'.repeat(n)}${'.'.repeat(20 - n)}] ${(f * 100).toFixed(0).padStart(3)}%`;
}
