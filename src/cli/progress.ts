import { grouped } from '../domain/format-number.ts';
import cliProgress, { type Options, type Params, type SingleBar } from 'cli-progress';
import type { ProgressSink } from './context.ts';

// A CommonJS module: its classes are read from the default export.
const { Format } = cliProgress;

// The line's two forms: with a bar when the total is known, the count alone when it is not.
const KNOWN = '{label} [{bar}] {percentage}% {value}/{total} {unit}{detail}{rate}';
const UNKNOWN = '{label} {value} {unit}{detail}{rate}';

/**
 * A progress line on stderr, drawn by cli-progress: redrawn in place on a terminal (at most ten
 * times a second) and, on any other stream (a log, a pipe, a command forwarded to the server), one
 * whole line at the start, one every 2 s and one with the last state, a line the same as the one
 * before left out. The bar redraws on a timer until `done()`, so every caller ends it in a `finally`.
 */
export class Progress {
  private bar: SingleBar | null = null;
  private total = 0;
  private readonly started = Date.now();
  constructor(
    private readonly label: string,
    private readonly stream: ProgressSink = process.stderr,
    /** Also show the rate and the time left (downloads). */
    private readonly withRate = false,
  ) {}

  /**
   * Shows `done` of `total` (bytes, shown in MB, or a count of `unit`); total 0 means unknown.
   * `detail` follows the count (", 4 rows kept"); a count is grouped ("12,000/32,235 rows").
   */
  update(done: number, total: number, unit = 'MB', detail = ''): void {
    const payload = {
      label: this.label,
      unit,
      detail,
      rate: this.withRate ? rate(done, total, unit, (Date.now() - this.started) / 1000) : '',
    };
    if (!this.bar) {
      this.bar = new cliProgress.SingleBar({
        stream: (this.stream.isTTY ? this.stream : wholeLines(this.stream)) as NodeJS.WritableStream,
        format: (options: Options, params: Params, p: Record<string, unknown>) =>
          Format.Formatter({ ...options, format: params.total > 0 ? KNOWN : UNKNOWN }, params, p),
        // A count is grouped as every count in prose is ("12,000/32,235 rows"); bytes are in MB.
        formatValue: (v, options, type) =>
          type === 'value' || type === 'total'
            ? unit === 'MB'
              ? (Number(v) / 1e6).toFixed(1)
              : grouped(Number(v))
            : Format.ValueFormat(v, options, type),
        barsize: 20,
        barCompleteChar: '#',
        barIncompleteChar: '.',
        noTTYOutput: true,
        notTTYSchedule: 2000,
        // The line is taken away when done (on a terminal), as the next output replaces it.
        clearOnComplete: true,
      });
      this.bar.start(total, done, payload);
    } else {
      if (total !== this.total) this.bar.setTotal(total);
      this.bar.update(done, payload);
    }
    this.total = total;
  }

  /** Ends the line: on a terminal it is cleared, elsewhere its last state is printed. */
  done(): void {
    this.bar?.stop();
    this.bar = null;
  }
}

/**
 * A stream for the lines cli-progress writes off a terminal (each line, then its newline): it passes
 * each line on whole, in one write, and leaves out a line the same as the last one (a short
 * import's first state is often its last).
 */
export function wholeLines(sink: ProgressSink): ProgressSink {
  let last: string | null = null;
  let pending = '';
  return {
    isTTY: false,
    write(text: string) {
      pending += text;
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl);
        pending = pending.slice(nl + 1);
        if (line !== last) sink.write(`${line}\n`);
        last = line;
      }
      return true;
    },
  };
}

/** ", 1.2 MB/s, ETA 3 s": the rate since the start, and the time left at that rate when known. */
function rate(done: number, total: number, unit: string, seconds: number): string {
  if (seconds <= 0) return '';
  const perSecond = done / seconds;
  const eta = total > 0 && perSecond > 0 ? `, ETA ${Math.ceil((total - done) / perSecond)} s` : '';
  return unit === 'MB'
    ? `, ${(perSecond / 1e6).toFixed(1)} MB/s${eta}`
    : `, ${perSecond.toFixed(1)} ${unit}/s${eta}`;
}
