/** Columns of the published-statistics CSV (data/published-statistics/pakistan_security_reports.csv). */
export const STATISTICS_COLUMNS = [
  'source_org',
  'report',
  'report_version',
  'published',
  'metric',
  'definition',
  'country',
  'admin1',
  'period_start',
  'period_end',
  'value',
  'value_qualifier',
  'unit',
] as const;

/** Qualifiers a published figure may carry. */
export const QUALIFIERS = ['exact', 'at_least', 'at_most', 'about'] as const;
