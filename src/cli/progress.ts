import type { ProgressSink } from './context.ts';

/** A progress line on stderr, redrawn in place on a terminal and printed sparingly otherwise. */
export class Progress {
  private last = 0;
  private readonly started = Date.now();
  constructor(
    private readonly label: string,
    private readonly stream: ProgressSink = process.stderr,
    /** Also show the rate and the time left (downloads). */
    private readonly withRate = false,
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
    const line = this.withRate ? `${text}${rate(done, total, (now - this.started) / 1000)}` : text;
    this.stream.write(this.stream.isTTY ? `\r${line}\u001b[K` : `${line}\n`);
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

function rate(done: number, total: number, seconds: number): string {
  if (seconds <= 0) return '';
  const perSecond = done / seconds;
  const eta = total > 0 && perSecond > 0 ? `, ETA ${Math.ceil((total - done) / perSecond)} s` : '';
  return ` ${(perSecond / 1e6).toFixed(1)} MB/s${eta}`;
}
