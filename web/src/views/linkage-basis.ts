/**
 * The stored linkage runs an answer's links came from, in words (docs/linkage.md, "Which runs an
 * answer names"): shown under the Sources disagree view and under a deduplicated claim's evidence.
 */
import type { LinkageBasis } from '../api/types.ts';
import { fmtInt } from '../format.ts';
import { t } from '../i18n/t.ts';

/**
 * The part of the answer's period each run supplied (and the run's own period) with the answer's
 * records there per source version, then the parts no run covers.
 */
export function storedRuns(l: LinkageBasis): string {
  const runs = l.runs.map((x) =>
    t('linkage.run', {
      used: `${x.used.from}–${x.used.to}`,
      run: `${x.from}–${x.to}`,
      versions: x.used.source_versions
        .map((s) => `${s.source} ${s.version}: ${fmtInt(s.records)}`)
        .join(', '),
    }),
  );
  const gaps = l.no_run.map((g) => `${g.from}–${g.to}`);
  return [
    ...(runs.length ? runs : [t('linkage.noneUsed')]),
    ...(gaps.length ? [t('linkage.noRun', { spans: gaps.join(', ') })] : []),
  ].join('; ');
}
