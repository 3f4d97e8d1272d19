import { z } from 'zod';
import { GED_COLUMNS } from '../ucdp-ged/ucdp-ged-schema.ts';

/** Shape of UCDP API responses and records (https://ucdp.uu.se/apidocs/, `GedDbAPIResponse`). */

/** The API resource that serves both GED and Candidate events; the version picks the dataset (25.1 vs 26.0.7). */
export const UCDP_EVENTS_RESOURCE = 'gedevents';

/** Field names of an API event record: the GED CSV column names (the API has no HDX `iso3`). */
export const UCDP_API_FIELDS = GED_COLUMNS;

/** Keys whose presence marks a record as a UCDP event. */
export const UCDP_API_DETECT_KEYS = ['id', 'type_of_violence', 'best', 'side_a'] as const;

/** Largest page size the API serves. */
export const UCDP_MAX_PAGE_SIZE = 1000;

/** Release versions per dataset: GED is yearly (`25.1`), Candidate monthly (`26.0.7`). */
export const UCDP_VERSION_PATTERN = { ged: /^\d{1,2}\.\d$/, candidate: /^\d{2}\.0\.\d{1,2}$/ } as const;

/** One page of an API answer; values are kept as received (numbers, strings, booleans, null). */
export const UcdpPageSchema = z.object({
  TotalCount: z.number().int().nonnegative(),
  TotalPages: z.number().int().nonnegative(),
  // The API sends "" on the first and last page; its OpenAPI file allows null, so both are accepted.
  PreviousPageUrl: z.string().nullable(),
  NextPageUrl: z.string().nullable(),
  Result: z.array(z.record(z.string(), z.unknown())),
});

/** One page of an API answer. */
export type UcdpPage = z.infer<typeof UcdpPageSchema>;

/** One event record as the API sends it. */
export type UcdpApiRecord = UcdpPage['Result'][number];
