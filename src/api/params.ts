/**
 * Query parameters: zod schemas that both validate requests and generate the OpenAPI document, and
 * the one place their failures become one-line messages (`invalid interval: "hourly" (use day, ...)`,
 * `unknown parameter: "foo"`). Filter values then go through the same parseFilter as the CLI.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { choiceHint, intHint, numberHint, numberTextHint } from '../app/analysis/params.ts';
import { PLAIN_DECIMAL, PLAIN_INTEGER } from '../domain/number-params.ts';
import { resolveFilter } from '../app/filters.ts';
import {
  FILTER_KEYS,
  FILTER_VOCABULARY,
  type FilterKey,
  type FilterSpec,
  type RawFilter,
} from '../domain/filter-vocabulary.ts';
import type { Store } from '../storage/store.ts';
import { BOOLEAN_WORDS, isTrueWord, matchChoice } from '../domain/choice.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { checkVisible } from '../domain/invisible.ts';
import { quoteJsonValue, quoteValue } from '../domain/quote.ts';
import { VICTIM_CLASSES, type EventFilter } from '../domain/query.ts';

/** Longest value any parameter may have. */
export const MAX_PARAM_LENGTH = 1000;

/** A choice among fixed values. */
export const choice = <T extends string>(values: readonly [T, ...T[]], description: string) =>
  z.enum(values, { message: choiceHint(values) }).describe(description);

/**
 * How the OpenAPI document shows a number given as text: its type and bounds, which a refinement
 * alone would hide (a client generator then saw a string of digits with no limit).
 */
const bounds = (type: 'integer' | 'number', lo: number, hi: number) =>
  // zod's metadata type has no `type`; toJSONSchema merges the metadata over the generated schema.
  ({ type, minimum: lo, maximum: hi }) as Record<string, unknown>;

/** An integer in [lo, hi], given as text. */
export const int = (lo: number, hi: number, description: string, hint = intHint(lo, hi)) =>
  z
    .string()
    .regex(PLAIN_INTEGER, { message: hint })
    // Checked as text, so a refusal quotes what was sent (9007199254740993, not its double 9007199254740992).
    .refine((s) => inRange(Number(s), lo, hi), { message: hint })
    .transform(Number)
    .describe(description)
    .meta(bounds('integer', lo, hi));

const inRange = (n: number, lo: number, hi: number) => n >= lo && n <= hi;

/** A decimal number in [lo, hi], given as text in plain digits. */
export const num = (lo: number, hi: number, description: string) =>
  z
    .string()
    .regex(PLAIN_DECIMAL, { error: (issue) => numberTextHint(String(issue.input), lo, hi) })
    .refine((s) => inRange(Number(s), lo, hi), { message: numberHint(lo, hi) })
    .transform(Number)
    .describe(description)
    .meta(bounds('number', lo, hi));

/** Free text, checked later by the use case. */
export const text = (description: string, example?: string) =>
  example ? z.string().describe(description).meta({ example }) : z.string().describe(description);

/** A true/false parameter: true, false, yes, no, 1 or 0 in any case, as every boolean takes (domain/choice.ts). */
export const flag = (description: string) => choice(BOOLEAN_WORDS, description);

/** A word a flag parameter takes. */
export type FlagWord = (typeof BOOLEAN_WORDS)[number];

/** Whether a flag parameter was given and says true (`yes`, `1`, `true`). */
export const isSet = (v: FlagWord | undefined): boolean => v !== undefined && isTrueWord(v);

/** The zod field of a filter, from its kind in the vocabulary. */
function filterField(spec: FilterSpec) {
  switch (spec.kind) {
    case 'boolean':
      return flag(spec.description).optional();
    case 'number':
      return num(0, 100_000, spec.description).optional();
    case 'victim':
      return choice(VICTIM_CLASSES as [string, ...string[]], spec.description).optional();
    default:
      return text(spec.description, spec.example).optional();
  }
}

/** The event filter every analysis route accepts, generated from the filter vocabulary (the CLI's flags too). */
export const FILTER_PARAMS = Object.fromEntries(
  FILTER_VOCABULARY.map((spec) => [spec.key, filterField(spec)]),
) as Record<FilterKey, ReturnType<typeof filterField>>;

/** Filter parameters as parsed by zod. */
export type FilterParams = { [K in FilterKey]?: string | number };

/**
 * The EventFilter of a request's filter parameters: values checked (400 with one line for a
 * malformed one), actors expanded, and names looked up in the loaded data (unknown ones refused
 * with the nearest valid values).
 */
export function filterOf(q: FilterParams, store: Store): Promise<EventFilter> {
  const raw: RawFilter = {};
  for (const k of FILTER_KEYS) if (q[k] !== undefined) raw[k] = q[k];
  return resolveFilter(store, raw);
}

/** The refusal of a parameter given twice (`?format=csv&format=json`): which one was meant is not known. */
export const repeatedParameter = (name: string) =>
  new InvalidInputError(
    `repeated parameter: ${quoteValue(name)} (give one value, comma-separated for lists)`,
  );

/** Parses a request's query string with a strict schema; throws a one-line InvalidInputError. */
export function parseQuery<S extends z.ZodObject>(c: Context, schema: S): z.output<S> {
  const all = c.req.queries();
  // Hono drops a parameter without a name (`?=1`, `?=`); the raw query string still has it.
  const raw = new URL(c.req.url).search.slice(1).split('&');
  if (raw.some((p) => p.startsWith('=')))
    throw new InvalidInputError('unknown parameter: "" (a parameter without a name)');
  // No prototype: `?__proto__=1` is then a parameter like any other (refused as unknown), not an
  // assignment to the object's prototype that dropped it without a word.
  const flat: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, vs] of Object.entries(all)) {
    if (vs.length > 1) throw repeatedParameter(k);
    // Characters as quoteValue counts them (code points): its note and this limit count the same.
    if (vs[0]!.length > MAX_PARAM_LENGTH && [...vs[0]!].length > MAX_PARAM_LENGTH)
      throw new InvalidInputError(
        `invalid ${k}: ${quoteValue(vs[0])} (give at most ${MAX_PARAM_LENGTH} characters)`,
      );
    // An empty value is refused, never read as the parameter left out: `metrics=` from an unset
    // variable must not answer every metric (unknown names are left to the schema's message).
    if (k in schema.shape && vs[0]!.trim() === '')
      throw new InvalidInputError(
        `invalid ${k}: ${quoteValue(vs[0])} (give a value, or leave the parameter out)`,
      );
    // A BOM or a bidi override is refused, quoted with it shown, never trimmed away (domain/invisible.ts).
    if (k in schema.shape) checkVisible(k, vs[0]!);
    flat[k] = vs[0]!;
  }
  return parseValues(schema, flat);
}

/** A field's schema under its optional, default and nullable wrappers. */
function unwrapped(field: z.ZodType): z.ZodType {
  let s = field;
  while (s instanceof z.ZodOptional || s instanceof z.ZodDefault || s instanceof z.ZodNullable)
    s = s.unwrap() as z.ZodType;
  return s;
}

/** The members of a field's enum, or null for any other field. */
function choicesOf(field: z.ZodType): readonly string[] | null {
  const s = unwrapped(field);
  return s instanceof z.ZodEnum ? (s.options as string[]) : null;
}

/** A field's object schema, or null. */
function objectOf(field: z.ZodType): z.ZodObject | null {
  const s = unwrapped(field);
  return s instanceof z.ZodObject ? s : null;
}

/**
 * Values with every enum field (interval, format, sort, by ...) in its canonical form, matched in any
 * case (domain/choice.ts): `Month` is `month` in the parsed query, in `meta` and in the key an answer
 * is kept under. Values that name no member are left as sent, for the schema's message to quote.
 */
export function canonicalChoices(schema: z.ZodType, values: unknown): unknown {
  if (
    !(schema instanceof z.ZodObject) ||
    typeof values !== 'object' ||
    values === null ||
    Array.isArray(values)
  )
    return values;
  const given = values as Record<string, unknown>;
  let out: Record<string, unknown> | null = null;
  for (const [k, field] of Object.entries(schema.shape as Record<string, z.ZodType>)) {
    if (!Object.hasOwn(given, k)) continue;
    const members = choicesOf(field);
    const inner = members ? null : objectOf(field);
    const v = members
      ? (matchChoice(given[k], members) ?? given[k])
      : inner
        ? canonicalChoices(inner, given[k])
        : given[k];
    if (v === given[k]) continue;
    // A copy with the same prototype: a query's values have none (`__proto__` stays a plain key).
    out ??= Object.assign(
      Object.create(Object.getPrototypeOf(given) as object | null) as object,
      given,
    ) as Record<string, unknown>;
    out[k] = v;
  }
  return out ?? values;
}

/** Validates plain values (query or JSON body) against a strict schema with one-line messages. */
export function parseValues<S extends z.ZodType>(schema: S, values: unknown): z.output<S> {
  const r = schema.safeParse(canonicalChoices(schema, values), { reportInput: true });
  if (r.success) return r.data;
  throw new InvalidInputError(issueMessage(r.error.issues[0]!));
}

/** What to give for a value of the wrong JSON type (zod's own words, `Invalid input: expected boolean`, are not shown). */
const TYPE_HINTS: Record<string, string> = {
  string: 'give text',
  number: 'give a number',
  int: 'give a whole number',
  boolean: 'give true or false',
  object: 'give one JSON object',
  array: 'give a list',
};

/** One line for a zod issue: `unknown parameter: "x"`, `missing parameter: q`, `invalid name: "value" (hint)`. */
export function issueMessage(issue: z.core.$ZodIssue): string {
  if (issue.code === 'unrecognized_keys') return `unknown parameter: ${quoteValue(issue.keys[0])}`;
  // A query is always an object: what has no path is a JSON body that is not one.
  const name = issue.path.map(String).join('.') || 'body';
  const input = (issue as { input?: unknown }).input;
  if (input === undefined) return `missing parameter: ${name}`;
  // Text is quoted (domain/quote.ts); a JSON value that is not text is shown as its JSON.
  const shown = quoteJsonValue(input);
  const hint =
    issue.code === 'invalid_type'
      ? TYPE_HINTS[issue.expected]
      : issue.message && !issue.message.startsWith('Invalid')
        ? issue.message
        : undefined;
  return `invalid ${name}: ${shown}${hint ? ` (${hint})` : ''}`;
}
