/**
 * An in-memory store holding the bundled GED rows that start within [from, to] (real) and their
 * perturbed copy (synthetic, seed 17), imported without linking: what the linkage tests link.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFile } from '../../src/app/import-dataset.ts';
import { createStore, type Store } from '../../src/storage/index.ts';
import { csvLine, gedRows } from './ged-rows.ts';
import { perturbGed, PERTURBED_MAPPING } from './perturbed-ged.ts';

/** The store, with GED 22.1's rows of the period (those `keep` keeps) and their perturbed copy (`name` names the files). */
export async function perturbedCutStore(
  from: string,
  to: string,
  name: string,
  keep: (row: readonly string[], header: readonly string[]) => boolean = () => true,
): Promise<Store> {
  const { header, rows } = gedRows();
  const start = header.indexOf('date_start');
  const cut = rows.filter(
    (r) => r[start]!.slice(0, 10) >= from && r[start]!.slice(0, 10) <= to && keep(r, header),
  );
  const dir = mkdtempSync(join(tmpdir(), 'faultline-perturbed-'));
  const ged = join(dir, `ged-22.1-${name}.csv`);
  writeFileSync(ged, [header.join(','), ...cut.map(csvLine)].join('\n') + '\n');
  const copy = join(dir, `ged-22.1-${name}-perturbed-synthetic-seed-17.csv`);
  writeFileSync(copy, perturbGed(header, cut, 17).csv);
  writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
  const store = await createStore({ path: ':memory:' });
  await importFile(store, ged, { version: '22.1', link: false });
  await importFile(store, copy, { mapping: join(dir, 'perturbed.mapping.yaml'), link: false });
  return store;
}
