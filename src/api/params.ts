/**
 * Query parameters: zod schemas that both validate requests and generate the OpenAPI document, and
 * the one place their failures become one-line messages (`invalid interval: hourly (use day, ...)`,
 * `unknown parameter: foo`). Filter values then go through the same parseFilter as the CLI.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { choiceHint, intHint, numberHint } from '../app/analysis/params.ts';
import { parseFilter } from '../app/filters.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { VICTIM_CLASSES, type EventFilter } from '../domain/query.ts';

/** Longest value any parameter may have. */
export const MAX_PARAM_LENGTH = 1000;

/** A choice among fixed values. */
export const choice = <T extends string>(values: readonly [T, ...T[]], description: string) =>
  z.enum(values, { message: choiceHint(values) }).describe(description);

/** An integer in [lo, hi], given as text. */
export const int = (lo: number, hi: number, description: string) =>
  z
    .string()
    .regex(/^\d+$/, { message: intHint(lo, hi) })
    .transform(Number)
    .refine((n) => n >= lo && n <= hi, { message: intHint(lo, hi) })
    .describe(description);

/** A decimal number in [lo, hi], given as text. */
export const num = (lo: number, hi: number, description: string) =>
  z
    .string()
    .regex(/^\d+(\.\d+)?$/, { message: numberHint(lo, hi) })
    .transform(Number)
    .refine((n) => n >= lo && n <= hi, { message: numberHint(lo, hi) })
    .describe(description);

/** Free text, checked later by the use case. */
export const text = (description: string, example?: string) =>
  example ? z.string().describe(description).meta({ example }) : z.string().describe(description);

const BOOL = ['true', 'false'] as const;

/** The event filter every analysis route accepts (the same as the CLI's filter flags). */
export const FILTER_PARAMS = {
  from: text(
    'first date, YYYY-MM-DD, YYYY-MM or YYYY (inclusive, on the event start date)',
    '2020-01-01',
  ).optional(),
  to: text('last date, YYYY-MM-DD, YYYY-MM or YYYY (inclusive)', '2021-12-31').optional(),
  country: text('ISO 3166-1 alpha-3 codes, comma-separated', 'PAK').optional(),
  admin1: text('provinces: ISO 3166-2 codes (PK-KP) or source labels, comma-separated', 'PK-KP').optional(),
  admin2: text('districts: names or codes, comma-separated').optional(),
  actor: text(
    'actors or groups, aliases allowed (TTP, baloch-insurgents), comma-separated',
    'TTP',
  ).optional(),
  type: text(
    'common types (battle, violence-against-civilians, ...) or source types, comma-separated',
  ).optional(),
  source: text('source datasets (ucdp-ged, ucdp-candidate, acled), comma-separated', 'ucdp-ged').optional(),
  version: text('source versions (22.1, 26.0.7), comma-separated').optional(),
  border_zone: choice(
    BOOL,
    'only events inside (true) or outside (false) the Afghanistan-Pakistan border zone',
  ).optional(),
  max_border_km: num(0, 100_000, 'only events at most this many km from the border').optional(),
  exact: choice(
    BOOL,
    'minimum precision: only events with coordinates precise enough for district placement',
  ).optional(),
  victim: choice(
    VICTIM_CLASSES as [string, ...string[]],
    'only events with at least one death in this class',
  ).optional(),
};

/** Filter parameters as parsed by zod. */
export type FilterParams = {
  [K in keyof typeof FILTER_PARAMS]?: K extends 'max_border_km' ? number : string;
};

/** The EventFilter of a request's filter parameters (actors expanded, values validated). */
export function filterOf(q: FilterParams): EventFilter {
  return parseFilter({
    from: q.from,
    to: q.to,
    country: q.country,
    admin1: q.admin1,
    admin2: q.admin2,
    actor: q.actor,
    type: q.type,
    source: q.source,
    version: q.version,
    borderZone: q.border_zone,
    maxBorderKm: q.max_border_km,
    exact: q.exact,
    victim: q.victim,
  });
}

/** Parses a request's query string with a strict schema; throws a one-line InvalidInputError. */
export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries();
  const flat: Record<string, string> = {};
  for (const [k, vs] of Object.entries(all)) {
    if (vs.length > 1)
      throw new InvalidInputError(`repeated parameter: ${k} (give one value, comma-separated for lists)`);
    if (vs[0]!.length > MAX_PARAM_LENGTH)
      throw new InvalidInputError(`invalid ${k}: longer than ${MAX_PARAM_LENGTH} characters`);
    flat[k] = vs[0]!;
  }
  return parseValues(schema, flat);
}

/** Validates plain values (query or JSON body) against a strict schema with one-line messages. */
export function parseValues<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const r = schema.safeParse(values, { reportInput: true });
  if (r.success) return r.data;
  throw new InvalidInputError(issueMessage(r.error.issues[0]!));
}

/** One line for a zod issue: `unknown parameter: x`, `missing parameter: q`, `invalid name: value (hint)`. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown parameter: ${issue.keys[0]}`;
  const name = issue.path.map(String).join('.') || 'request';
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return `missing parameter: ${name}`;
  const shown = typeof input === 'string' ? input : JSON.stringify(input);
  return `invalid ${name}: ${shown.slice(0, 200)}${issue.message && !issue.message.startsWith('Invalid') ? ` (${issue.message})` : ''}`;
}
