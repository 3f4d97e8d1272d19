/**
 * The real GDELT rows the tests build their files from: 22 whole rows of GDELT's 2025-08-07 22:00
 * export (see src/ingest/gdelt/fixtures/README.md), and small tools to write and change them.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The real 15-minute export file itself. */
export const REAL_GDELT_FILE = new URL(
  '../../src/ingest/gdelt/fixtures/20250807220000.export.CSV',
  import.meta.url,
).pathname;

/** The file's 22 rows, tab-separated, without their line ends. */
export const realGdeltRows = (): string[] => readFileSync(REAL_GDELT_FILE, 'utf8').split('\n').slice(0, -1);

/** A fresh temporary folder named after `prefix`, and a writer of GDELT files (rows joined by newlines) into it. */
export function gdeltFiles(prefix: string): { dir: string; write(name: string, rows: string[]): string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return {
    dir,
    write(name, rows) {
      const p = join(dir, name);
      writeFileSync(p, rows.join('\n') + '\n');
      return p;
    },
  };
}

/** Sets GDELT field `i` (0-based) of a tab-separated row. */
export function setGdeltField(row: string, i: number, v: string): string {
  const f = row.split('\t');
  f[i] = v;
  return f.join('\t');
}
