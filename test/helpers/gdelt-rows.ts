/**
 * The real GDELT rows the tests build their files from: 22 whole rows of GDELT's 2025-08-07 22:00
 * export (see src/ingest/gdelt/fixtures/README.md), and small tools to write and change them.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yazl from 'yazl';

/** The real 15-minute export file itself. */
export const REAL_GDELT_FILE = new URL(
  '../../src/ingest/gdelt/fixtures/20250807220000.export.CSV',
  import.meta.url,
).pathname;

/** The file's 22 rows, tab-separated, without their line ends. */
export const realGdeltRows = (): string[] => readFileSync(REAL_GDELT_FILE, 'utf8').split('\n').slice(0, -1);

/** A zip of one member, as GDELT serves each export (`compress` false: stored, as some zips are). */
export const zipOf = (member: string, data: string | Buffer, compress = true): Promise<Buffer> =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    z.addBuffer(typeof data === 'string' ? Buffer.from(data) : data, member, { compress });
    z.end();
    const parts: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts)));
  });

/** The md5 GDELT's lists give for a file, in hex. */
export const md5 = (b: Buffer): string => createHash('md5').update(b).digest('hex');

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
