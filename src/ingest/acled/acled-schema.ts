/** ACLED export columns (the 2023+ layout, as documented in ACLED's codebook and API guide). */
export const ACLED_COLUMNS = [
  'event_id_cnty',
  'event_date',
  'year',
  'time_precision',
  'disorder_type',
  'event_type',
  'sub_event_type',
  'actor1',
  'assoc_actor_1',
  'inter1',
  'actor2',
  'assoc_actor_2',
  'inter2',
  'interaction',
  'civilian_targeting',
  'iso',
  'region',
  'country',
  'admin1',
  'admin2',
  'admin3',
  'location',
  'latitude',
  'longitude',
  'geo_precision',
  'source',
  'source_scale',
  'notes',
  'fatalities',
  'tags',
  'timestamp',
] as const;

/** Columns without which an ACLED record cannot become an event. */
export const ACLED_REQUIRED = ['event_id_cnty', 'event_date', 'event_type', 'country', 'fatalities'] as const;

/** ACLED event types mapped to faultline's common classification. */
export const ACLED_COMMON_TYPE = {
  Battles: 'battle',
  'Explosions/Remote violence': 'remote-violence',
  'Violence against civilians': 'violence-against-civilians',
  Protests: 'protest',
  Riots: 'riot',
  'Strategic developments': 'strategic',
} as const;

/** ACLED time_precision: 1 the day, 2 the week, 3 the month. */
export const ACLED_TIME_PRECISION = { 1: 'day', 2: 'week', 3: 'month' } as const;

/** ACLED geo_precision 1 (the place) and 2 (near it) are precise enough for district placement; 3 is a region. */
export const ACLED_EXACT_GEO_PRECISION = 2;
