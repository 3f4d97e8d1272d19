/**
 * What a GDELT fetch shows while it runs (`faultline fetch gdelt`, the GDELT part of `faultline
 * update`): one progress line of files and rows kept, and each retried attempt on a line of its own.
 */
import type { GdeltFetchOptions, GdeltFetchProgress, GdeltFetchReport } from '../app/fetch-gdelt.ts';
import type { RetryNotice } from '../ingest/http/retrying-request.ts';
import type { Context } from './context.ts';
import { counted } from '../domain/plural.ts';
import { Progress } from './progress.ts';
import { retryLine } from './retry-notice.ts';

/** The fetch's onProgress and onRetry, and `done` to end the line (call it in a `finally`). */
export function gdeltFetchProgress(ctx: Context) {
  const bar = new Progress('fetching GDELT', ctx.progress, true);
  return {
    onProgress: (p: GdeltFetchProgress) =>
      bar.update(p.filesDone, p.files, 'files', `, ${counted(p.rowsKept, 'row')} kept`),
    // A retried list or export is said on a line of its own, as `update` says its downloads': the
    // bar ends, and the next file's progress starts another below it.
    onRetry: (n: RetryNotice) => {
      bar.done();
      ctx.err(retryLine(n));
    },
    done: () => bar.done(),
  };
}

/**
 * fetchGdelt on the command's store with that progress line and those retry notices, the line
 * ended however the fetch ends (both commands wrote this wrapping themselves).
 */
export async function fetchGdeltShown(
  ctx: Context,
  options: Omit<GdeltFetchOptions, 'onProgress' | 'onRetry' | 'sleep'>,
): Promise<GdeltFetchReport> {
  const { fetchGdelt } = await import('../app/fetch-gdelt.ts');
  const shown = gdeltFetchProgress(ctx);
  try {
    return await fetchGdelt(await ctx.store(), {
      ...options,
      onProgress: shown.onProgress,
      onRetry: shown.onRetry,
      ...(ctx.sleep ? { sleep: ctx.sleep } : {}),
    });
  } finally {
    shown.done();
  }
}
