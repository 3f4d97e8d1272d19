/**
 * What a GDELT fetch shows while it runs (`faultline fetch gdelt`, the GDELT part of `faultline
 * update`): one progress line of files and rows kept, and each retried attempt on a line of its own.
 */
import type { GdeltFetchProgress } from '../app/fetch-gdelt.ts';
import type { RetryNotice } from '../ingest/http/retrying-request.ts';
import type { Context } from './context.ts';
import { Progress } from './progress.ts';
import { retryLine } from './retry-notice.ts';

/** The fetch's onProgress and onRetry, and `done` to end the line (call it in a `finally`). */
export function gdeltFetchProgress(ctx: Context) {
  const bar = new Progress('fetching GDELT', ctx.progress, true);
  return {
    onProgress: (p: GdeltFetchProgress) =>
      bar.update(p.filesDone, p.files, 'files', `, ${p.rowsKept} rows kept`),
    // A retried list or export is said on a line of its own, as `update` says its downloads': the
    // bar ends, and the next file's progress starts another below it.
    onRetry: (n: RetryNotice) => {
      bar.done();
      ctx.err(retryLine(n));
    },
    done: () => bar.done(),
  };
}
