/**
 * A figure compiled twice, for the month view's tests: a second compiled file of published figures
 * (**synthetic**, written at run time as `synthetic-returns-compiled-twice.csv`) holding a copy of
 * one real figure of the bundled returns file and a made-up week beside it, so that October 2025
 * holds the real figure in two files and a part it can be added to.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { importFile } from '../../src/app/import-dataset.ts';
import type { Store } from '../../src/storage/store.ts';
import { publishedReturns } from './published-returns.ts';

/** The real figure copied: UNHCR-IOM's 18,630 returns from Pakistan in the week of 19-25 October 2025. */
export const COPIED = {
  metric: 'returns',
  period_start: '2025-10-19',
  period_end: '2025-10-25',
  value: '18630',
};

/** The made-up week of the synthetic file: 5-11 October 2025, sharing no day with the copied one. */
export const MADE_UP_WEEK = { period_start: '2025-10-05', period_end: '2025-10-11', value: '20000' };

/**
 * Writes the synthetic file and imports it into `store`: the copied row as another compilation
 * records it (version `synthetic-compilation`, which makes it a record of its own, and no page), and
 * the same row moved to MADE_UP_WEEK with its quote dropped. Returns the file's path (removed once
 * imported, with its folder: the store keeps the file's bytes in its archive, and the tests use only
 * its name).
 */
export async function importFigureCompiledTwice(store: Store): Promise<string> {
  const real = publishedReturns().filter((r) => Object.entries(COPIED).every(([k, v]) => r[k] === v));
  if (real.length !== 1) throw new Error(`expected one bundled figure like ${JSON.stringify(COPIED)}`);
  const row = real[0]!;
  const copy = { ...row, version: 'synthetic-compilation', url: '' };
  const week = { ...copy, ...MADE_UP_WEEK, quote: '' };
  const dir = mkdtempSync(join(tmpdir(), 'faultline-twice-'));
  const path = join(dir, 'synthetic-returns-compiled-twice.csv');
  try {
    writeFileSync(path, stringify([copy, week], { header: true }));
    await importFile(store, path, { link: false, alerts: false });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return path;
}
