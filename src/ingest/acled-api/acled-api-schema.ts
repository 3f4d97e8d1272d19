import { z } from 'zod';
import { ACLED_COLUMNS } from '../acled/acled-schema.ts';

/** Shape of ACLED API (2025+, acleddata.com) token and read responses, as its API guide documents them. */

/** Field names of an API event record: the export CSV column names. */
export const ACLED_API_FIELDS = ACLED_COLUMNS;

/** Keys whose presence marks a record as an ACLED event. */
export const ACLED_API_DETECT_KEYS = ['event_id_cnty', 'event_date', 'event_type', 'fatalities'] as const;

/** Rows per page ACLED serves by default (and faultline asks for). */
export const ACLED_DEFAULT_LIMIT = 5000;

/** The OAuth client id ACLED documents for its password grant. */
export const ACLED_CLIENT_ID = 'acled';

/** Answer of `POST /oauth/token` (password or refresh_token grant). */
export const AcledTokenSchema = z.object({
  access_token: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  expires_in: z.number().optional(),
  token_type: z.string(),
});

/** A token answer. */
export type AcledToken = z.infer<typeof AcledTokenSchema>;

/** Answer of `GET /api/acled/read?_format=json`; `data` records keep their values as received. */
export const AcledReadSchema = z.object({
  // Only `data` is relied on; the envelope fields are checked loosely.
  status: z.union([z.number(), z.string()]).optional(),
  success: z.boolean().optional(),
  count: z.union([z.number(), z.string()]).optional(),
  data: z.array(z.record(z.string(), z.unknown())),
});

/** An answer that reports a failure in its body (`success: false`); the shape of `error` is not documented, so it is shown as text. */
export const AcledFailureSchema = z.object({
  success: z.literal(false),
  error: z.unknown().optional(),
  messages: z.unknown().optional(),
});

/** A read answer. */
export type AcledReadPage = z.infer<typeof AcledReadSchema>;

/** One event record as the API sends it. */
export type AcledApiRecord = AcledReadPage['data'][number];
