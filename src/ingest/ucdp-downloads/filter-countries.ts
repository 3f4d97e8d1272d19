/**
 * Keeps the records of some countries from a UCDP CSV stream (GED release or Candidate file),
 * byte for byte: the header and each kept record are written as the source had them, so the
 * importer's archive and record hashes see UCDP's own text.
 */
import { createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parse } from 'csv-parse';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import { diskError } from './disk-error.ts';
import { toIso3 } from '../countries.ts';
import { GED_REQUIRED } from '../ucdp-ged/ucdp-ged-schema.ts';

/** A record's text with one line end: csv-parse's `raw` holds the record's own, except at the end of a file without one. */
const line = (raw: string) => (raw.endsWith('\n') ? raw : `${raw}\n`);

/** What a filtering pass read and kept. */
export interface FilterReport {
  /** Records read (the header not counted). */
  read: number;
  /** Records kept. */
  kept: number;
  /** Kept records per ISO3 country. */
  byCountry: Record<string, number>;
  /** Records with another number of fields than the header, kept whatever their country (included in `kept`). */
  malformed: number;
}

/**
 * Writes the records of `countries` (ISO3; null keeps all) from a CSV stream to `out`, and every
 * record whose number of fields differs from the header's (the importer rejects it). Throws a
 * one-line InvalidInputError naming `what` when the header lacks a GED column (a release whose
 * columns changed) or the text is not CSV, and a StoreError naming `out` when it cannot be written
 * (a full disk: not the file's fault); `out` is removed on failure.
 */
export async function filterCountries(
  input: Readable,
  out: string,
  countries: ReadonlySet<string> | null,
  what: string,
): Promise<FilterReport> {
  const report: FilterReport = { read: 0, kept: 0, byCountry: {}, malformed: 0 };
  let countryAt = -1;
  let fields = 0;
  const parser = parse({ raw: true, relax_column_count: true, bom: true });
  const sink = createWriteStream(out);
  let sinkError: unknown;
  sink.on('error', (e) => (sinkError ??= e));
  try {
    await pipeline(
      input,
      parser,
      async function* (records: AsyncIterable<{ record: string[]; raw: string }>) {
        for await (const { record, raw } of records) {
          if (countryAt < 0) {
            const header = record.map((h) => h.trim().toLowerCase());
            const missing = GED_REQUIRED.filter((c) => !header.includes(c));
            if (missing.length)
              throw new InvalidInputError(
                `${quoteValue(what)}: the columns changed: missing ${missing.slice(0, 5).join(', ')} (header starts ${quoteValue(record.slice(0, 3).join(','))})`,
              );
            countryAt = header.indexOf('country');
            fields = record.length;
            yield line(raw);
            continue;
          }
          if (record.length === 1 && record[0] === '') continue; // a blank line, which the importer skips too
          report.read++;
          if (record.length !== fields) {
            // Its country cannot be trusted: the importer rejects it with its reason, where
            // `faultline rejections` shows it, instead of the filter dropping it unseen.
            report.malformed++;
            report.kept++;
            yield line(raw);
            continue;
          }
          const iso3 = toIso3(record[countryAt]) ?? '';
          if (countries !== null && !countries.has(iso3)) continue;
          report.kept++;
          report.byCountry[iso3] = (report.byCountry[iso3] ?? 0) + 1;
          yield line(raw);
        }
        if (countryAt < 0) throw new InvalidInputError(`${quoteValue(what)}: empty file`);
      },
      sink,
    );
  } catch (e) {
    await rm(out, { force: true });
    if (sinkError !== undefined) throw diskError('write', out, sinkError);
    if (e instanceof InvalidInputError) throw e;
    throw new InvalidInputError(
      `${quoteValue(what)}: not a readable CSV: ${(e as Error).message.split('\n')[0]!.slice(0, 200)}`,
    );
  }
  return report;
}
