/**
 * Long loops on the server's main thread (dense series, rendering large answers) give the event
 * loop a turn once they have held it for a few milliseconds, so /health and small reads never wait
 * behind them for longer. The work takes as long; it is only interleaved.
 */

/** Milliseconds a loop may hold the event loop before it gives a turn. */
export const SLICE_MS = 8;

// Loops waiting for their next slice, first come first served. One resumes per turn of the event
// loop, so however many long loops run at once, a turn holds at most one slice of theirs before
// I/O (a /health request) is read again. (Each resuming on its own setImmediate let ten of them
// run back to back, 80 ms between two reads of the sockets.)
const waiting: (() => void)[] = [];
let scheduled = false;

function resumeOne(): void {
  scheduled = false;
  waiting.shift()?.();
  // Scheduled from inside the check phase, so it runs at the next turn, after the sockets are read.
  if (waiting.length) schedule();
}

function schedule(): void {
  if (scheduled) return;
  scheduled = true;
  setImmediate(resumeOne);
}

/** Lets pending I/O callbacks and other requests run before the caller continues. */
export function loopTurn(): Promise<void> {
  return new Promise((resolve) => {
    waiting.push(resolve);
    schedule();
  });
}

/** Time held on the event loop by one long loop: `if (slice.due) await slice.turn()` between items. */
export class TimeSlice {
  private start = performance.now();

  constructor(private readonly ms = SLICE_MS) {}

  /** Whether the loop has held the event loop for its slice. */
  get due(): boolean {
    return performance.now() - this.start >= this.ms;
  }

  /** Gives a loop turn; the next slice starts after it. */
  async turn(): Promise<void> {
    await loopTurn();
    this.start = performance.now();
  }
}

/** Maps `items`, giving the event loop a turn whenever a slice is used up. */
export async function mapInTurns<T, U>(items: readonly T[], fn: (item: T) => U): Promise<U[]> {
  const slice = new TimeSlice();
  const out: U[] = [];
  for (const item of items) {
    if (slice.due) await slice.turn();
    out.push(fn(item));
  }
  return out;
}
