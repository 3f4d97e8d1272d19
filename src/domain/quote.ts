/**
 * How error messages show text they did not write. The one rule: a refusal quotes the value it
 * refuses with quoteValue(), always in double quotes, whatever the value, in the CLI and the API
 * alike: `invalid interval: "hourly" (use day, week, month, quarter or year)`. The quotes show
 * where the value starts and ends, so an empty value (`""`), a stray space (`"PAK "`), a comma or
 * a word that reads as part of the message is plain to see; at most 200 characters are shown,
 * control characters, NUL bytes and U+FFFD (what undecodable bytes became) as escapes that say
 * which byte it was (see docs/importing.md), and a note when cut. A value that came as JSON and is
 * not text (a number, true, a list) is shown as its JSON (`invalid hours: null`), which no text
 * can be mistaken for. A whole message is made safe with printableMessage() before it is shown.
 * The CLI's lines that only inform quote the path or URL they name in a sentence the same way
 * (`wrote 12 events to "out.csv"`, `feed "https://...": failed: ...`, the server's own address in
 * `faultline API on "http://127.0.0.1:8080/api/v1"`); a table cell, or a value alone on its line
 * after a label (`url: https://...`), stands bare: nothing runs into it. A number the product gave
 * (a desk event's id, a pid) stands bare in an informational line (`desk event 7 is now
 * submitted`): it cannot be misread; a refusal quotes it as any value it refuses. A file
 * name in a parenthesised list (the `sources:` line of published figures) stands bare too, unless
 * a comma, a parenthesis or the like would let it run into the list (listedName).
 */

/**
 * Invisible format characters (zero-width spaces and joiners, bidi overrides such as U+202E, the
 * BOM): shown raw, "PAK\u200b" read as a refused "PAK", and U+202E turned the rest of the line around.
 */
const FORMAT_CHAR = /^\p{Cf}$/u;

/** Most characters of a value an error message shows. */
export const QUOTE_MAX_CHARS = 200;

/**
 * A value as an error message quotes it: `"2021-13-01"`; at most 200 characters shown, control
 * characters, NUL bytes, lone surrogates and U+FFFD shown as escapes, and a note when cut.
 */
export function quoteValue(value: unknown): string {
  const text = String(value);
  let out = '';
  for (const ch of text) {
    const shown = shownChar(ch);
    // The limit counts what is shown, escapes included: raw binary never makes a longer message.
    if (out.length + shown.length > QUOTE_MAX_CHARS)
      return `"${out}"... (${[...text].length} characters, cut)`;
    out += shown;
  }
  return `"${out}"`;
}

/** One character as a quoted value shows it: itself, or an escape that says which it was. */
function shownChar(ch: string): string {
  const c = ch.codePointAt(0)!;
  return c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)
    ? `\\x${c.toString(16).padStart(2, '0')}`
    : c === 0xfffd || (c >= 0xd800 && c <= 0xdfff) || FORMAT_CHAR.test(ch)
      ? c > 0xffff
        ? `\\u{${c.toString(16)}}`
        : `\\u${c.toString(16).padStart(4, '0')}`
      : ch === '"'
        ? '\\"'
        : ch;
}

/**
 * A name (a file's) as a comma-separated list in parentheses shows it, `(afghan_returns_published.csv,
 * 98 figures)`: bare where it can be read one way only, else in double quotes with quoteValue()'s
 * escapes, whole: when it holds a comma or a parenthesis (bare, `(reports (1), 2024.csv, 35
 * figures)` could end anywhere), a double quote (it would read as quoted), a character
 * quoteValue() escapes (a line break would break the line), a space at either end, or nothing.
 * Quoting only then keeps the line of every plain name as it was, which readers, docs and tests quote.
 */
export function listedName(name: string): string {
  // Escaped as quoteValue() escapes, never cut: its cut mark, "(N characters, cut)", is a list.
  const shown = Array.from(name, shownChar).join('');
  return name === '' || /[,()]|^\s|\s$/.test(name) || shown !== name ? `"${shown}"` : name;
}

/**
 * A value that came as JSON (a request body, a claim file) as a refusal shows it: text quoted with
 * quoteValue(), anything else as its JSON (`-1`, `true`, `{"a":1}`), at most 200 characters with a
 * note when cut, so a number is never shown as the text `"-1"`.
 */
export function quoteJsonValue(value: unknown): string {
  if (typeof value === 'string') return quoteValue(value);
  // JSON has no infinite number or NaN, and writes them `null`: a YAML `.inf` or `.nan`, or a
  // `1e400` read as infinite, was quoted as the null it was not.
  if (typeof value === 'number' && !Number.isFinite(value)) return String(value);
  let json: string;
  try {
    json = JSON.stringify(value) ?? String(value);
  } catch {
    // Nested deeper than JSON.stringify's stack reaches (a body of 100,000 brackets parses, but
    // does not write back): its start, which is all a message shows, written a level at a time.
    return `${jsonStart(value)}... (nested too deep to write whole, cut)`;
  }
  const chars = Array.from(json);
  return chars.length > QUOTE_MAX_CHARS
    ? `${chars.slice(0, QUOTE_MAX_CHARS).join('')}... (${chars.length} characters, cut)`
    : chars.join('');
}

/** The first QUOTE_MAX_CHARS characters of a value's JSON; it recurses at most that deep (each level writes a bracket). */
function jsonStart(value: unknown): string {
  let out = '';
  const write = (v: unknown): void => {
    if (out.length > QUOTE_MAX_CHARS) return;
    if (Array.isArray(v)) {
      out += '[';
      for (let i = 0; i < v.length && out.length <= QUOTE_MAX_CHARS; i++) {
        if (i) out += ',';
        write(v[i]);
      }
      out += ']';
    } else if (v !== null && typeof v === 'object') {
      out += '{';
      let first = true;
      for (const [k, x] of Object.entries(v)) {
        if (out.length > QUOTE_MAX_CHARS) break;
        out += `${first ? '' : ','}${JSON.stringify(k)}:`;
        first = false;
        write(x);
      }
      out += '}';
    } else out += JSON.stringify(v) ?? 'null';
  };
  write(value);
  return Array.from(out).slice(0, QUOTE_MAX_CHARS).join('');
}

// C0/C1 controls, DEL, lone surrogates, the replacement character, line and paragraph separators.
const UNPRINTABLE =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufffd]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Text with unprintable characters as `?`, cut at `max` characters with a note of how much was cut. */
function printable(text: string, max: number): string {
  const chars = Array.from(text);
  const shown = chars.slice(0, max).join('').replace(UNPRINTABLE, '?');
  return chars.length > max ? `${shown}... (${chars.length - max} more characters)` : shown;
}

/** Most characters of a whole error message: room for two quoted values and a hint. */
export const MESSAGE_MAX_CHARS = 500;

/**
 * Longest run without a space a message keeps: a value quoteValue() showed in full, with its quotes
 * and cut mark (`"` + 200 characters + `"...`), and no more.
 */
const RUN_MAX_CHARS = QUOTE_MAX_CHARS + '""...'.length;

/** A message made safe to show: one line, unprintable characters as `?`, no run of more than 205 characters without a space (a value quoteValue() showed stays whole), at most 500 characters. */
export function printableMessage(message: string): string {
  // A value quoted without quoteValue() still shows at most about QUOTE_MAX_CHARS characters of any one run.
  const line = message
    .replace(/\s*[\r\n]+\s*/g, ' ')
    .trim()
    .replace(new RegExp(`\\S{${RUN_MAX_CHARS + 1},}`, 'gu'), (run) => printable(run, RUN_MAX_CHARS));
  return printable(line, MESSAGE_MAX_CHARS);
}
