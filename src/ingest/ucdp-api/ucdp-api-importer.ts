import type { Event } from '../../domain/event.ts';
import type { SourceFormat } from '../source-format.ts';
import { GED_REQUIRED } from '../ucdp-ged/ucdp-ged-schema.ts';
import { mapUcdpRecord, UCDP_NATIVE } from '../ucdp-ged/ucdp-record.ts';
import type { UcdpDataset } from './ucdp-api-client.ts';
import { UCDP_API_DETECT_KEYS } from './ucdp-api-schema.ts';

/** The sources a UCDP API download can hold. */
export type UcdpApiSource = 'ucdp-ged' | 'ucdp-candidate';

const DATASET_SOURCE: Record<UcdpDataset, UcdpApiSource> = { ged: 'ucdp-ged', candidate: 'ucdp-candidate' };

/** The NDJSON file name `faultline fetch ucdp` writes: `ucdp-ged-25.1-2026-11-24.ndjson` (dataset, version, download day). */
export function ucdpApiFileName(dataset: UcdpDataset, version: string, day: string): string {
  return `ucdp-${dataset}-${version}-${day}.ndjson`;
}

/** Dataset and version from a fetched file's name (`ucdp-candidate-26.0.7-2026-11-24.ndjson`), or null. */
export function ucdpApiFileVersion(fileName: string): { dataset: UcdpDataset; version: string } | null {
  const m = /ucdp-(ged|candidate)-(\d{1,2}\.\d+(?:\.\d+)?)/i.exec(fileName);
  return m ? { dataset: m[1]!.toLowerCase() as UcdpDataset, version: m[2]! } : null;
}

/**
 * UCDP API download (NDJSON, one API record per line, values as text) of GED or Candidate events,
 * mapped like the CSV releases. Not a full release: a download may be filtered by country, dates,
 * type of violence or actor, which the file does not record, so nothing stored is removed by it.
 */
export function ucdpApiFormat(source: UcdpApiSource = 'ucdp-ged'): SourceFormat<Event> {
  const dataset: UcdpDataset = source === 'ucdp-ged' ? 'ged' : 'candidate';
  return {
    id: 'ucdp-api',
    kind: 'events',
    source,
    requiredColumns: GED_REQUIRED,
    detect(header, fileName) {
      const keys = new Set(header.map((h) => h.trim().toLowerCase()));
      if (!UCDP_API_DETECT_KEYS.every((k) => keys.has(k))) return 0;
      const named = ucdpApiFileVersion(fileName);
      if (named) return DATASET_SOURCE[named.dataset] === source ? 0.95 : 0.05;
      return source === 'ucdp-ged' ? 0.6 : 0.3;
    },
    version(fileName) {
      const named = ucdpApiFileVersion(fileName);
      return named ? { version: named.version, inferred: false } : null;
    },
    // As for the CSV release: GED NN.1 covers events up to the end of year 20(NN-1).
    ...(dataset === 'ged'
      ? { inferVersion: (lastDate: string) => `${(Number(lastDate.slice(0, 4)) + 1) % 100}.1` }
      : {}),
    fullRelease: false,
    native: UCDP_NATIVE,
    map: (rec, version) => mapUcdpRecord(rec, source, version),
  };
}

/** The UCDP API format for GED (stable yearly) downloads. */
export const ucdpGedApiFormat = ucdpApiFormat('ucdp-ged');

/** The UCDP API format for Candidate (monthly preliminary) downloads. */
export const ucdpCandidateApiFormat = ucdpApiFormat('ucdp-candidate');
