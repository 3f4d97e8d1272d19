/**
 * Published statistics as figures a claim can be checked against: rows of the same report version
 * that together give the claim's metric for its country, admin-1 units and period (casualties add
 * killed and injured; several provinces add up), each report version on its own.
 */
import { formatNumber } from '../domain/format-number.ts';
import type { Statistic } from '../domain/statistic.ts';
import type { ClaimMetric } from './claim-spec.ts';
import { classifyStatistic, type DefinitionClass, type Inclusion, type VictimScope } from './definitions.ts';
import type { StatisticPart } from './evidence.ts';
import type { FigureRange } from './judge.ts';

/** A published statistic with its admin-1 unit resolved to a canonical code (null for national figures). */
export interface ClaimStatistic extends Statistic {
  admin1Code: string | null;
  /** The sha256 of the imported file the figure was read from, when known. */
  fileSha256?: string | null;
  /** The 1-based line of that file the figure's record starts on, when known. */
  line?: number | null;
}

/** Statistic metrics that answer each claim metric: alternatives, each a list of parts to add. */
export const STATISTIC_METRICS: Readonly<Record<ClaimMetric, readonly (readonly string[])[]>> = {
  deaths: [['killed']],
  injured: [['injured']],
  casualties: [['killed', 'injured']],
  attacks: [['attacks'], ['incidents']],
  events: [['incidents'], ['attacks']],
  returns: [['returns']],
  deportations: [['deportations']],
  relations_index: [],
};

/**
 * Units a figure must have to answer a claim metric (returns count people, not shares or daily
 * rates; `people` and `individuals` as some publishers write `persons`); any when absent.
 */
export const STATISTIC_UNITS: Readonly<Partial<Record<ClaimMetric, readonly string[]>>> = {
  returns: ['persons', 'people', 'individuals'],
  deportations: ['persons', 'people', 'individuals'],
};

/** One report version's figure for a claim's metric, or why that version cannot give it. */
export interface StatisticFigure {
  organisation: string;
  report: string;
  reportVersion: string;
  published: string;
  /** The statistic metrics added together (killed + injured). */
  parts: readonly string[];
  victims: VictimScope;
  definitionClass: DefinitionClass;
  /** Definitions of the parts, joined. */
  definition: string;
  value: number;
  range: FigureRange;
  qualifier: string;
  rows: StatisticPart[];
  /** Why the version cannot give the figure (a part is missing), else null. */
  missing: string | null;
}

/** What to look for: a metric over a country, its admin-1 units (none: national figures) and an exact period. */
export interface StatisticQuery {
  metric: ClaimMetric;
  country: string;
  admin1: readonly string[];
  /** For figures of a country pair (returns): the destination, or null for any. */
  destination?: string | null;
  from: string;
  to: string;
}

/** True when the figure is of the query's country (to its destination) and admin-1 units (none: national). */
export function samePlace(s: ClaimStatistic, q: Omit<StatisticQuery, 'metric' | 'from' | 'to'>): boolean {
  return (
    s.country === q.country &&
    (!q.destination || s.countryTo === q.destination) &&
    (q.admin1.length ? s.admin1Code !== null && q.admin1.includes(s.admin1Code) : s.admin1 === null)
  );
}

/** Every report version's figure for the query (complete or not), in a stable order. */
export function statisticFigures(stats: readonly ClaimStatistic[], q: StatisticQuery): StatisticFigure[] {
  const codes = new Set(q.admin1);
  const units = STATISTIC_UNITS[q.metric];
  const rows = stats.filter(
    (s) =>
      samePlace(s, q) &&
      (!units || units.includes(s.unit)) &&
      s.periodStart === q.from &&
      s.periodEnd === q.to,
  );
  const groups = new Map<string, ClaimStatistic[]>();
  for (const s of rows) {
    const key = JSON.stringify([
      s.organisation,
      s.report,
      s.reportVersion,
      s.published,
      classifyStatistic(s).victims,
    ]);
    groups.set(key, [...(groups.get(key) ?? []), s]);
  }
  const figures: StatisticFigure[] = [];
  for (const group of groups.values()) {
    for (const alternative of STATISTIC_METRICS[q.metric]) {
      const mine = group.filter((s) => alternative.includes(s.metric));
      if (!mine.length) continue;
      figures.push(figure(group[0]!, alternative, mine, codes.size ? [...codes] : [null]));
    }
  }
  return figures.sort(
    (a, b) =>
      cmp(a.organisation, b.organisation) ||
      cmp(a.published, b.published) ||
      cmp(a.report, b.report) ||
      cmp(a.reportVersion, b.reportVersion) ||
      cmp(a.parts.join(), b.parts.join()),
  );
}

function figure(
  head: ClaimStatistic,
  parts: readonly string[],
  rows: ClaimStatistic[],
  units: (string | null)[],
): StatisticFigure {
  const used: ClaimStatistic[] = [];
  const missing: string[] = [];
  for (const metric of parts)
    for (const unit of units) {
      const hit = rows.find((s) => s.metric === metric && s.admin1Code === unit);
      if (hit) used.push(hit);
      else missing.push(unit ? `${metric} in ${unit}` : metric);
    }
  const classes = used.map(classifyStatistic);
  const lo = used.reduce((n, s) => n + s.value, 0);
  const open = used.some((s) => s.qualifier === 'at_least');
  const capped = used.some((s) => s.qualifier === 'at_most');
  const qualifier = used.every((s) => s.qualifier === 'exact')
    ? 'exact'
    : open && !capped
      ? 'at_least'
      : capped && !open
        ? 'at_most'
        : used.some((s) => s.qualifier === 'about') && !open && !capped
          ? 'about'
          : 'mixed';
  const givenOnly = used.map((s) => `${s.metric} ${formatNumber(s.value, 3)}`).join(', ');
  return {
    organisation: head.organisation,
    report: head.report,
    reportVersion: head.reportVersion,
    published: head.published,
    parts,
    victims: classifyStatistic(head).victims,
    definitionClass: {
      operations: combine(classes.map((c) => c.operations)),
      militants: combine(classes.map((c) => c.militants)),
      victims: classifyStatistic(head).victims,
    },
    definition: [...new Set(used.map((s) => `${s.metric}: ${s.definition}`))].join('; '),
    value: lo,
    range:
      qualifier === 'at_least'
        ? { lo, hi: Infinity }
        : qualifier === 'at_most'
          ? { lo: 0, hi: lo }
          : qualifier === 'mixed'
            ? { lo: 0, hi: Infinity }
            : { lo, hi: lo },
    qualifier,
    rows: used.map(statisticPart),
    missing: missing.length
      ? `this version publishes ${givenOnly || 'no part'} but no ${missing.join(' or ')}`
      : null,
  };
}

/** A figure as an evidence part: its id, value and qualifier, page and quote, file and line. */
export function statisticPart(s: ClaimStatistic): StatisticPart {
  return {
    statistic_id: s.id,
    metric: s.metric,
    admin1: s.admin1Code,
    value: s.value,
    qualifier: s.qualifier,
    definition: s.definition,
    ...(s.url ? { url: s.url } : {}),
    ...(s.quote ? { quote: s.quote } : {}),
    ...(s.geography ? { geography: s.geography } : {}),
    file_sha256: s.fileSha256 ?? null,
    line: s.line ?? null,
  };
}

/** Inclusions of the parts combined: agreed, or the one that is stated, else unknown. */
function combine(values: Inclusion[]): Inclusion {
  const stated = [...new Set(values.filter((v) => v !== 'unknown'))];
  return stated.length === 1 ? stated[0]! : 'unknown';
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** Same parts and victims; definitions that differ only where one of them is silent still pair. */
export function sameMeasure(a: StatisticFigure, b: StatisticFigure): boolean {
  const x = a.definitionClass,
    y = b.definitionClass;
  const agree = (p: string, q: string) => p === q || p === 'unknown' || q === 'unknown';
  return (
    a.parts.join() === b.parts.join() &&
    x.victims === y.victims &&
    agree(x.operations, y.operations) &&
    agree(x.militants, y.militants)
  );
}
