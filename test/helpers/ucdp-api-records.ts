import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** GED fields the UCDP API documents as integers (its answers hold them as JSON numbers). */
const INTEGER_FIELDS = new Set([
  'id',
  'year',
  'type_of_violence',
  'conflict_new_id',
  'dyad_new_id',
  'side_a_new_id',
  'side_b_new_id',
  'number_of_sources',
  'where_prec',
  'priogrid_gid',
  'country_id',
  'event_clarity',
  'date_prec',
  'deaths_a',
  'deaths_b',
  'deaths_civilians',
  'deaths_unknown',
  'best',
  'high',
  'low',
]);

/**
 * The real rows of a bundled UCDP CSV (GED or Candidate) as the UCDP API gives them, the way
 * src/ingest/ucdp-api/fixtures/README.md describes its fixture: GED's fields in order (no `iso3`),
 * integers and coordinates as JSON numbers, `active_year` a boolean, dates as `YYYY-MM-DDT00:00:00`,
 * an empty `gwnoa`/`gwnob` as null, other text verbatim. HDX's HXL row is left out.
 */
export function ucdpApiRecords(csvPath: string): Record<string, unknown>[] {
  const [header, ...rows] = parse(readFileSync(csvPath), { bom: true }) as string[][];
  const names = header!.map((h) => h.trim().toLowerCase());
  return rows
    .filter((r) => !r.every((v) => v === '' || v.startsWith('#')))
    .map((r) => {
      const rec: Record<string, unknown> = {};
      names.forEach((name, i) => {
        const v = r[i] ?? '';
        if (name === 'iso3') return;
        if (INTEGER_FIELDS.has(name) || name === 'latitude' || name === 'longitude')
          rec[name] = v.trim() === '' ? null : Number(v);
        else if (name === 'active_year') rec[name] = v === '1' || v.toLowerCase() === 'true';
        else if (name === 'date_start' || name === 'date_end') rec[name] = `${v.slice(0, 10)}T00:00:00`;
        else if (name === 'gwnoa' || name === 'gwnob') rec[name] = v === '' ? null : v;
        else rec[name] = v;
      });
      return rec;
    });
}

/**
 * Page `page` (from 0) of `records` at `size` a page, in the UCDP API's documented envelope
 * (TotalCount, TotalPages, PreviousPageUrl, NextPageUrl, Result), as a local server answers it.
 */
export function ucdpApiPage<T>(records: readonly T[], page: number, size: number) {
  return {
    TotalCount: records.length,
    TotalPages: Math.ceil(records.length / size),
    PreviousPageUrl: '',
    NextPageUrl: '',
    Result: records.slice(page * size, (page + 1) * size),
  };
}
