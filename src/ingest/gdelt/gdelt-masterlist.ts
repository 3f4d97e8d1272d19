/**
 * GDELT 2.0's file lists: `masterfilelist.txt` (every file since 2015-02-18 23:00) and `lastupdate.txt`
 * (the newest three), one file a line as `size md5 url`. Event exports are the
 * `YYYYMMDDHHMMSS.export.CSV.zip` files, one per 15-minute slice.
 */

/** GDELT 2.0's own file folder. */
export const GDELT_BASE_URL = 'http://data.gdeltproject.org/gdeltv2/';

/** One event export a list names. */
export interface ListedExport {
  /** The 15-minute slice, YYYYMMDDHHMMSS (UTC). */
  slice: string;
  bytes: number;
  md5: string;
  url: string;
}

/** The event exports a list names (later lines win for a slice listed twice), and how many lines could not be read. */
export function parseFileList(text: string): { exports: ListedExport[]; unreadable: number } {
  const bySlice = new Map<string, ListedExport>();
  let unreadable = 0;
  for (const line of text.split('\n')) {
    const t = line.trim();
    if (!t) continue;
    const m = /^(\d+) ([0-9a-f]{32}) (\S+)$/i.exec(t);
    if (!m) {
      unreadable++;
      continue;
    }
    const slice = /(\d{14})\.export\.CSV\.zip$/i.exec(m[3]!)?.[1];
    if (slice) bySlice.set(slice, { slice, bytes: Number(m[1]), md5: m[2]!.toLowerCase(), url: m[3]! });
  }
  return { exports: [...bySlice.values()].sort((a, b) => a.slice.localeCompare(b.slice)), unreadable };
}

/** A period bound as given: YYYY-MM-DD (the whole day) or YYYY-MM-DDTHH:MM (UTC). */
export function parseBound(text: string, end: boolean): Date | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?$/.exec(text);
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const t = Date.UTC(+y!, +mo! - 1, +d!, h ? +h : end ? 23 : 0, mi ? +mi : end ? 45 : 0);
  const date = new Date(t);
  // Date.UTC rolls 2023-02-30 over into March: such a date is refused.
  if (date.getUTCMonth() !== +mo! - 1 || date.getUTCDate() !== +d!) return null;
  return date;
}

/** The slice (YYYYMMDDHHMMSS) of a time. */
export const sliceOf = (d: Date): string => d.toISOString().replace(/[-:T]/g, '').slice(0, 14);

/** The time a slice (YYYYMMDDHHMMSS, UTC) names. */
export const sliceTime = (slice: string): Date =>
  new Date(
    Date.UTC(
      +slice.slice(0, 4),
      +slice.slice(4, 6) - 1,
      +slice.slice(6, 8),
      +slice.slice(8, 10),
      +slice.slice(10, 12),
      +slice.slice(12, 14),
    ),
  );

/** Every 15-minute slice from `from` to `to`, both included (rounded to slices). */
export function slicesBetween(from: Date, to: Date): string[] {
  const step = 15 * 60_000;
  const out: string[] = [];
  for (let t = Math.ceil(from.getTime() / step) * step; t <= to.getTime(); t += step)
    out.push(sliceOf(new Date(t)));
  return out;
}
