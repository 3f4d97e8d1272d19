import type { Event } from '../../domain/event.ts';
import type { SourceFormat } from '../source-format.ts';
import { gedColumnShare, ucdpReleaseOf } from '../ucdp-ged/ucdp-ged-importer.ts';
import { mapUcdpRecord, UCDP_NATIVE } from '../ucdp-ged/ucdp-record.ts';
import { CANDIDATE_REQUIRED } from './ucdp-candidate-schema.ts';

/**
 * Version of a Candidate file from its name: `GEDEvent_v26_0_7` is release 26.0.7; the combined
 * `GEDEvent_v26_01_26_06` (releases 26.0.1 to 26.0.6) is recorded as 26.0.6, its newest release.
 */
export function candidateVersion(fileName: string): string | null {
  const combined = /GEDEvent_v(\d{2})_(\d{2})_(\d{2})_(\d{2})/i.exec(fileName);
  if (combined) return `${combined[3]}.0.${Number(combined[4])}`;
  const monthly = /GEDEvent_v(\d{2})_0_(\d{1,2})/i.exec(fileName);
  if (monthly) return `${monthly[1]}.0.${Number(monthly[2])}`;
  return null;
}

/** UCDP Candidate Events (monthly preliminary releases); detected from the content (`active_year` true/false), or forced with --format. */
export const ucdpCandidateFormat: SourceFormat<Event> = {
  id: 'ucdp-candidate',
  kind: 'events',
  source: 'ucdp-candidate',
  fullRelease: false,
  requiredColumns: CANDIDATE_REQUIRED,
  detect(header, _fileName, first) {
    if (gedColumnShare(header) < 0.9) return 0;
    return ucdpReleaseOf(header, first) === 'candidate' ? 0.95 : 0.1;
  },
  version(fileName) {
    const v = candidateVersion(fileName);
    return v ? { version: v, inferred: false } : null;
  },
  declaredCoverage: (fileName) => candidateCoverage(fileName),
  native: UCDP_NATIVE,
  map: (rec, version) => mapUcdpRecord(rec, 'ucdp-candidate', version),
};

const monthEnd = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).toISOString().slice(0, 10);
const monthStart = (y: number, m: number) => `${y}-${String(m).padStart(2, '0')}-01`;

/**
 * The months a Candidate file covers, from its name: `GEDEvent_v26_01_26_06` January to June 2026,
 * `GEDEvent_v26_0_7` July 2026; null when the name says neither.
 */
export function candidateCoverage(fileName: string): { from: string; to: string } | null {
  const combined = /GEDEvent_v(\d{2})_(\d{2})_(\d{2})_(\d{2})/i.exec(fileName);
  if (combined) {
    const [y1, m1, y2, m2] = combined.slice(1).map(Number) as [number, number, number, number];
    return { from: monthStart(2000 + y1, m1), to: monthEnd(2000 + y2, m2) };
  }
  const monthly = /GEDEvent_v(\d{2})_0_(\d{1,2})/i.exec(fileName);
  if (!monthly) return null;
  const [y, m] = [2000 + Number(monthly[1]), Number(monthly[2])];
  return { from: monthStart(y, m), to: monthEnd(y, m) };
}
