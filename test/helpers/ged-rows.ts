import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';

/** The bundled UCDP GED 22.1 Pakistan extract (HDX), the real rows tests are cut from. */
export const GED_FILE = new URL('../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url).pathname;

let parsed: string[][] | undefined;

/**
 * Header and data rows (HXL row dropped) of the bundled GED file, as arrays of fields: the file is
 * parsed once per process (140 ms), and each call gets arrays of its own to change freely.
 */
export function gedRows(): { header: string[]; rows: string[][] } {
  parsed ??= parse(readFileSync(GED_FILE), { relax_column_count: false }) as string[][];
  return { header: [...parsed[0]!], rows: parsed.slice(2).map((r) => [...r]) };
}

/** Serialises fields as one CSV record, quoting every field. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
}

/**
 * Writes the bundled GED rows of one `adm_1` label starting within [from, to] to `dir/name` in UCDP
 * Candidate's layout (GED's columns less `iso3`, every field quoted); name the file as Candidate
 * names its releases (`GEDEvent_v12_0_3.csv`) and it declares the months it covers.
 */
export function writeCandidateCut(dir: string, name: string, adm1: string, from: string, to: string): string {
  const { header, rows } = gedRows();
  const at = (n: string) => header.indexOf(n);
  const keep = rows.filter(
    (r) =>
      r[at('adm_1')] === adm1 &&
      r[at('date_start')]!.slice(0, 10) >= from &&
      r[at('date_start')]!.slice(0, 10) <= to,
  );
  const drop = (r: string[]) => r.filter((_, i) => i !== at('iso3'));
  const path = join(dir, name);
  writeFileSync(path, [drop(header), ...keep.map(drop)].map(csvLine).join('\n') + '\n');
  return path;
}
