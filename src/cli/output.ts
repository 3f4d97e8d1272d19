import { csvCell } from '../app/csv.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { readable } from './readable.ts';

/** Output formats shared by every listing command. */
export type OutputFormat = 'table' | 'csv' | 'json' | 'ndjson';
export const OUTPUT_FORMATS: readonly OutputFormat[] = ['table', 'csv', 'json', 'ndjson'];

export { csvCell } from '../app/csv.ts';

/** Renders rows (plain objects with the same keys) in the chosen format; tables round numbers (readable.ts). */
export function render(objects: readonly object[], format: OutputFormat, columns?: string[]): string {
  // Answer types are interfaces without an index signature; a row is read by its keys.
  const rows = objects as readonly Record<string, unknown>[];
  const cols = columns ?? (rows[0] ? Object.keys(rows[0]) : []);
  switch (format) {
    case 'json':
      return JSON.stringify(rows, null, 2) + '\n';
    case 'ndjson':
      return rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');
    case 'csv':
      return [cols.join(','), ...rows.map((r) => cols.map((c) => csvCell(r[c])).join(','))].join('\n') + '\n';
    case 'table': {
      const cell = (v: unknown, c: string) =>
        (v === null || v === undefined
          ? ''
          : Array.isArray(v)
            ? v.join('; ')
            : typeof v === 'number'
              ? readable(v, c)
              : String(v)
        )
          .replace(/\s+/g, ' ')
          .slice(0, 48);
      const widths = cols.map((c) => Math.max(c.length, ...rows.map((r) => cell(r[c], c).length)));
      const line = (vals: string[]) =>
        vals
          .map((v, i) => v.padEnd(widths[i]!))
          .join('  ')
          .trimEnd();
      return (
        [
          line(cols),
          line(widths.map((w) => '-'.repeat(w))),
          ...rows.map((r) => line(cols.map((c) => cell(r[c], c)))),
        ].join('\n') + '\n'
      );
    }
  }
}

/** Checks a `--format` value. */
export function outputFormat(v: string): OutputFormat {
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v))
    throw new InvalidInputError(`invalid format: ${v} (use ${OUTPUT_FORMATS.join(', ')})`);
  return v as OutputFormat;
}
