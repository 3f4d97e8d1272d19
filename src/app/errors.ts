/** Errors the use cases raise beyond the domain's: limits, time-outs and access. Each has a stable code. */
import { FaultlineError } from '../domain/errors.ts';
import { grouped } from '../domain/format-number.ts';

// The query errors live in the domain so storage can raise them when it interrupts a query.
export { QueryCancelledError, QueryTimeoutError } from '../domain/errors.ts';

/** An answer would have more rows than the export limit allows (HTTP 413). */
export class ExportTooLargeError extends FaultlineError {
  constructor(
    readonly rows: number,
    readonly limit: number,
  ) {
    super(
      'export_too_large',
      `export too large: ${grouped(rows)} rows (limit ${grouped(limit)}); narrow the period or filters, use a coarser interval or fewer groups, or page through /api/v1/events with limit and cursor`,
    );
  }
}

/** A series answer would hold more metric values than one answer may (HTTP 413), whatever its format. */
export class SeriesTooLargeError extends FaultlineError {
  constructor(points: number, metrics: number, per100k: boolean, limit: number) {
    const values = points * metrics * (per100k ? 2 : 1);
    super(
      'export_too_large',
      `series too large: ${grouped(points)} points x ${metrics} metric${metrics === 1 ? '' : 's'}${per100k ? ' x 2 (per_100k)' : ''} = ${grouped(values)} values (limit ${grouped(limit)}); use a coarser interval, fewer groups, fewer metrics (metrics=events,fatalities_best) or a shorter period`,
    );
  }
}

/** A relations answer would hold more points (periods x series) than one answer may (HTTP 413). */
export class RelationsTooLargeError extends FaultlineError {
  constructor(points: number, series: number, limit: number) {
    super(
      'export_too_large',
      `relations too large: ${grouped(points)} points over ${grouped(series)} series (limit ${grouped(limit)}); use a coarser interval or a shorter period`,
    );
  }
}

/** A request body sent as a media type its route does not take (HTTP 415). */
export class UnsupportedMediaTypeError extends FaultlineError {
  constructor(message: string) {
    super('unsupported_media_type', message);
  }
}

/** A request body that had not all arrived by its deadline (HTTP 408). */
export class RequestTimeoutError extends FaultlineError {
  constructor(readonly deadlineMs: number) {
    super(
      'request_timeout',
      `request timed out: the body did not all arrive within ${deadlineMs} ms of its headers; send it at once`,
    );
  }
}

/**
 * A request whose client closed the connection before its body had all arrived: its work ends at
 * once. Nobody reads the answer (400); the code names what happened for the server's own handling.
 */
export class RequestAbortedError extends FaultlineError {
  constructor() {
    super(
      'request_aborted',
      'request aborted: the client closed the connection before sending its whole body',
    );
  }
}

/** No credentials, or credentials that are not valid (HTTP 401). */
export class AuthenticationError extends FaultlineError {
  constructor(message: string) {
    super('unauthenticated', message);
  }
}

/** Valid credentials whose role may not do this (HTTP 403). */
export class ForbiddenError extends FaultlineError {
  constructor(message: string) {
    super('forbidden', message);
  }
}

/** Too many requests for a key or address (HTTP 429); `retryAfterS` says when to try again. */
export class TooManyRequestsError extends FaultlineError {
  constructor(readonly retryAfterS: number) {
    super('too_many_requests', `rate limit exceeded; retry after ${retryAfterS} s`);
  }
}

/** A request body or upload over its size limit (HTTP 413); raised while reading, before the rest arrives. */
export class PayloadTooLargeError extends FaultlineError {
  constructor(
    readonly what: string,
    readonly limit: number,
  ) {
    super('payload_too_large', `${what} too large: over ${grouped(limit)} bytes (the limit)`);
  }
}
