import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import type { GdeltGapsAnswer } from '../../app/gdelt-gaps.ts';
import type { GdeltGapKind } from '../../domain/gdelt-gap-kind.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { exitCodeFor, failureLine } from '../fail.ts';
import { registerGaps } from './gaps.ts';

// Synthetic gaps, recorded as fetches record them (Store.replaceGdeltGaps, reasons worded as
// src/app/fetch-gdelt.ts words them): one of each kind on 2025-08-07, and 1,010 download gaps from
// 2025-08-09 on, more than a table shows.
const URL = 'http://data.gdeltproject.org/gdeltv2';
const DAY: [string, GdeltGapKind, string][] = [
  ['20250807000000', 'unlisted', 'not in the master list'],
  [
    '20250807001500',
    'missing-upstream',
    `download failed: "${URL}/20250807001500.export.CSV.zip": HTTP 404 (not published)`,
  ],
  [
    '20250807003000',
    'download',
    `download failed: "${URL}/20250807003000.export.CSV.zip": HTTP 503 after 5 attempts`,
  ],
  [
    '20250807120000',
    'checksum',
    `md5 mismatch: the list says ${'0'.repeat(32)}, the file has ${'a'.repeat(32)}`,
  ],
  [
    '20250807121500',
    'damaged',
    'import failed: "20250807121500.export.CSV.zip": not a readable zip: invalid stored block lengths',
  ],
  [
    '20250807233000',
    'import',
    'download failed: cannot write "/x/20250807233000.export.CSV.zip.part": ENOSPC: no space left on device',
  ],
];
const MANY = 1010;
const AT = '2026-12-07T02:00:00.000Z';

describe('faultline gaps and GET /api/v1/gdelt/gaps', () => {
  let store: Store;
  const cli = (...args: string[]) => runCli(store, [registerGaps], ['gaps', ...args]);
  const api = (query: string) =>
    createApi({ store, log: () => {} }).app.request(`/api/v1/gdelt/gaps${query}`);
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await store.replaceGdeltGaps!(
      { from: '20250807000000', to: '20250807234500' },
      DAY.map(([slice, kind, reason]) => ({ slice, kind, reason })),
      AT,
    );
    const start = Date.UTC(2025, 7, 9);
    const slices = Array.from({ length: MANY }, (_, i) =>
      new Date(start + i * 15 * 60_000).toISOString().replace(/[-:T]/g, '').slice(0, 14),
    );
    await store.replaceGdeltGaps!(
      { from: slices[0]!, to: slices.at(-1)! },
      slices.map((slice) => ({
        slice,
        kind: 'download' as const,
        reason: 'download failed: HTTP 503 after 5 attempts',
      })),
      AT,
    );
  });
  after(() => store.close());

  it('lists the gaps of a period with kind, reason and when, and counts them per kind (every kind, 0 included)', async () => {
    const r = await cli('--from', '2025-08-07', '--to', '2025-08-07', '--format', 'json');
    assert.equal(r.error, undefined, r.err);
    const a = JSON.parse(r.out) as GdeltGapsAnswer;
    assert.deepEqual(
      a.gaps.map((g) => [g.slice, g.kind, g.reason, g.recorded_at]),
      DAY.map(([slice, kind, reason]) => [slice, kind, reason, AT]),
    );
    assert.deepEqual(
      [a.from, a.to, a.total, a.limit, a.offset, a.note],
      ['20250807000000', '20250807234500', 6, null, 0, null],
    );
    assert.deepEqual(
      a.by_kind.map((k) => [k.kind, k.gaps]),
      [
        ['unlisted', 1],
        ['missing-upstream', 1],
        ['download', 1],
        ['checksum', 1],
        ['damaged', 1],
        ['import', 1],
      ],
    );
  });

  it('filters by kind (any case, comma-separated) and by a period to the minute', async () => {
    const kinds = JSON.parse(
      (await cli('--kind', 'Import,checksum', '--format', 'json')).out,
    ) as GdeltGapsAnswer;
    assert.deepEqual(kinds.kinds, ['checksum', 'import']);
    assert.deepEqual(
      kinds.gaps.map((g) => g.slice),
      ['20250807120000', '20250807233000'],
    );
    assert.deepEqual(
      kinds.by_kind.map((k) => [k.kind, k.gaps]),
      [
        ['checksum', 1],
        ['import', 1],
      ],
    );
    const minutes = JSON.parse(
      (await cli('--from', '2025-08-07T00:15', '--to', '2025-08-07T12:00', '--format', 'json')).out,
    ) as GdeltGapsAnswer;
    assert.deepEqual(
      minutes.gaps.map((g) => g.kind),
      ['missing-upstream', 'download', 'checksum'],
    );
    const downloads = JSON.parse(
      (await cli('--kind', 'download', '--format', 'json')).out,
    ) as GdeltGapsAnswer;
    assert.deepEqual(
      [downloads.total, downloads.gaps.length],
      [MANY + 1, MANY + 1],
      'json without --limit lists every one',
    );
  });

  it('a table shows 1000 gaps and says on stderr which of how many, the count per kind and how to see the rest; csv lists every one', async () => {
    const table = await cli();
    assert.equal(table.error, undefined, table.err);
    assert.deepEqual(table.err.split('\n'), [
      // Counts in prose are grouped (MANY is 1010); the flag's value to type is not.
      '1,016 gaps recorded (by kind: unlisted 1, missing-upstream 1, download 1,011, checksum 1, damaged 1, import 1)',
      `note: gaps 1-1,000 of 1,016 gaps listed (a table shows 1,000): page on with --offset 1000, give a larger --limit, or --format csv, json or ndjson for every one`,
      '',
    ]);
    assert.match(table.out, /^slice +kind +reason +recorded_at/);
    const csv = await cli('--format', 'csv');
    assert.equal(csv.out.trim().split('\n').length, MANY + 6 + 1, 'a header and every gap');
    assert.equal(csv.err.includes('note:'), false);
  });

  it('the API answers the same shape: JSON for JSON with the same window, CSV byte for byte, the total and a cut in headers', async () => {
    const res = await api('?from=2025-08-07&kind=download,damaged&limit=3&offset=1');
    assert.equal(res.status, 200);
    const body = (await res.json()) as GdeltGapsAnswer;
    const cli3 = await cli(
      '--from',
      '2025-08-07',
      '--kind',
      'download,damaged',
      '--limit',
      '3',
      '--offset',
      '1',
      '--format',
      'json',
    );
    assert.deepEqual(body, JSON.parse(cli3.out));
    assert.equal(body.note, 'gaps 2-4 of 1,012 gaps listed; page on with offset 4');
    const csv = await api('?from=2025-08-07&to=2025-08-07&format=csv');
    assert.equal(csv.headers.get('x-faultline-total'), '6');
    assert.equal(
      await csv.text(),
      (await cli('--from', '2025-08-07', '--to', '2025-08-07', '--format', 'csv')).out,
    );
    const page = await api('?limit=2&format=csv');
    assert.equal(
      page.headers.get('x-faultline-notes'),
      'gaps 1-2 of 1,016 gaps listed; page on with offset 2',
    );
  });

  it('a period with no gap recorded answers 0 and says that only a fetch records gaps, not that nothing is missing', async () => {
    const r = await cli('--from', '2024-01-01', '--to', '2024-01-31');
    assert.equal(r.error, undefined);
    const note =
      'no GDELT gap recorded from 20240101000000 to 20240131234500: each faultline fetch gdelt records the gaps of its own period, so a period no fetch covered has none recorded either (faultline sources lists the GDELT exports imported)';
    assert.equal(r.err, `note: ${note}\n`);
    const a = (await (await api('?from=2024-01-01&to=2024-01-31')).json()) as GdeltGapsAnswer;
    assert.deepEqual([a.total, a.note], [0, note]);
  });

  it('refuses a bad kind, day or period in one line quoting it (exit 2; the API 400 naming its parameter)', async () => {
    const cases: [string[], string, string][] = [
      [
        ['--kind', 'gone'],
        '?kind=gone',
        'invalid --kind: "gone" (use unlisted, missing-upstream, download, checksum, damaged or import)',
      ],
      [
        ['--kind', 'download,'],
        '?kind=download,',
        'invalid --kind: "download," (use unlisted, missing-upstream, download, checksum, damaged, import, comma-separated)',
      ],
      [
        ['--from', '2025-02-30'],
        '?from=2025-02-30',
        'invalid --from: "2025-02-30" (use YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)',
      ],
      [
        ['--from', '2025-08-08', '--to', '2025-08-07'],
        '?from=2025-08-08&to=2025-08-07',
        'invalid period: --from "2025-08-08" is after --to "2025-08-07"',
      ],
    ];
    for (const [args, query, line] of cases) {
      const r = await cli(...args);
      assert.deepEqual(
        [exitCodeFor(r.error), failureLine(r.error)],
        [2, `faultline: ${line}\n`],
        args.join(' '),
      );
      const res = await api(query);
      assert.equal(res.status, 400, query);
      const apiLine = line.replace(/--(\w+)/g, '$1');
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, apiLine, query);
    }
  });
});
