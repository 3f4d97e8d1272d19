/**
 * Compiles the CLI (src/cli/main.ts and everything it imports) into dist/ with esbuild: one
 * entry file, chunks for what the commands load lazily, npm packages left as imports (but BUNDLED).
 * `npm run build:cli`; `npm install` runs it through `prepare`, `npm test` when dist/ is stale.
 * Takes about a second. Files of earlier builds stay while a process may still load them
 * (scripts/dist-retention.ts).
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import type { BuildRecord } from '../src/cli/installed-build.ts';
import { pruneBuilds, recordBuild, recordLegacyBuild } from './dist-retention.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/**
 * Chunks all land flat in dist/, so a module's own `import.meta.url` would point at its chunk.
 * Sources find data/, examples/ and web/dist relative to their own file, so each source's
 * `import.meta.url` becomes the URL of that source as if it sat where it does in src/.
 */
const sourceRelativeMeta = (root: string): Plugin => ({
  name: 'source-relative-import-meta',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      if (/import\.meta\.(dirname|filename)/.test(text))
        throw new Error(`use import.meta.url, not dirname/filename: ${path}`);
      if (!text.includes('import.meta.url')) return undefined;
      const self = JSON.stringify(`../${relative(root, path)}`);
      return {
        contents: text.replaceAll('import.meta.url', `new URL(${self}, import.meta.url).href`),
        loader: 'ts',
      };
    });
  },
});

/**
 * Packages compiled into dist/ instead of loaded from node_modules at run time. @duckdb/node-api is
 * about 190 CommonJS files that Node resolves, reads and scans for exports one by one on every
 * command that opens the store; its native binding (@duckdb/node-bindings) stays external.
 * commander is a handful of such files, loaded by every call. The @stdlib functions (random draws,
 * distribution quantiles) and yaml are some 700 more, which the API's compute worker, forecasts,
 * claims and comparisons loaded (the compute worker took 0.5 s to load them: docs/benchmarks.md).
 */
const BUNDLED = new Set(['@duckdb/node-api', 'commander', 'yaml']);
const bundled = (name: string) => BUNDLED.has(name) || name.startsWith('@stdlib/');
const externalPackages: Plugin = {
  name: 'external-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, ({ path }) => {
      const name = path.startsWith('@') ? path.split('/').slice(0, 2).join('/') : path.split('/')[0]!;
      return bundled(name) ? undefined : { path, external: true };
    });
  },
};

/**
 * A hash of every source file: what this build is. Files a build keeps beside the store for later
 * calls of the same build (the `sources` snapshot, src/cli/sources-snapshot.ts) carry it, so that
 * another build, whose answers may differ, does not read them.
 */
function buildId(root: string): string {
  const hash = createHash('sha256');
  const files = readdirSync(`${root}src`, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .sort();
  for (const f of files)
    hash
      .update(f)
      .update('\0')
      .update(readFileSync(`${root}src/${f}`))
      .update('\0');
  return hash.digest('hex').slice(0, 16);
}

/**
 * Builds the CLI of `root` (a checkout: its src/) into `dist`, records the build and prunes what no
 * kept build needs. Returns the build's record.
 */
export async function buildCli(checkout: string, dist: string, now = new Date()): Promise<BuildRecord> {
  const root = checkout.endsWith('/') ? checkout : `${checkout}/`;
  const id = buildId(root);
  recordLegacyBuild(dist);
  const result = await build({
    // The compute worker is its own entry: worker threads load it by file (src/api/compute-pool.ts).
    entryPoints: {
      faultline: `${root}src/cli/main.ts`,
      'compute-worker': `${root}src/app/compute-worker.ts`,
    },
    define: { FAULTLINE_BUNDLED: 'true', FAULTLINE_BUILD: JSON.stringify(id) },
    outdir: dist,
    bundle: true,
    splitting: true, // each `await import()` in the sources becomes its own chunk, loaded on demand
    format: 'esm',
    platform: 'node',
    target: 'node20.10', // keeps import attributes (`with { type: 'json' }`)
    // The bundled CommonJS packages (BUNDLED) call require() for Node's modules and the native binding.
    banner: {
      js: "import { createRequire as __faultlineRequire } from 'node:module'; const require = __faultlineRequire(import.meta.url);",
    },
    chunkNames: '[name]-[hash]',
    sourcemap: 'linked',
    // Less text for V8 to scan and pre-parse on every call (the store chunk: 688 to 520 kB);
    // identifiers keep their names, so stack traces and class names read as in src/ (and the
    // source maps place them). `faultline sources`: 380 to 360 ms, CPU 430 to 400 ms, quiet machine.
    minifyWhitespace: true,
    minifySyntax: true,
    metafile: true,
    logLevel: 'warning',
    plugins: [sourceRelativeMeta(root), externalPackages],
  });
  writeFileSync(`${dist}/meta.json`, JSON.stringify(result.metafile));
  const files = Object.keys(result.metafile.outputs).map((p) => p.split('/').pop()!);
  // The two entries keep their names (bin/faultline.js runs dist/faultline.js; the test bundles'
  // compute pools run dist/compute-worker.js), so the next build replaces them. A server starts
  // worker threads long after it started, by file: it runs this copy, named after its build.
  for (const ext of ['js', 'js.map']) {
    const text = readFileSync(`${dist}/compute-worker.${ext}`, 'utf8').replace(
      /compute-worker\.js(\.map)?/g,
      (_, map: string | undefined) => `compute-worker-${id}.js${map ?? ''}`,
    );
    writeFileSync(`${dist}/compute-worker-${id}.${ext}`, text);
    files.push(`compute-worker-${id}.${ext}`);
  }
  const record: BuildRecord = { build: id, builtAt: now.toISOString(), files };
  // Recorded, then pruned: dist/faultline.js is never missing mid-build, and files of earlier builds
  // go only once no process is likely to load them (dist-retention.ts).
  recordBuild(dist, record);
  pruneBuilds(dist, now);
  return record;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const started = performance.now();
  // bin/faultline.js runs dist/faultline.js.
  await buildCli(ROOT, `${ROOT}dist`);
  process.stderr.write(
    `CLI built in ${((performance.now() - started) / 1000).toFixed(1)} s: ${ROOT}dist/faultline.js\n`,
  );
}
