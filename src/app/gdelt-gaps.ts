/**
 * The GDELT gaps the store records (each `faultline fetch gdelt` keeps those of its period), as
 * `faultline gaps` and `GET /api/v1/gdelt/gaps` answer them (the same shape): filtered by period and
 * kind, counted per kind, a page of them listed, and a note whenever the list holds fewer than match.
 */
import { parseChoice } from '../domain/choice.ts';
import { invalidParam, periodReversed } from '../domain/errors.ts';
import { GDELT_GAP_KINDS, type GdeltGapKind } from '../domain/gdelt-gap-kind.ts';
import { quoteValue } from '../domain/quote.ts';
import { parseBound, sliceOf } from '../ingest/gdelt/gdelt-masterlist.ts';
import type { Store } from '../storage/store.ts';
import { cutNote, type ListWindow } from './rejections.ts';

/** One recorded gap: its slice, kind and reason as the fetch that found it gave them, and when that fetch recorded it. */
export interface GdeltGapListRow {
  /** The 15-minute slice, YYYYMMDDHHMMSS (UTC). */
  slice: string;
  /** Why, for a script: one of unlisted, missing-upstream, download, checksum, damaged, import (docs/fetching.md, "GDELT gaps"). */
  kind: GdeltGapKind;
  /** Why, for a person: the failure in one line. */
  reason: string;
  /** When the fetch that found it recorded it (ISO 8601, UTC). */
  recorded_at: string;
}

/** The recorded gaps of one kind that match the period. */
export interface GdeltGapKindCount {
  kind: GdeltGapKind;
  gaps: number;
}

/** `faultline gaps --format json` and `GET /api/v1/gdelt/gaps`. */
export interface GdeltGapsAnswer {
  /** The first slice asked for (YYYYMMDDHHMMSS), or null: from the first recorded. */
  from: string | null;
  /** The last slice asked for, included, or null: to the last recorded. */
  to: string | null;
  /** The kinds asked for, in the vocabulary's order (every kind when none was named). */
  kinds: GdeltGapKind[];
  /** Every recorded gap of those kinds in the period, however many are listed. */
  total: number;
  /** Of those, how many of each kind asked for (0 included), in the vocabulary's order. */
  by_kind: GdeltGapKindCount[];
  /** Gaps skipped before the first listed one. */
  offset: number;
  /** The most gaps asked for; null: every one (the CLI's exports without --limit). */
  limit: number | null;
  /** What the list leaves out and how to page on, and that a period no fetch covered records no gap; else null. */
  note: string | null;
  /** The gaps listed, oldest slice first. */
  gaps: GdeltGapListRow[];
}

/** The column order of a gap row (csv, ndjson). */
export const GAP_COLUMNS = ['slice', 'kind', 'reason', 'recorded_at'] as const;

/** What a gap listing is asked: the period and kinds as typed (each optional), and the window. */
export interface GdeltGapsRequest {
  from?: string;
  to?: string;
  /** Kinds, comma-separated (`download,checksum`), in any case. */
  kind?: string;
}

/** The kinds of a `kind` parameter as typed, in the vocabulary's order; every kind without one. */
export function parseGapKinds(text: string | undefined): GdeltGapKind[] {
  if (text === undefined) return [...GDELT_GAP_KINDS];
  const parts = text.split(',').map((p) => p.trim());
  if (parts.some((p) => p === ''))
    throw invalidParam('kind', `${quoteValue(text)} (use ${GDELT_GAP_KINDS.join(', ')}, comma-separated)`);
  const asked = new Set(parts.map((p) => parseChoice('kind', p, GDELT_GAP_KINDS)));
  return GDELT_GAP_KINDS.filter((k) => asked.has(k));
}

/** A period bound as typed (YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC) as the slice it starts or ends with. */
function boundSlice(name: 'from' | 'to', text: string | undefined): string | null {
  if (text === undefined) return null;
  const d = parseBound(text, name === 'to');
  if (!d) throw invalidParam(name, `${quoteValue(text)} (use YYYY-MM-DD or YYYY-MM-DDTHH:MM, UTC)`);
  return sliceOf(d);
}

/**
 * The recorded gaps matching the request, counted per kind, those in the window listed (every one
 * without a limit). A period and kinds with none recorded answer total 0 and say why that is not
 * "nothing is missing": only a fetch records gaps, for its own period.
 */
export async function gdeltGapsAnswer(
  store: Store,
  r: GdeltGapsRequest,
  w: ListWindow = { limit: null, offset: 0 },
): Promise<GdeltGapsAnswer> {
  const kinds = parseGapKinds(r.kind);
  const from = boundSlice('from', r.from);
  const to = boundSlice('to', r.to);
  if (from !== null && to !== null && to < from) throw periodReversed(r.from!, r.to!);
  const q = { ...(from !== null ? { from } : {}), ...(to !== null ? { to } : {}), kinds };
  // One read: the count and the page apart let a fetch committing between them split the total from the rows.
  const { byKind: counted, rows: listed } = (await store.gdeltGapPage?.({
    ...q,
    ...(w.limit !== null ? { limit: w.limit } : {}),
    offset: w.offset,
  })) ?? { byKind: {}, rows: [] };
  const byKind = kinds.map((kind) => ({ kind, gaps: counted[kind] ?? 0 }));
  const total = byKind.reduce((n, k) => n + k.gaps, 0);
  const notes = [
    cutNote('gaps', 'gaps', listed.length, total, w),
    total === 0 ? noneRecorded(from, to, kinds) : null,
  ].filter((n) => n !== null);
  return {
    from,
    to,
    kinds,
    total,
    by_kind: byKind,
    offset: w.offset,
    limit: w.limit,
    note: notes.length ? notes.join('; ') : null,
    gaps: listed.map((g) => ({ slice: g.slice, kind: g.kind, reason: g.reason, recorded_at: g.recordedAt })),
  };
}

/** Why no gap listed is not "nothing missing": only a fetch records the gaps of its own period. */
function noneRecorded(from: string | null, to: string | null, kinds: readonly GdeltGapKind[]): string {
  const period =
    from === null && to === null ? '' : ` from ${from ?? 'the first slice'} to ${to ?? 'the last slice'}`;
  const which = kinds.length === GDELT_GAP_KINDS.length ? '' : ` of kind ${kinds.join(', ')}`;
  return `no GDELT gap${which} recorded${period}: each faultline fetch gdelt records the gaps of its own period, so a period no fetch covered has none recorded either (faultline sources lists the GDELT exports imported)`;
}
