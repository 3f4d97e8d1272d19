import type { Event } from '../../domain/event.ts';
import { ACLED_NATIVE, acledVersion } from '../acled/acled-importer.ts';
import { mapAcledRecord } from '../acled/acled-record.ts';
import { ACLED_COLUMNS, ACLED_REQUIRED } from '../acled/acled-schema.ts';
import type { SourceFormat } from '../source-format.ts';
import { ACLED_API_DETECT_KEYS } from './acled-api-schema.ts';

/**
 * The NDJSON file name `faultline fetch acled` writes: `acled-pakistan-2026-11-24.ndjson`. The
 * download day comes last because it is the version (ACLED revises rows without release numbers).
 */
export function acledApiFileName(label: string, day: string): string {
  const slug = label
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `acled-${slug ? `${slug}-` : ''}${day}.ndjson`;
}

/**
 * ACLED API download (NDJSON, one API record per line, values as text). Version: the last date in
 * the file name, the download day. Not a full release: a download is whatever its filters chose.
 */
export const acledApiFormat: SourceFormat<Event> = {
  id: 'acled-api',
  kind: 'events',
  source: 'acled',
  fullRelease: false,
  requiredColumns: ACLED_REQUIRED,
  detect(header) {
    const keys = new Set(header.map((h) => h.trim().toLowerCase()));
    if (!ACLED_API_DETECT_KEYS.every((k) => keys.has(k))) return 0;
    return ACLED_COLUMNS.filter((c) => keys.has(c)).length / ACLED_COLUMNS.length;
  },
  version(fileName) {
    const v = acledVersion(fileName);
    return v ? { version: v, inferred: false } : null;
  },
  native: ACLED_NATIVE,
  map: mapAcledRecord,
};
