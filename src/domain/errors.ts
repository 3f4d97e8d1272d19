import { grouped } from './format-number.ts';
import { printableMessage, quoteValue } from './quote.ts';
/** Base class of every error faultline raises on purpose; `code` is stable, `message` is one line. */
export class FaultlineError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message.replace(/\s*\n\s*/g, ' '));
    this.name = new.target.name;
  }
}

/** Input the user gave (a file, a flag, a parameter) is not acceptable. */
export class InvalidInputError extends FaultlineError {
  constructor(
    message: string,
    /**
     * The JSON names of the fields the refusal is about, in order (`lat`, `citations[0].url`), when
     * the check knows them: the API's error body carries them, so a form marks its fields from this
     * list and not from the message's wording.
     */
    readonly fields?: readonly string[],
  ) {
    super('invalid_input', message);
  }
}

/**
 * How a refusal names the parameters it is about: the API by its query parameter or JSON field
 * (`window`, `min_total`, `interstate=true`), the CLI by the flag that gives it (`--window`,
 * `--min-total`, `--interstate`).
 */
export interface ParamNames {
  /** A parameter: `min_total`, or its flag. */
  field(name: string): string;
  /** A true/false parameter set to true: `interstate=true`, or its flag alone. */
  on(name: string): string;
}

/** The API's names: parameters and JSON fields as they are sent. */
export const API_PARAM_NAMES: ParamNames = { field: (name) => name, on: (name) => `${name}=true` };

/**
 * A refusal of the value of a named parameter, its message written once with the names left to the
 * surface that shows it: `message` names them as the API does (`invalid min_total: "x" (...)`), and
 * the CLI shows `naming(its flags)` (`invalid --min-total: "x" (...)`).
 */
export class ParamError extends InvalidInputError {
  constructor(private readonly say: (names: ParamNames) => string) {
    super(say(API_PARAM_NAMES));
    // An invalid input like any other to whoever catches it by name; only how it names parameters differs.
    this.name = 'InvalidInputError';
  }

  /** The message naming the parameters as `names` does. */
  naming(names: ParamNames): string {
    return this.say(names).replace(/\s*\n\s*/g, ' ');
  }

  /** The same refusal about the parameter `to` where it said `from` (a compared place given as `place1` is checked as an `admin1` filter). */
  renamed(from: string, to: string): ParamError {
    const swap = (p: string) => (p === from ? to : p);
    return new ParamError((n) => this.say({ field: (p) => n.field(swap(p)), on: (p) => n.on(swap(p)) }));
  }
}

/** `invalid <param>: <rest>`, naming the parameter as the surface that shows it does. */
export function invalidParam(param: string, rest: string): ParamError {
  return new ParamError((n) => `invalid ${n.field(param)}: ${rest}`);
}

/**
 * A period that ends before it starts, quoting both ends as they were typed (`2026`, not the
 * `2026-01-01` it stands for) and naming them as the surface does: `invalid period: from "2026" is
 * after to "2025"` in the API, `invalid period: --from "2026" is after --to "2025"` in the CLI.
 */
export function periodReversed(from: string, to: string, fromParam = 'from', toParam = 'to'): ParamError {
  return new ParamError(
    (n) =>
      `invalid period: ${n.field(fromParam)} ${quoteValue(from)} is after ${n.field(toParam)} ${quoteValue(to)}`,
  );
}

/** A full release would remove more stored events than allowed without consent: nothing is written. */
export class RemovalsNotAllowedError extends InvalidInputError {
  constructor(
    readonly fileName: string,
    readonly removals: number,
    readonly stored: number,
    readonly source: string,
    /** The mapped dataset whose events would be removed (a generic CSV's), if any. */
    readonly dataset?: string,
    /** The option that consents, given the count, as the surface that asked names it (the CLI's flag unless told). */
    readonly consent = `--allow-removals ${removals}`,
  ) {
    super(
      `${quoteValue(fileName)}: this import would remove ${grouped(removals)} of ${grouped(stored)} stored ${source} events${dataset === undefined ? '' : ` of dataset ${dataset}`}, more than 5% without consent; nothing was imported; if the file is a complete release, run again with ${consent}`,
    );
  }

  /** The same refusal naming the consent as another surface does (the API's `allow_removals=12`). */
  naming(consent: (removals: number) => string): RemovalsNotAllowedError {
    const { fileName, removals, stored, source, dataset } = this;
    return new RemovalsNotAllowedError(fileName, removals, stored, source, dataset, consent(removals));
  }
}

/** Something that was asked for does not exist. */
export class NotFoundError extends FaultlineError {
  constructor(message: string) {
    super('not_found', message);
  }
}

/** The request conflicts with the current state of what it acts on (a desk event's review state): HTTP 409. */
export class ConflictError extends FaultlineError {
  constructor(message: string) {
    super('conflict', message);
  }
}

/** The store could not be opened or written. */
export class StoreError extends FaultlineError {
  constructor(message: string) {
    super('store_error', message);
  }
}

/**
 * A query ran longer than allowed (HTTP 503), with what the asker can do about it: by default
 * narrow the period or filters; a route without them (a claim file's check) says its own.
 */
export class QueryTimeoutError extends FaultlineError {
  constructor(
    readonly ms: number,
    advice = 'narrow the period or filters and try again',
  ) {
    super('query_timeout', `query timed out after ${ms} ms; ${advice}`);
  }
}

/** A query was stopped before it finished because whoever asked for it went away (HTTP 503). */
export class QueryCancelledError extends FaultlineError {
  constructor(reason = 'nobody is waiting for the answer') {
    super('query_cancelled', `query cancelled: ${reason}`);
  }
}

/** A remote service (UCDP API, ACLED API) answered with an error or not at all. */
export class RemoteError extends FaultlineError {
  constructor(
    code: 'unauthorized' | 'rate_limited' | 'remote_error',
    message: string,
    readonly status?: number,
  ) {
    super(code, message);
  }
}

/**
 * Reduces any thrown value to one line for a user, made printable as the API's error messages are
 * (printableMessage: control characters and bytes of a binary file as `?`, at most 500 characters).
 */
export function oneLine(err: unknown): string {
  return printableMessage(err instanceof Error ? err.message : String(err));
}

/** Why a record whose bytes are not valid UTF-8 is rejected (never stored with U+FFFD in their place), whichever reader found it. */
export const INVALID_UTF8 = 'invalid UTF-8: the record holds bytes that are not UTF-8 text';
