/** The text that names one source version in a figure's source line. */
import type { SourceUse } from '../api/types.ts';
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';

/**
 * One source version as a figure's source line names it: "ucdp-candidate 26.0.6 (200 events,
 * preliminary)". Candidate (preliminary) and GED (final) say which they are, so that a figure
 * summing both is not read as final.
 */
export function sourceEntry(s: SourceUse): string {
  const values = { source: s.source, version: s.version, n: fmtInt(s.events) };
  if (s.release === 'preliminary') return t('sources.entry.preliminary', values);
  if (s.release === 'final') return t('sources.entry.final', values);
  return t('sources.entry', values);
}

/**
 * One source version named without a count, marked as sourceEntry marks it: "ucdp-candidate 26.0.6
 * (preliminary)". For a line over figures whose per-version counts would not add up (the actor
 * groups: an event naming members of two groups counts in both).
 */
export function sourceVersionEntry(s: Omit<SourceUse, 'events'>): string {
  const values = { source: s.source, version: s.version };
  if (s.release === 'preliminary') return t('sources.version.preliminary', values);
  if (s.release === 'final') return t('sources.version.final', values);
  return t('sources.version', values);
}
