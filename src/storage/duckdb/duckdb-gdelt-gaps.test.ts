import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { GDELT_GAP_KINDS } from '../../domain/gdelt-gap-kind.ts';
import { DuckDBStore } from './duckdb-store.ts';

const URL = 'http://data.gdeltproject.org/gdeltv2';
const zip = (s: string) => `"${s}.export.CSV.zip"`;

/** Reasons as fetches before migration 34 wrote them (src/app/fetch-gdelt.ts, app/import-gdelt.ts), with the kind each is. */
const OLD_GAPS: [slice: string, reason: string, kind: string][] = [
  ['20250807220000', 'not in the master list', 'unlisted'],
  [
    '20250807221500',
    `download failed: "${URL}/20250807221500.export.CSV.zip": HTTP 404 (not published)`,
    'missing-upstream',
  ],
  [
    '20250807223000',
    `download failed: "${URL}/20250807223000.export.CSV.zip": HTTP 503 after 5 attempts`,
    'download',
  ],
  [
    '20250807224500',
    `download failed: "${URL}/20250807224500.export.CSV.zip": the server sent an HTML page, not data`,
    'download',
  ],
  [
    '20250807230000',
    `md5 mismatch: the list says ${'0'.repeat(32)}, the file has ${'a'.repeat(32)}`,
    'checksum',
  ],
  ['20250807231500', 'size mismatch: the list says 2753 bytes, the file has 2751', 'checksum'],
  [
    '20250807233000',
    `import failed: ${zip('20250807233000')}: not a readable zip: "20250807233000.export.CSV" is damaged (its CRC-32 is 2c0e3f5a, the zip records 9b1d07c4)`,
    'damaged',
  ],
  [
    '20250807234500',
    `import failed: ${zip('20250807234500')}: not a GDELT event file: its first record has 3 tab-separated fields (expected 61, 58 or 57, starting with a numeric GLOBALEVENTID and an 8-digit SQLDATE)`,
    'damaged',
  ],
  [
    '20250808000000',
    `import failed: ${zip('20250808000000')}: line 7 holds bytes that are not UTF-8 text; nothing was imported`,
    'damaged',
  ],
  [
    '20250808001500',
    `import failed: ${zip('20250808001500')}: 2 records do not have 61 fields; this is not one GDELT file; nothing was imported`,
    'damaged',
  ],
  // A full disk while unzipping was worded as a damaged zip: the system's error code tells it was ours.
  [
    '20250808003000',
    `import failed: ${zip('20250808003000')}: not a readable zip: ENOSPC: no space left on device, write`,
    'import',
  ],
  [
    '20250808004500',
    "import failed: ENOTDIR: not a directory, mkdtemp '/tmp/f/faultline-gdelt-XXXXXX'",
    'import',
  ],
  [
    '20250808010000',
    'import failed: IO Error: Could not write file "/x/store.duckdb.wal": No space left on device',
    'import',
  ],
];

describe('gdelt_gaps keeps each gap kind', () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
  });
  after(() => store.close());

  it('a gap is stored and listed with its kind', async () => {
    const gaps = GDELT_GAP_KINDS.map((kind, i) => ({
      slice: `2025080700${i}000`,
      kind,
      reason: `reason ${i}`,
    }));
    await store.replaceGdeltGaps(
      { from: '20250807000000', to: '20250807235959' },
      gaps,
      '2026-12-06T00:00:00Z',
    );
    assert.deepEqual(
      (await store.listGdeltGaps()).map(({ slice, kind, reason }) => ({ slice, kind, reason })),
      gaps,
    );
  });

  it('migration 34 gives gaps stored before it the kind their reason names', async () => {
    await store.select(`DELETE FROM gdelt_gaps`);
    await store.select(`ALTER TABLE gdelt_gaps DROP COLUMN kind`);
    for (const [slice, reason] of OLD_GAPS)
      await store.select(`INSERT INTO gdelt_gaps VALUES ($1, $2, '2026-11-01T00:00:00Z')`, [slice, reason]);
    await store.select(`DELETE FROM schema_migrations WHERE version = 34`);
    await store.migrate();
    assert.deepEqual(
      (await store.listGdeltGaps()).map((g) => [g.slice, g.kind]),
      OLD_GAPS.map(([slice, , kind]) => [slice, kind]),
    );
  });
});

describe('a page of gdelt_gaps with its counts', () => {
  let store: DuckDBStore;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await store.replaceGdeltGaps(
      { from: '20250801000000', to: '20250807235959' },
      // Synthetic: kind i's gaps on day i + 1, at hours 00 to 0i.
      GDELT_GAP_KINDS.flatMap((kind, i) =>
        Array.from({ length: i + 1 }, (_, j) => ({
          slice: `2025080${i + 1}0${j}0000`,
          kind,
          reason: `r${i}.${j}`,
        })),
      ),
      '2026-12-07T00:00:00Z',
    );
  });
  after(() => store.close());

  it('counts every matching gap per kind beside the page it lists, in one read', async () => {
    const all = await store.gdeltGapPage({});
    assert.deepEqual(all.byKind, Object.fromEntries(GDELT_GAP_KINDS.map((k, i) => [k, i + 1])));
    assert.deepEqual(all.rows, await store.listGdeltGaps());
    const page = await store.gdeltGapPage({ kinds: ['checksum', 'import'], limit: 3, offset: 2 });
    assert.deepEqual(page.byKind, { checksum: 4, import: 6 });
    assert.deepEqual(
      page.rows.map((r) => r.slice),
      (await store.listGdeltGaps({ kinds: ['checksum', 'import'] })).slice(2, 5).map((r) => r.slice),
    );
    // Past the end, and a page of none: the counts stay.
    assert.deepEqual(await store.gdeltGapPage({ kinds: ['damaged'], offset: 99 }), {
      byKind: { damaged: 5 },
      rows: [],
    });
    assert.deepEqual((await store.gdeltGapPage({ limit: 0 })).rows, []);
    assert.deepEqual(await store.gdeltGapPage({ kinds: [] }), { byKind: {}, rows: [] });
  });
});
