/**
 * Which stored linkage runs an answer's links come from (docs/linkage.md, "Which runs an answer
 * names"): only the runs that hold one of its records, each with the part of the answer's period
 * it supplied and the answer's records there per source version, and the parts of the period no
 * stored run covers. A run's own period and stamp may reach far beyond the question (one run over
 * 1989-2026 after GED and Candidate imports that touch), so neither is what an answer about 2019
 * rests on.
 */
import type { LinkageBasis } from '../domain/linkage-basis.ts';
import { bySourceVersion } from '../domain/version-order.ts';
import type { LinkageRun } from '../storage/stored-linkage.ts';
import { uncoveredSpans } from './analysis/meta.ts';

/** A record as the basis counts it: its start date (ISO), source and version. */
export interface BasisRecord {
  date: string;
  source: string;
  version: string;
  /** How many records of that day and source version it stands for (1 when absent): a count read per day. */
  records?: number;
}

const min = (a: string, b: string) => (a < b ? a : b);
const max = (a: string, b: string) => (a > b ? a : b);

/**
 * The `linkage` of an answer read from stored runs: of `runs` (those read), the ones holding one of
 * `records`, oldest first, and the spans of `period` that none of `stored` (every stored run) covers;
 * of `spans` only, when the answer counts parts of `period` (two periods compared: the days between
 * them are no part of the answer).
 */
export function storedBasis(
  runs: readonly LinkageRun[],
  stored: readonly LinkageRun[],
  records: readonly BasisRecord[],
  period: { from: string; to: string },
  relinked: boolean,
  spans: readonly { from: string; to: string }[] = [period],
): LinkageBasis {
  const used: LinkageBasis['runs'] = [];
  for (const r of [...runs].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    const inRun = records.filter((x) => r.from <= x.date && x.date <= r.to);
    if (!inRun.length) continue;
    const versions = new Map<string, { source: string; version: string; records: number }>();
    for (const x of inRun) {
      const key = `${x.source}\u0000${x.version}`;
      const v = versions.get(key) ?? { source: x.source, version: x.version, records: 0 };
      v.records += x.records ?? 1;
      versions.set(key, v);
    }
    const dates = inRun.map((x) => x.date).sort();
    used.push({
      from: r.from,
      to: r.to,
      computed_at: r.computedAt,
      source_versions: r.stamp.map((x) => ({ source: x.source, version: x.version, events: x.events })),
      // The run within the period asked (widened to any record of it that lies outside).
      used: {
        from: max(r.from, min(period.from, dates[0]!)),
        to: min(r.to, max(period.to, dates.at(-1)!)),
        source_versions: [...versions.values()].sort(bySourceVersion),
      },
    });
  }
  const runSpans = stored.map((r) => ({ firstDate: r.from, lastDate: r.to }));
  return {
    basis: 'stored',
    relinked,
    runs: used,
    no_run: spans.flatMap((x) => uncoveredSpans(runSpans, x.from, x.to).map(([from, to]) => ({ from, to }))),
  };
}
