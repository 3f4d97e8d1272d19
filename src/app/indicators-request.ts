/**
 * The published-figures filter as the CLI's options and the API's parameters give it: the same six
 * fields for `GET /statistics`, `GET /statistics/months` and `faultline indicators`, absent ones
 * left out. Kept apart from indicators.ts so the CLI builds it without loading the use case.
 */
import type { IndicatorsRequest } from './indicators.ts';

const FIELDS = ['metric', 'organisation', 'country', 'origin', 'from', 'to'] as const;

/** The request of the fields given (a field given as undefined is left out, not set to undefined). */
export function indicatorsRequest(given: {
  readonly [K in (typeof FIELDS)[number]]?: string | undefined;
}): IndicatorsRequest {
  const request: IndicatorsRequest = {};
  for (const k of FIELDS) {
    const v = given[k];
    if (v !== undefined) request[k] = v;
  }
  return request;
}
