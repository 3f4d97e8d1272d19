/** Column layout of UCDP GED event files (global release, HDX extract, Candidate and API records). */

/** The 49 columns of a GED or Candidate CSV, in order. HDX extracts add `iso3` after `country`. */
export const GED_COLUMNS = [
  'id',
  'relid',
  'year',
  'active_year',
  'code_status',
  'type_of_violence',
  'conflict_dset_id',
  'conflict_new_id',
  'conflict_name',
  'dyad_dset_id',
  'dyad_new_id',
  'dyad_name',
  'side_a_dset_id',
  'side_a_new_id',
  'side_a',
  'side_b_dset_id',
  'side_b_new_id',
  'side_b',
  'number_of_sources',
  'source_article',
  'source_office',
  'source_date',
  'source_headline',
  'source_original',
  'where_prec',
  'where_coordinates',
  'where_description',
  'adm_1',
  'adm_2',
  'latitude',
  'longitude',
  'geom_wkt',
  'priogrid_gid',
  'country',
  'country_id',
  'region',
  'event_clarity',
  'date_prec',
  'date_start',
  'date_end',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
  'best',
  'high',
  'low',
  'gwnoa',
  'gwnob',
] as const;

/** Columns without which a GED record cannot become an event. */
export const GED_REQUIRED = [
  'id',
  'type_of_violence',
  'date_start',
  'date_end',
  'country',
  'best',
  'side_a',
  'side_b',
] as const;

/** UCDP's names for its three types of organised violence. */
export const VIOLENCE_TYPES: Record<string, 'state-based' | 'non-state' | 'one-sided'> = {
  '1': 'state-based',
  '2': 'non-state',
  '3': 'one-sided',
};

/**
 * UCDP date_prec codes (GED codebook): 1 exact day, 2 within 2-6 days, 3 the week, 4 within 8-30
 * days or the month, 5 more than a month but within one calendar year, or only the year. Code 5
 * maps to `year`, the one precision that holds every such span (there is none between a month and
 * a year); its date_start..date_end may be shorter (docs/methods.md).
 */
export const DATE_PRECISION = { 1: 'day', 2: 'week', 3: 'week', 4: 'month', 5: 'year' } as const;

/** Largest where_prec at which coordinates are precise enough for district placement (1-3: exact to district). */
export const UCDP_EXACT_WHERE_PREC = 3;
