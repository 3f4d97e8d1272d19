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
  native: UCDP_NATIVE,
  map: (rec, version) => mapUcdpRecord(rec, 'ucdp-candidate', version),
};
