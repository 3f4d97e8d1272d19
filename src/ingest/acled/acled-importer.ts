import type { Event } from '../../domain/event.ts';
import type { SourceFormat } from '../source-format.ts';
import { mapAcledRecord } from './acled-record.ts';
import {
  ACLED_COLUMNS,
  ACLED_COMMON_TYPE,
  ACLED_EXACT_GEO_PRECISION,
  ACLED_REQUIRED,
  ACLED_TIME_PRECISION,
} from './acled-schema.ts';

/** The native twin of mapAcledRecord: the same checks and values, run by the store over a whole file (CSV export or API download). */
export const ACLED_NATIVE = {
  name: 'acled',
  params: {
    commonTypes: ACLED_COMMON_TYPE,
    timePrecision: ACLED_TIME_PRECISION,
    exactGeoPrecision: ACLED_EXACT_GEO_PRECISION,
  },
} as const satisfies SourceFormat['native'];

/** Version of an ACLED file: the export date in its name (`2024-03-01-2025-...`) or the download date. */
export function acledVersion(fileName: string): string | null {
  const dates = fileName.match(/\d{4}-\d{2}-\d{2}/g);
  return dates ? dates[dates.length - 1]! : null;
}

/** The period an ACLED export was requested for, from the first and last date in its name (`acled_2024-01-01-2024-03-31.csv`). */
export function acledCoverage(fileName: string): { from: string; to: string } | null {
  const dates = fileName.match(/\d{4}-\d{2}-\d{2}/g);
  return dates && dates.length >= 2 ? { from: dates[0]!, to: dates[dates.length - 1]! } : null;
}

/** ACLED export CSV (from the Data Export Tool or the API with `_format=csv`). */
export const acledCsvFormat: SourceFormat<Event> = {
  id: 'acled-csv',
  kind: 'events',
  source: 'acled',
  fullRelease: false,
  requiredColumns: ACLED_REQUIRED,
  detect(header) {
    const set = new Set(header.map((h) => h.trim().toLowerCase()));
    if (!ACLED_REQUIRED.every((c) => set.has(c))) return 0;
    return ACLED_COLUMNS.filter((c) => set.has(c)).length / ACLED_COLUMNS.length;
  },
  version(fileName) {
    const v = acledVersion(fileName);
    return v ? { version: v, inferred: false } : null;
  },
  declaredCoverage: (fileName) => acledCoverage(fileName),
  native: ACLED_NATIVE,
  map: mapAcledRecord,
};
