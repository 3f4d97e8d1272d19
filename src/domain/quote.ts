/** Longest part of a bad value a message quotes. */
export const MAX_QUOTED_CHARS = 200;

/**
 * A value as an error message may quote it: at most 200 printable characters, control characters,
 * NUL bytes and U+FFFD (what undecodable bytes became) shown as escapes, and a note when cut.
 */
export function quoteValue(value: string): string {
  let out = '';
  let shown = 0;
  for (const ch of value) {
    if (shown === MAX_QUOTED_CHARS) return `"${out}"... (${[...value].length} characters, cut)`;
    const c = ch.codePointAt(0)!;
    out +=
      c < 0x20 || c === 0x7f || (c >= 0x80 && c < 0xa0)
        ? `\\x${c.toString(16).padStart(2, '0')}`
        : c === 0xfffd || (c >= 0xd800 && c <= 0xdfff)
          ? `\\u${c.toString(16)}`
          : ch === '"'
            ? '\\"'
            : ch;
    shown++;
  }
  return `"${out}"`;
}
