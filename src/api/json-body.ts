/**
 * Request bodies read as text and as JSON, the one way every JSON and text route reads them. What
 * a body cannot mean is refused in one line quoting what was sent: bytes that are not UTF-8 (they
 * were read as U+FFFD and stored so), text that is not JSON (refused without saying what was sent
 * or where), a field given twice (the last one won: `{"role": "viewer", "role": "admin"}` made an
 * admin key), a lone surrogate (`"\ud800"`: stored as U+FFFD, or a 500 from the store) and a
 * number past a double's range (`1e400`, which JSON.parse reads as Infinity and quoted as `null`),
 * a whole number past 2^53 - 1 (read as another number) and an invisible character outside prose
 * (domain/invisible.ts, the rule the query and the CLI follow too).
 */
import type { Context } from 'hono';
import { InvalidInputError } from '../domain/errors.ts';
import { checkVisibleJson } from '../domain/invisible.ts';
import { quoteJsonValue, quoteValue } from '../domain/quote.ts';

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true });

/** Half of a UTF-16 surrogate pair without its other half (JSON's `"\ud800"`): no character at all. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** A request's body as text: bytes that are not UTF-8 are refused, naming the first of them. */
export async function bodyText(c: Context): Promise<string> {
  const bytes = new Uint8Array(await c.req.arrayBuffer());
  try {
    return fatalUtf8.decode(bytes);
  } catch {
    const at = firstNonUtf8(bytes);
    throw new InvalidInputError(
      `invalid body: ${quoteValue(new TextDecoder().decode(bytes))} (byte ${at + 1}, 0x${bytes[at]!.toString(16).padStart(2, '0')}, is not UTF-8: send the text in UTF-8)`,
    );
  }
}

/** Index of the first byte that starts no UTF-8 character (RFC 3629: no overlong form, no surrogate). */
function firstNonUtf8(b: Uint8Array): number {
  for (let i = 0; i < b.length;) {
    const x = b[i]!;
    const more =
      x < 0x80
        ? 0
        : x >= 0xc2 && x <= 0xdf
          ? 1
          : x >= 0xe0 && x <= 0xef
            ? 2
            : x >= 0xf0 && x <= 0xf4
              ? 3
              : -1;
    if (more < 0) return i;
    for (let k = 1; k <= more; k++) if (((b[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    const y = b[i + 1] ?? 0;
    if (
      (x === 0xe0 && y < 0xa0) ||
      (x === 0xed && y > 0x9f) ||
      (x === 0xf0 && y < 0x90) ||
      (x === 0xf4 && y > 0x8f)
    )
      return i;
    i += more + 1;
  }
  return b.length - 1;
}

/**
 * A JSON body: its text parsed, then checked for what JSON allows and the routes cannot take.
 * `example` is a body the route takes, named in the refusal of one that is not JSON.
 */
export async function jsonBody(c: Context, example: string): Promise<unknown> {
  return parseJsonBody(await bodyText(c), example);
}

/** Parses a JSON body's text (see jsonBody). */
export function parseJsonBody(text: string, example: string): unknown {
  if (!text.trim())
    throw new InvalidInputError(`invalid body: ${quoteValue(text)} (empty: send JSON such as ${example})`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    // V8 names the token or its position (`Unexpected token 'N'`, `... at position 18`); the text it
    // quotes beside them is left to quoteValue, which shows control characters as escapes.
    const why = (e as Error).message.replace(/, ".*" is not valid JSON$/s, '');
    throw new InvalidInputError(
      `invalid body: ${quoteValue(text)} (not JSON: ${why}; send JSON such as ${example})`,
    );
  }
  checkValues(value, text);
  const repeated = repeatedField(text);
  if (repeated !== null)
    throw new InvalidInputError(
      `repeated field: ${quoteValue(repeated)} (give each field once: which one was meant is not known)`,
    );
  checkVisibleJson(value);
  return value;
}

/** The largest whole number a JSON number (a double) holds exactly: 2^53 - 1. */
const MAX_EXACT = Number.MAX_SAFE_INTEGER;

/**
 * Refuses a number past a double's range, a whole number past 2^53 - 1 (JSON.parse read
 * 9007199254740993 as 9007199254740992, and a seed or an id was silently another) and text holding
 * a lone surrogate, anywhere in the value.
 */
function checkValues(root: unknown, text: string): void {
  // A stack, not recursion: a body of 100,000 nested brackets parses, and must not overflow here.
  const stack: [unknown, string][] = [[root, 'body']];
  while (stack.length) {
    const [v, path] = stack.pop()!;
    if (typeof v === 'number' && !Number.isFinite(v))
      throw new InvalidInputError(
        `invalid ${path}: a number beyond ±1.8e308, which JSON reads as ${v > 0 ? '' : '-'}Infinity (give one in the field's range)`,
        path === 'body' ? undefined : [path],
      );
    if (typeof v === 'number' && Number.isInteger(v) && !Number.isSafeInteger(v))
      throw new InvalidInputError(
        `invalid ${path}: ${inexactLiteral(text, v) ?? quoteJsonValue(v)} (beyond ${MAX_EXACT}, 2^53 - 1, the largest whole number JSON numbers hold exactly: give one in the field's range)`,
        path === 'body' ? undefined : [path],
      );
    if (typeof v === 'string' && LONE_SURROGATE.test(v))
      throw new InvalidInputError(
        `invalid ${path}: ${quoteValue(v)} (a lone surrogate, half of a UTF-16 pair, which UTF-8 cannot carry: send whole characters)`,
        path === 'body' ? undefined : [path],
      );
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, `${path === 'body' ? '' : path}[${i}]`]));
    else if (typeof v === 'object' && v !== null)
      for (const [k, item] of Object.entries(v)) {
        if (LONE_SURROGATE.test(k))
          throw new InvalidInputError(
            `invalid field name: ${quoteValue(k)} (a lone surrogate, half of a UTF-16 pair, which UTF-8 cannot carry: send whole characters)`,
          );
        stack.push([item, path === 'body' ? k : `${path}.${k}`]);
      }
  }
}

/** The first number of a JSON text (outside its strings) that reads as `value`, as written, or null. */
function inexactLiteral(text: string, value: number): string | null {
  const token = /"(?:[^"\\]|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
  for (const m of text.matchAll(token)) {
    if (m[0][0] !== '"' && Number(m[0]) === value) return m[0];
  }
  return null;
}

/** The first name given twice in one JSON object of `text` (valid JSON), or null. */
export function repeatedField(text: string): string | null {
  // One set of names per open object; null for an open array.
  const open: (Set<string> | null)[] = [];
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '{') open.push(new Set());
    else if (ch === '[') open.push(null);
    else if (ch === '}' || ch === ']') open.pop();
    else if (ch === '"') {
      let end = i + 1;
      while (text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      const names = open.at(-1);
      let next = end + 1;
      while (/\s/.test(text[next] ?? '')) next++;
      if (names && text[next] === ':') {
        const name = JSON.parse(text.slice(i, end + 1)) as string;
        if (names.has(name)) return name;
        names.add(name);
      }
      i = end;
    }
  }
  return null;
}
