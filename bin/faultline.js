#!/usr/bin/env node
// Entry point of the `faultline` command: runs the compiled CLI in dist/ (built by `npm install`
// or `npm run build`) with plain node, so a call costs node's own start-up, not a TypeScript compile.
import { existsSync } from 'node:fs';
import process from 'node:process';
import { URL } from 'node:url';

// DuckDB's reads and writes each hold a libuv thread while they run (3 readers, a writer and 2
// export streams by default): more threads than libuv's default 4, so file reads and uploads never
// wait behind them.
process.env.UV_THREADPOOL_SIZE ??= '8';

const main = new URL('../dist/faultline.js', import.meta.url);
if (!existsSync(main)) {
  process.stderr.write('faultline is not built: run `npm run build` (dist/faultline.js is missing)\n');
  process.exit(1);
}
await import(main.href);
