// Compiles the test run's entries (scripts/test-entries.mjs) ahead of the run: each entry, a test
// file or a group of light ones, becomes one ES module with everything it imports from src/ and
// test/ inlined (esbuild; npm packages stay imports), and a source map beside it.
//
// Why: under tsx every test process transpiles or looks up each TypeScript module it loads through
// the loader's hooks, which cost about a second of CPU per process on the project's 2-core machine,
// and a run starts some 45 processes; and the first process to load a module transpiles it, since
// the run's tsx cache is new. esbuild compiles the whole suite's entries in a few seconds.
//
// What stays as under tsx: each module's `import.meta.url` (and `dirname`, `filename`) is its
// source file's (fixtures and data are found beside the sources), JSON files of npm packages are
// inlined, and stack traces name the TypeScript lines when node runs with --enable-source-maps
// (scripts/test.sh passes it). The API's compute pool runs its worker threads from
// dist/compute-worker.js, as the shipped CLI does.
//
// The bundles import npm packages by name, so OUT_DIR must lie inside the repository (node resolves
// them from node_modules above it).
//
// Usage: node scripts/bundle-tests.mjs OUT_DIR ENTRY... ; prints the bundles, one per line, in the
// entries' order.
import console from 'node:console';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { basename, dirname, extname, join, resolve } from 'node:path';
import process from 'node:process';
import { pathToFileURL } from 'node:url';
import { build, transform } from 'esbuild';

const [outDir, ...entries] = process.argv.slice(2);
if (!outDir || entries.length === 0) {
  console.error('usage: node scripts/bundle-tests.mjs OUT_DIR ENTRY...');
  process.exit(2);
}
const require = createRequire(pathToFileURL(join(process.cwd(), 'package.json')));

const tsconfigRaw = JSON.parse(await readFile('tsconfig.json', 'utf8'));

/** Keeps what tsx gives each module: its own `import.meta.url` (and `dirname`, `filename`), and JSON of npm packages without import attributes. */
const asUnderTsx = {
  name: 'as-under-tsx',
  setup(b) {
    // `define` replaces the expression only where it is code (not inside a string or a comment).
    b.onLoad({ filter: /\.tsx?$/ }, async ({ path }) => ({
      contents: (
        await transform(await readFile(path, 'utf8'), {
          loader: path.endsWith('x') ? 'tsx' : 'ts',
          // FAULTLINE_BUNDLED as in dist/: the API's compute pool then runs its workers from the
          // compiled dist/compute-worker.js (scripts/test.sh builds dist/ first), the file users run,
          // instead of starting tsx in every worker thread (about twice the CPU per worker).
          define: {
            'import.meta.url': JSON.stringify(pathToFileURL(path).href),
            'import.meta.dirname': JSON.stringify(dirname(path)),
            'import.meta.filename': JSON.stringify(path),
            FAULTLINE_BUNDLED: 'true',
          },
          sourcefile: path,
          sourcemap: 'inline',
          tsconfigRaw,
        })
      ).code,
      loader: 'js',
    }));
    b.onResolve({ filter: /\.json$/ }, ({ path }) =>
      /^[./]/.test(path) ? undefined : { path: require.resolve(path) },
    );
  },
};

await build({
  entryPoints: entries.map((e) => ({ in: e, out: basename(e, extname(e)) })),
  outdir: resolve(outDir),
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  plugins: [asUnderTsx],
  logLevel: 'warning',
});
process.stdout.write(
  entries.map((e) => join(resolve(outDir), `${basename(e, extname(e))}.mjs`)).join('\n') + '\n',
);
