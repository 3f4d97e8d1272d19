/** A Statistic is a figure a named organisation published, with the definition it used. */
export interface Statistic {
  /** Stable id derived from organisation, report, version, metric, geography and period. */
  id: string;
  organisation: string;
  report: string;
  reportVersion: string;
  /** Publication date as given (YYYY-MM or YYYY-MM-DD). */
  published: string;
  /** What is counted: attacks, killed, injured, incidents, returns, ... */
  metric: string;
  /** The publisher's definition in its own words. */
  definition: string;
  country: string;
  admin1: string | null;
  periodStart: string;
  periodEnd: string;
  value: number;
  /** `exact`, or `at_least` for figures published as "800+". */
  qualifier: 'exact' | 'at_least' | 'at_most' | 'about';
  unit: string;
}

/** The stable id of a published statistic. */
export function statisticId(s: Omit<Statistic, 'id'>): string {
  return [
    s.organisation,
    s.report,
    s.reportVersion,
    s.metric,
    s.country,
    s.admin1 ?? '',
    s.periodStart,
    s.periodEnd,
    s.definition,
  ]
    .join('|')
    .toLowerCase();
}
