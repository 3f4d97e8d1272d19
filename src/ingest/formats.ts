import { basename } from 'node:path';
import { InvalidInputError } from '../domain/errors.ts';
import { quoteValue } from '../domain/quote.ts';
import { acledCsvFormat } from './acled/acled-importer.ts';
import { dyadIndexFormat } from './dyad-index/dyad-index-importer.ts';
import { seriesFormat } from './series/series-importer.ts';
import type { FormatId, SourceFormat } from './source-format.ts';
import { statisticsFormat } from './statistics/statistics-importer.ts';
import { ucdpCandidateFormat } from './ucdp-candidate/ucdp-candidate-importer.ts';
import { ucdpGedFormat } from './ucdp-ged/ucdp-ged-importer.ts';

/** Every delimited format faultline detects by header. */
export const DELIMITED_FORMATS: readonly SourceFormat[] = [
  ucdpGedFormat,
  ucdpCandidateFormat,
  acledCsvFormat,
  statisticsFormat,
  seriesFormat,
  dyadIndexFormat,
];

/**
 * Picks the format of a file from its header and first data record (never its name), or checks a
 * forced `--input-format`. Throws a one-line error naming what the header lacks, or, for a header
 * of no known format, the option that chooses one as the caller's surface names it (`formatOption`:
 * `--input-format` in the CLI, `dataset_format` in the API).
 */
export function detectFormat(
  header: readonly string[],
  path: string,
  forced?: FormatId,
  first?: Readonly<Record<string, string>>,
  formatOption = '--input-format',
): SourceFormat {
  const name = basename(path);
  if (forced) {
    const f = DELIMITED_FORMATS.find((x) => x.id === forced);
    if (!f) throw new InvalidInputError(`unknown format: ${forced}`);
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    const missing = f.missingColumns?.(header) ?? f.requiredColumns.filter((c) => !set.has(c));
    if (missing.length)
      throw new InvalidInputError(
        `${quoteValue(name)}: not a ${forced} file: missing column ${missing.join(', ')}`,
      );
    return f;
  }
  const scored = DELIMITED_FORMATS.map((f) => ({ f, score: f.detect(header, name, first) })).sort(
    (a, b) => b.score - a.score,
  );
  if (!scored[0] || scored[0].score === 0) {
    throw new InvalidInputError(
      `${quoteValue(name)}: unrecognised format (header starts ${quoteValue(header.slice(0, 4).join(','))}); choose one with ${formatOption}`,
    );
  }
  return scored[0].f;
}
