/**
 * Integer and decimal parameters written in plain digits, refused in one line quoting the value and
 * naming the parameter as the surface that shows it does (ParamError). Light on purpose: the CLI's
 * command registrations, loaded at every call, use them.
 */
import { invalidParam } from './errors.ts';
import { quoteValue } from './quote.ts';

/**
 * An integer in plain digits, the one rule for integer parameters of the CLI and the API alike: not
 * `0x10`, `1e3` or ` 5 `, which Number() takes.
 */
export const PLAIN_INTEGER = /^\d+$/;

/**
 * A decimal number in plain digits (`12`, `0.5`), the one rule for number parameters of the CLI and
 * the API alike: not `.5`, `1e-9` or ` 5 ` (spaces are not trimmed away, as an integer's are not).
 */
export const PLAIN_DECIMAL = /^\d+(\.\d+)?$/;

/** The hint of an integer parameter. */
export const intHint = (lo: number, hi: number) => `use an integer from ${lo} to ${hi}`;

/**
 * Parses an integer in [lo, hi] written in plain digits, as the API's integer parameters are (not
 * `0x10`, `1e3` or ` 5 `, which Number() takes); throws `invalid <name>: <value> (use an integer from lo to hi)`.
 */
export function parseIntParam(name: string, v: string, lo: number, hi: number): number {
  const n = PLAIN_INTEGER.test(v) ? Number(v) : NaN;
  if (!(n >= lo && n <= hi)) throw invalidParam(name, `${quoteValue(v)} (${intHint(lo, hi)})`);
  return n;
}

/** The hint of a number parameter. */
export const numberHint = (lo: number, hi: number) => `use a number from ${lo} to ${hi}`;

/**
 * The hint of a number parameter's text that is refused: `use a number from lo to hi`, and for a
 * number in range written with an exponent (1e-9), that it takes plain digits (the bare hint would
 * call an in-range value out of range).
 */
export function numberTextHint(v: string, lo: number, hi: number): string {
  const n = Number(v);
  return /^\d*\.?\d+e[+-]?\d+$/i.test(v) && n >= lo && n <= hi
    ? `${numberHint(lo, hi)}, written in plain digits such as 0.5, not with an exponent`
    : numberHint(lo, hi);
}

/** Parses a decimal number in [lo, hi], written in plain digits (PLAIN_DECIMAL: ` 5 ` is refused, quoted). */
export function parseNumberParam(name: string, v: string, lo: number, hi: number): number {
  const n = PLAIN_DECIMAL.test(v) ? Number(v) : NaN;
  if (!(n >= lo && n <= hi)) throw invalidParam(name, `${quoteValue(v)} (${numberTextHint(v, lo, hi)})`);
  return n;
}
