import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, it } from 'node:test';

const SRC = new URL('../src/', import.meta.url).pathname;

/** Which layers each layer may import (docs/architecture.md). */
const ALLOWED: Record<string, string[]> = {
  domain: [],
  ingest: ['domain'],
  geo: ['domain'],
  analytics: ['domain'],
  report: ['domain'],
  storage: ['domain'],
  config: [],
  claims: ['domain', 'analytics'],
  app: ['domain', 'ingest', 'geo', 'analytics', 'report', 'storage', 'claims', 'config'],
  api: ['domain', 'app', 'storage', 'config', 'geo', 'analytics', 'report', 'claims', 'ingest'],
  // The CLI's `serve` and `start` compose the HTTP API, so the CLI may build it (never the reverse).
  cli: ['domain', 'app', 'storage', 'config', 'geo', 'analytics', 'report', 'claims', 'ingest', 'api'],
};
/** A dynamic import of a literal path: `import('../app/x.ts')`. */
const DYNAMIC = /\bimport\(\s*['"]([^'"]+)['"]\s*\)/g;
/** Engine drivers may be imported only inside their adapter folder. */
const DRIVERS: Record<string, string> = { '@duckdb/node-api': 'storage/duckdb/' };

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? files(p) : /\.ts$/.test(f) && !/\.(test|case)\.ts$/.test(f) ? [p] : [];
  });
}

describe('the layer rule', () => {
  it('every import in src/ points the allowed way and drivers stay in their adapters', () => {
    const offences: string[] = [];
    for (const file of files(SRC)) {
      const rel = relative(SRC, file);
      const layer = rel.split('/')[0]!;
      const check = (spec: string, i: number): void => {
        if (spec.startsWith('.')) {
          const target = relative(SRC, resolve(dirname(file), spec)).split('/')[0]!;
          if (target !== layer && !(ALLOWED[layer] ?? []).includes(target))
            offences.push(`${rel}:${i + 1}: ${layer} must not import ${target} (${spec})`);
        } else {
          const home = DRIVERS[spec];
          if (home && !rel.startsWith(home))
            offences.push(`${rel}:${i + 1}: ${spec} may only be imported in src/${home}`);
        }
      };
      readFileSync(file, 'utf8')
        .split('\n')
        .forEach((line, i) => {
          const m =
            /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/.exec(line) ??
            /^\s*import\s+['"]([^'"]+)['"]/.exec(line);
          // The CLI loads its heavy modules with `await import('...')`: those count too.
          const specs = [...(m ? [m[1]!] : []), ...[...line.matchAll(DYNAMIC)].map((d) => d[1]!)];
          for (const spec of specs) check(spec, i);
        });
    }
    assert.deepEqual(offences, []);
  });

  it('the check itself catches an offending line', () => {
    const line = "import { x } from '../storage/index.ts';";
    assert.match(line, /^\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]/);
    assert.ok(!ALLOWED.domain!.includes('storage'));
    const dynamic = "const { createStore } = await import('../storage/index.ts');";
    assert.deepEqual(
      [...dynamic.matchAll(DYNAMIC)].map((d) => d[1]),
      ['../storage/index.ts'],
    );
  });
});
