/**
 * Columns of a published indicator series CSV (docs/importing.md, "Indicator series"): one row per
 * published figure. Each field may be written under any of its names; the first is the canonical one.
 */
export const SERIES_FIELDS = {
  organisation: ['organisation', 'organization', 'source_org'],
  report: ['report'],
  version: ['version', 'report_version'],
  publication_date: ['publication_date', 'published'],
  url: ['url', 'source_url'],
  indicator: ['indicator', 'metric'],
  definition: ['definition'],
  geography: ['geography', 'geography_from', 'country', 'country_from'],
  geography_to: ['geography_to', 'country_to'],
  period_start: ['period_start'],
  period_end: ['period_end'],
  value: ['value'],
  qualifier: ['qualifier', 'value_qualifier'],
  unit: ['unit'],
  quote: ['quote'],
} as const;

/** A canonical series field. */
export type SeriesField = keyof typeof SERIES_FIELDS;

/** Fields every row must give. */
export const SERIES_REQUIRED: readonly SeriesField[] = [
  'organisation',
  'report',
  'indicator',
  'geography',
  'period_end',
  'value',
  'unit',
];

/** Largest magnitude a series value may have (beyond it a typing error is more likely than a figure). */
export const MAX_SERIES_VALUE = 1e15;
