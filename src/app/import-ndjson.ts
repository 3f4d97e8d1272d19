/**
 * What the native import of an NDJSON file asks of JavaScript: the exact text of a line (from its
 * first byte, leading blanks included, as node:readline gives it), and, for each line DuckDB did not
 * read as a JSON object, the reason the JavaScript reader gives (the one stored, so a rejected line
 * reads the same whichever path imported it). A line JavaScript reads as a record where DuckDB did not
 * means the two readers disagree: the file is then read the JavaScript way.
 */
import { isUtf8 } from 'node:buffer';
import { closeSync, openSync, readSync } from 'node:fs';
import { INVALID_UTF8 } from '../domain/errors.ts';
import { parseNdjsonLine } from '../ingest/json/read-ndjson.ts';
import type { ParserReject, RecordLocator } from '../storage/native-import.ts';

const SPACE = 0x20;
const TAB = 0x09;

/**
 * The index of an NDJSON file with each record starting where its line does: Node's count starts a
 * record at its first byte that is not a space or tab; node:readline's line (the text the JavaScript
 * path stores for a rejected line, and parses) starts at the line break before. Scans back lazily,
 * only for the records whose text is read.
 */
export function ndjsonLineLocator(path: string, index: RecordLocator) {
  const fd = openSync(path, 'r');
  const starts = new Map<number, number>();
  const one = Buffer.alloc(256);
  return {
    get length() {
      return index.length;
    },
    start(k: number): number {
      const known = starts.get(k);
      if (known !== undefined) return known;
      let s = index.start(k);
      for (;;) {
        const from = Math.max(0, s - one.length);
        const n: number = readSync(fd, one, 0, s - from, from);
        let i = n - 1;
        while (i >= 0 && (one[i] === SPACE || one[i] === TAB)) i--;
        s = from + i + 1;
        if (i >= 0 || from === 0) break;
      }
      starts.set(k, s);
      return s;
    },
    end: (k: number) => index.end(k),
    line: (k: number) => index.line(k),
    close: () => closeSync(fd),
  } satisfies RecordLocator & { close(): void };
}

/** A line's fields as the JavaScript reader gives them, or null when it is not a JSON object. */
export function ndjsonFields(text: string): Record<string, string> | null {
  const item = parseNdjsonLine(text, 0);
  return item.kind === 'record' ? item.fields : null;
}

/**
 * JavaScript's reasons for the lines DuckDB refused (`refused`, placed on their records) and the lines
 * it read but not as JSON objects (`notObjects`, by position among the rows it gave): the refused rows
 * with JavaScript's reason, and the others as row faults. Returns `disagree` (naming the line) when
 * JavaScript reads one of them as a record: then the two readers differ and the file goes the
 * JavaScript way.
 */
export function ndjsonReasons(
  path: string,
  locator: RecordLocator,
  refused: readonly (ParserReject & { recordNo: number })[],
  notObjects: readonly number[],
):
  | {
      refused: (ParserReject & { recordNo: number })[];
      faults: { recordNo: number; reason: string }[];
      disagree: null;
    }
  | { disagree: string } {
  if (!refused.length && !notObjects.length) return { refused: [], faults: [], disagree: null };
  const fd = openSync(path, 'r');
  try {
    const bytes = (k: number) => {
      const buf = Buffer.alloc(locator.end(k) - locator.start(k));
      readSync(fd, buf, 0, buf.length, locator.start(k));
      return buf;
    };
    const out: (ParserReject & { recordNo: number })[] = [];
    for (const r of refused) {
      const buf = bytes(r.recordNo);
      const item = parseNdjsonLine(buf.toString('utf8'), locator.line(r.recordNo));
      if (item.kind === 'error') out.push({ ...r, reason: item.reason });
      else if (!isUtf8(buf)) out.push({ ...r, reason: INVALID_UTF8 });
      else
        return {
          disagree: `line ${locator.line(r.recordNo)}: DuckDB refused a line JavaScript reads (${r.reason})`,
        };
    }
    // Rows DuckDB gave are the records it did not refuse, in order: the n-th is the n-th such record.
    const skip = new Set(refused.map((r) => r.recordNo));
    const faults: { recordNo: number; reason: string }[] = [];
    let k = -1;
    let n = -1;
    for (const position of notObjects) {
      while (n < position) {
        k++;
        if (!skip.has(k)) n++;
      }
      const item = parseNdjsonLine(bytes(k).toString('utf8'), locator.line(k));
      if (item.kind === 'record')
        return { disagree: `line ${locator.line(k)}: JavaScript reads a JSON object that DuckDB does not` };
      faults.push({ recordNo: k, reason: item.reason });
    }
    return { refused: out, faults, disagree: null };
  } finally {
    closeSync(fd);
  }
}
