/**
 * The one rule for invisible characters in what a user types, in the CLI and the API alike: a value
 * (a query parameter, a CLI argument or option, a JSON body's text or field name) that holds an
 * invisible format character (Unicode category Cf: the byte order mark U+FEFF, zero-width spaces
 * and joiners, the bidi marks, embeddings, overrides U+202A-U+202E and isolates U+2066-U+2069, the
 * word joiner, the soft hyphen) is refused in one line that shows the character as an escape:
 * `invalid country: "\ufeffPAK" (holds an invisible character, U+FEFF: give the value without it)`.
 * Before, JavaScript's trim() took a leading BOM away and the value was read as `PAK` without a
 * word, and a name holding U+202E (a rule's, a key's, a desk event's place) turned the rest of
 * every table line and log line that showed it around. Two exceptions, which real text needs: a
 * zero-width non-joiner or joiner (U+200C, U+200D) between two letters, as Persian and Urdu
 * spell words with them; and prose, the report and quote fields whose words come from an article
 * (PROSE_FIELDS), which are kept as written and shown with their invisible characters escaped.
 */
import { invalidParam, InvalidInputError } from './errors.ts';
import { quoteJsonValue, quoteValue } from './quote.ts';

/** An invisible format character, or a ZWNJ/ZWJ that does not sit between two letters. */
const INVISIBLE = /(?<![\p{L}\p{M}])[\u200c\u200d]|[\u200c\u200d](?!\p{L})|(?![\u200c\u200d])\p{Cf}/u;

/**
 * Fields that hold prose: an article's text, a headline, notes, a quote and the words a field was
 * read from (desk events, news reports), and a reason kept in an audit log. Their words come from
 * articles, whose invisible characters (a soft hyphen, a right-to-left mark in Urdu) are part of them.
 */
export const PROSE_FIELDS: ReadonlySet<string> = new Set([
  'text',
  'headline',
  'notes',
  'quote',
  'from_words',
  'reason',
]);

/** The first invisible character of a text that the rule refuses (see above), or null. */
export function invisibleChar(text: string): string | null {
  return INVISIBLE.exec(text)?.[0] ?? null;
}

/** Each invisible character the rule refuses in a text, with where it stands (UTF-16 offset). */
export function invisibleAt(text: string): { ch: string; at: number }[] {
  return [...text.matchAll(new RegExp(INVISIBLE.source, 'gu'))].map((m) => ({ ch: m[0], at: m.index }));
}

/**
 * What could disguise a log line: the invisible characters the rule refuses (a U+202E in a request's
 * path turned the rest of its line around), control characters (an escape sequence recolours a
 * terminal) and line breaks (a `\n` or U+2028 starts a forged line).
 */
const DISGUISING = new RegExp(`${INVISIBLE.source}|[\\u0000-\\u001f\\u007f-\\u009f\\u2028\\u2029]`, 'gu');

/**
 * Text as a log line shows a value it did not write (a request's path, an error's message): the
 * characters that could disguise the line as escapes, as quoteValue() shows them (`\u202e`, `\x0a`),
 * and everything else, ordinary text in any script, as it is.
 */
export function visibleText(text: string): string {
  return text.replace(DISGUISING, (ch) => {
    const c = ch.codePointAt(0)!;
    return c < 0xa0
      ? `\\x${c.toString(16).padStart(2, '0')}`
      : c > 0xffff
        ? `\\u{${c.toString(16)}}`
        : `\\u${c.toString(16).padStart(4, '0')}`;
  });
}

/** `U+FEFF`: a character's code point as the refusals name it. */
const codePoint = (ch: string) => `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;

/** The refusal's hint: which invisible character the value holds (`holds an invisible character, U+202E: give the value without it`). */
export const holds = (ch: string) =>
  `holds an invisible character, ${codePoint(ch)}: give the value without it`;

/**
 * Refuses a typed value holding an invisible character: `invalid <name>: "<value>" (holds an
 * invisible character, U+202E: give the value without it)`, the parameter named as the surface
 * names it (`--country` in the CLI, `country` in the API).
 */
export function checkVisible(name: string, value: string): void {
  const ch = invisibleChar(value);
  if (ch !== null) throw invalidParam(name, `${quoteValue(value)} (${holds(ch)})`);
}

/** Refuses a JSON field name holding an invisible character, quoting it. */
function checkFieldName(key: string): void {
  const ch = invisibleChar(key);
  if (ch !== null) throw new InvalidInputError(`invalid field name: ${quoteValue(key)} (${holds(ch)})`);
}

/**
 * Refuses an invisible character anywhere in a value that came as JSON (a request body, a desk
 * event's --json file): in field names, and in text except under a prose field. `path` names the
 * value as refusals do (`citations[0].outlet`).
 */
export function checkVisibleJson(root: unknown): void {
  // A stack, not recursion: a body of 100,000 nested brackets parses, and must not overflow here.
  const stack: [unknown, string, boolean][] = [[root, 'body', false]];
  while (stack.length) {
    const [v, path, prose] = stack.pop()!;
    if (typeof v === 'string' && !prose) {
      const ch = invisibleChar(v);
      if (ch !== null)
        throw new InvalidInputError(
          `invalid ${path}: ${quoteJsonValue(v)} (${holds(ch)})`,
          path === 'body' ? undefined : [path],
        );
    }
    const at = path === 'body' ? '' : path;
    if (Array.isArray(v)) v.forEach((item, i) => stack.push([item, `${at}[${i}]`, prose]));
    else if (typeof v === 'object' && v !== null)
      for (const [k, item] of Object.entries(v)) {
        checkFieldName(k);
        stack.push([item, at ? `${at}.${k}` : k, prose || PROSE_FIELDS.has(k)]);
      }
  }
}
