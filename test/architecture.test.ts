import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { after, describe, it } from 'node:test';
import { checkLayers, importsOf } from './helpers/layer-check.ts';

const ROOT = new URL('..', import.meta.url).pathname;

// Library code no production module calls yet; only its own test imports it, and it is not a test helper.
const NOT_TEST_HELPERS = [
  // surge.ts's doc comment sends callers here to build the dense daily series it expects.
  'src/analytics/aggregate/dense-series.ts:1:',
];

describe('the layer rule', () => {
  it('every import and SQL string in src/ sits where docs/architecture.md allows', () => {
    const offences = checkLayers({
      src: join(ROOT, 'src'),
      others: ['test', 'bench', 'scripts', 'web/build', 'web/src'].map((d) => join(ROOT, d)),
      web: join(ROOT, 'web/src'),
    }).filter((o) => !NOT_TEST_HELPERS.some((a) => o.startsWith(a)));
    assert.deepEqual(offences, []);
  });

  describe('the checker itself', () => {
    const root = mkdtempSync(join(tmpdir(), 'faultline-layers-'));
    after(() => rmSync(root, { recursive: true, force: true }));
    const write = (path: string, text: string) => {
      mkdirSync(dirname(join(root, path)), { recursive: true });
      writeFileSync(join(root, path), text);
    };
    // A small tree that breaks each rule once, with imports spread over lines and loaded lazily.
    write(
      'src/domain/event.ts',
      `import {\n  createStore,\n} from '../storage/index.ts';\nexport const x = createStore;\n`,
    );
    write('src/storage/index.ts', `export const createStore = 1;\n`);
    write('src/storage/duckdb/duckdb-store.ts', `import '@duckdb/node-api';\nexport const q = 'SELECT 1';\n`);
    write(
      'src/app/use-case.ts',
      `export async function f() {\n  return import(\n    '../api/server.ts'\n  );\n}\n`,
    );
    write(
      'src/api/server.ts',
      `import { createStore } from '../storage/index.ts';\nexport { createStore };\n`,
    );
    write('src/cli/commands/x.ts', `export const s = await import('../../storage/index.ts');\n`);
    write(
      'src/app/reads.ts',
      `import { q } from '../storage/duckdb/duckdb-store.ts';\nexport const sql = \`\n  SELECT * FROM events\`;\nexport const r = q;\n`,
    );
    write(
      'src/geo/driver.ts',
      `import { DuckDBInstance } from '@duckdb/node-api';\nexport const d = DuckDBInstance;\n`,
    );
    write('src/ingest/helper.ts', `import assert from 'node:assert/strict';\nexport const ok = assert.ok;\n`);
    write('src/ingest/fake-server.ts', `export const port = 1;\n`);
    write(
      'src/ingest/fake-server.test.ts',
      `import { port } from './fake-server.ts';\nexport const p = port;\n`,
    );
    write('src/report/uses-test.ts', `import { h } from '../../test/helpers/h.ts';\nexport const u = h;\n`);
    write('test/helpers/h.ts', `export const h = 1;\n`);
    write(
      'web/src/api/types.ts',
      `export type { A } from '../../../src/app/a.ts';\nimport type { B } from '../../../src/app/a.ts';\n`,
    );
    write('web/src/app.tsx', `import {\n  a,\n} from '../../src/app/a.ts';\nexport const x = a;\n`);
    write('src/app/a.ts', `export type A = 1;\nexport type B = 2;\nexport const a = 1;\n`);
    // Members named `import`, then a forbidden import: a token scanner lost track after `${o.import(...)}`.
    write(
      'src/domain/members.ts',
      "const o = { import: (s: string) => s };\nexport const t = `${o.import('a')}`;\nexport const u = o?.import('../storage/index.ts');\nimport { createStore } from '../storage/index.ts';\nexport const s = createStore;\n",
    );
    write('src/report/prose.ts', `export const help = 'Select a file; DELETE nothing';\n`);
    const offences = checkLayers({
      src: join(root, 'src'),
      others: [join(root, 'test'), join(root, 'web/src')],
      web: join(root, 'web/src'),
    });

    it('names a multi-line import that points up a layer, with its line', () => {
      assert.ok(
        offences.includes('src/domain/event.ts:3: domain must not import storage (../storage/index.ts)'),
      );
    });
    it('reads dynamic imports split over lines', () => {
      assert.ok(offences.includes('src/app/use-case.ts:3: app must not import api (../api/server.ts)'));
    });
    it('lets only the composition roots pick an engine', () => {
      assert.ok(
        offences.includes(
          'src/cli/commands/x.ts:1: only api/server.ts and cli/main.ts may pick an engine (../../storage/index.ts)',
        ),
      );
      assert.ok(!offences.some((o) => o.startsWith('src/api/server.ts')));
    });
    it('keeps the engine folder and its driver inside storage', () => {
      assert.ok(
        offences.includes(
          'src/app/reads.ts:1: only src/storage/ may reach the engine folder (../storage/duckdb/duckdb-store.ts)',
        ),
      );
      assert.ok(
        offences.includes(
          'src/geo/driver.ts:1: @duckdb/node-api may only be imported in src/storage/duckdb/',
        ),
      );
    });
    it('finds SQL outside storage/duckdb/ and not English prose', () => {
      assert.ok(offences.includes('src/app/reads.ts:2: SQL outside src/storage/duckdb/'));
      assert.ok(!offences.some((o) => o.startsWith('src/report/prose.ts')));
      assert.ok(!offences.some((o) => o.startsWith('src/storage/duckdb/')));
    });
    it('finds test helpers in src/', () => {
      assert.ok(
        offences.includes('src/ingest/helper.ts:1: test helper outside test/: imports node:assert/strict'),
      );
      assert.ok(
        offences.includes(
          'src/ingest/fake-server.ts:1: test helper outside test/: only tests import it (ingest/fake-server.test.ts)',
        ),
      );
      assert.ok(
        offences.includes(
          'src/report/uses-test.ts:1: test helper outside test/: imports ../../test/helpers/h.ts',
        ),
      );
    });
    it('lets the dashboard import src/ for types only', () => {
      assert.ok(
        offences.includes('web/src/app.tsx:1: the dashboard may import src/ for types only (import type)'),
      );
      assert.ok(!offences.some((o) => o.startsWith('web/src/api/types.ts')));
    });
    it('checks imports after a member named import, and takes no member call for an import', () => {
      assert.deepEqual(
        offences.filter((o) => o.startsWith('src/domain/members.ts')),
        [
          'src/domain/members.ts:4: domain must not import storage (../storage/index.ts)',
          'src/domain/members.ts:4: only api/server.ts and cli/main.ts may pick an engine (../storage/index.ts)',
        ],
      );
    });
    it('reports nothing else (the domain files break two rules each)', () => {
      assert.equal(offences.length, 13, offences.join('\n'));
    });
  });

  it('reads imports as the compiler does: type-only, re-exports and dynamic', () => {
    const refs = importsOf(
      '/x/src/a.ts',
      `import type {\n  T,\n} from './t.ts';\nexport * from './z.ts';\nconst m = await import('./y.ts');\n// import './commented.ts'\n`,
    );
    assert.deepEqual(
      refs.map((r) => `${r.line} ${r.spec}`),
      ['3 ./t.ts', '4 ./z.ts', '5 ./y.ts'],
    );
  });

  it('reads every import after members named import and regular expressions holding quotes', () => {
    const refs = importsOf(
      '/x/src/a.ts',
      [
        'const o = { import: (s: string) => s };',
        "x.import('./not-1.ts');",
        "const t = `${o.import('./not-2.ts')}`;",
        "o?.import('./not-3.ts');",
        'const r = /[`\'"]/;',
        "import { a } from './a.ts';",
        "export type T = import('./t.ts').T;",
        "const m = await import('./m.ts');",
      ].join('\n'),
    );
    assert.deepEqual(
      refs.map((r) => `${r.line} ${r.spec}`),
      ['6 ./a.ts', '7 ./t.ts', '8 ./m.ts'],
    );
  });
});
