import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Context } from './context.ts';
import { gdeltFetchProgress } from './gdelt-fetch-progress.ts';

describe('the GDELT fetch progress line', () => {
  it('counts the rows kept in the singular and the plural ("1 row kept", "2 rows kept")', () => {
    const lines: string[] = [];
    const ctx = {
      err: () => undefined,
      progress: { isTTY: false, write: (t: string) => void lines.push(t) },
    } as unknown as Context;
    for (const kept of [1, 2]) {
      const shown = gdeltFetchProgress(ctx);
      shown.onProgress({ files: 1, filesDone: 1, rowsKept: kept, startedMs: Date.now() });
      shown.done();
    }
    // A rate follows when the line took a millisecond or more to draw (the first count formatted loads the locale data).
    assert.match(lines.join(''), /1\/1 files, 1 row kept(, [\d.]+ files\/s, ETA \d+ s)?\n/);
    assert.match(lines.join(''), /1\/1 files, 2 rows kept(, [\d.]+ files\/s, ETA \d+ s)?\n/);
  });
});
