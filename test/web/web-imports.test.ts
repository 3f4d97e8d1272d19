/**
 * The server modules the dashboard imports as values (not only types) are plain data with no
 * imports of their own, such as the filter vocabulary.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const WEB_SRC = fileURLToPath(new URL('../../web/src/', import.meta.url));
const WEB = resolve(WEB_SRC, '..');
/** Server modules the dashboard may import: plain data, no imports (checked below). */
const SHARED = [
  'src/domain/filter-vocabulary.ts',
  'src/domain/border-totals.ts',
  'src/domain/statistic.ts',
  'src/domain/duration-words.ts',
].map((p) => resolve(WEB, '..', p));

describe('web/src imports', () => {
  // That web/src imports src/ for types only, or this one plain module, is the layer rule's
  // (test/helpers/layer-check.ts, run by test/architecture.test.ts).
  it('the shared modules import nothing (so the dashboard build takes no server code with them)', () => {
    for (const file of SHARED)
      assert.doesNotMatch(readFileSync(file, 'utf8'), /^\s*(import|export)\s.*\bfrom\s/m);
  });
});
