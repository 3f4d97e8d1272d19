import { readFileSync } from 'node:fs';
import { parse } from 'csv-parse/sync';

/** The bundled UCDP GED 22.1 Pakistan extract (HDX), the real rows tests are cut from. */
export const GED_FILE = new URL('../../data/ucdp-ged/conflict_data_pak.csv', import.meta.url).pathname;

/** Header and data rows (HXL row dropped) of the bundled GED file, as arrays of fields. */
export function gedRows(): { header: string[]; rows: string[][] } {
  const all = parse(readFileSync(GED_FILE), { relax_column_count: false }) as string[][];
  return { header: all[0]!, rows: all.slice(2) };
}

/** Serialises fields as one CSV record, quoting every field. */
export function csvLine(fields: readonly string[]): string {
  return fields.map((f) => `"${f.replace(/"/g, '""')}"`).join(',');
}
