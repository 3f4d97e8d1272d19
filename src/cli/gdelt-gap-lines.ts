/**
 * How the table format says a GDELT fetch's gaps (`faultline fetch gdelt`, the GDELT part of
 * `faultline update`): each on a line with its kind, and a count per kind.
 */
import { grouped } from '../domain/format-number.ts';
import type { GdeltGapRow } from '../app/answers.ts';
import { GDELT_GAP_KINDS, GDELT_GAP_MEANINGS } from '../domain/gdelt-gap-kind.ts';

/** One gap on a line: `  gap 20250807221500 (missing-upstream): download failed: "...": HTTP 404 (not published)`. */
export const gapLine = (g: GdeltGapRow): string => `  gap ${g.slice} (${g.kind}): ${g.reason}`;

/** The gaps counted per kind, in the vocabulary's order: `by kind: unlisted 1, checksum 2`. */
export function gapKindCounts(gaps: readonly GdeltGapRow[]): string {
  const counts = GDELT_GAP_KINDS.map((k) => [k, gaps.filter((g) => g.kind === k).length] as const);
  return `by kind: ${counts
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${k} ${grouped(n)}`)
    .join(', ')}`;
}

/** The kinds with what each means, one a line, for `--help`. */
export const gapKindsHelp = (): string =>
  GDELT_GAP_KINDS.map((k) => `  ${k.padEnd(18)}${GDELT_GAP_MEANINGS[k]}`).join('\n');
