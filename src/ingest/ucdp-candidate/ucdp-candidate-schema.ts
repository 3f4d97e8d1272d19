/** UCDP Candidate files use the GED columns; `code_status` may say `Check ...` and `active_year` is true/false. */
export {
  GED_COLUMNS as CANDIDATE_COLUMNS,
  GED_REQUIRED as CANDIDATE_REQUIRED,
} from '../ucdp-ged/ucdp-ged-schema.ts';

/** Candidate `code_status` values that flag a record UCDP has not yet verified. */
export const CHECK_STATUSES = [
  'Check',
  'Check dyad',
  'Check geography',
  'Check deaths',
  'Check type of violence',
  'Check vague or biased source',
] as const;
