/**
 * Whether a dataset's figures are final or preliminary. UCDP's Candidate events are monthly,
 * preliminary releases: UCDP revises them, and drops some, before the annual GED release, which is
 * final. A figure from Candidate says so beside one from GED, so that a reader does not weigh the
 * two alike.
 */
import { counted } from './plural.ts';

/** `final`: a release the publisher will not revise; `preliminary`: one it will. */
export type Release = 'final' | 'preliminary';

const RELEASE: Readonly<Record<string, Release>> = {
  'ucdp-ged': 'final',
  'ucdp-candidate': 'preliminary',
};

/** The release status of a source's figures; null for a source that declares none (ACLED, a CSV, the desk). */
export function releaseOf(source: string): Release | null {
  return RELEASE[source] ?? null;
}

/**
 * One source version as an answer's source line names it, with its events and release status:
 * `ucdp-candidate 26.0.6 (200 events, preliminary)`, `ucdp-ged 22.1 (23 events, final)`, `acled x
 * (4 events)`. The CLI's `sources:` line and the API's `x-faultline-sources` header both use it.
 */
export function sourceUseText(s: {
  source: string;
  version: string;
  events: number;
  release?: Release | null;
}): string {
  return `${s.source} ${s.version} (${counted(s.events, 'event')}${s.release ? `, ${s.release}` : ''})`;
}
