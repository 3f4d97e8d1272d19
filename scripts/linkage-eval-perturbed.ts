/**
 * Precision and recall of the stored linkage on every perturbed evaluation set (docs/linkage.md,
 * "Evaluation"): the whole bundled GED extract against its perturbed copy (seed 17, the reported
 * draw, and seed 99, the validation draw), with the figures per year of the GED events copied, and
 * the cuts tests link on their own (January-March 2013 and the whole of 2013, seed 17, each with GED
 * a month either side). Each set is imported into a fresh in-memory store and linked as an import
 * links it. `npm run --silent eval:perturbed` prints the table; `-- --format json` the figures;
 * `-- --details "cut 2013, seed 17"` (or `"whole extract, seed 17, 2013"`) also lists that set's wrong and missed pairs with their scores and reasons.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { importFile } from '../src/app/import-dataset.ts';
import { createStore } from '../src/storage/index.ts';
import type { StoredLinkage } from '../src/storage/stored-linkage.ts';
import { csvLine, gedRows } from '../test/helpers/ged-rows.ts';
import { perturbedTruth } from '../test/helpers/linkage-eval.ts';
import { perturbGed, PERTURBED_MAPPING } from '../test/helpers/perturbed-ged.ts';

/** Counts of one set (or one year of it). */
export interface EvalRow {
  set: string;
  copies: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

/** A wrong or missed pair of a set, with the scored pair's score and reasons when it was scored. */
export interface EvalMiss {
  kind: 'wrong' | 'missed';
  copy: string;
  ged: string;
  score: number | null;
  reasons: string[];
}

const row = (set: string, copies: number, predicted: number, correct: number): EvalRow => ({
  set,
  copies,
  predicted,
  correct,
  precision: predicted ? correct / predicted : 1,
  recall: copies ? correct / copies : 1,
});

// Links GED rows `ged` and a perturbed copy of rows `cut` (seed) in a fresh store; returns the links and the truth.
async function linkSet(
  header: string[],
  ged: string[][],
  cut: string[][],
  seed: number,
): Promise<{ truth: Map<string, string>; linkage: StoredLinkage }> {
  const dir = mkdtempSync(join(tmpdir(), 'faultline-linkage-eval-'));
  const store = await createStore({ path: ':memory:' });
  try {
    const { csv } = perturbGed(header, cut, seed);
    const gedFile = join(dir, 'ged-22.1-rows.csv');
    writeFileSync(gedFile, [header.join(','), ...ged.map(csvLine)].join('\n') + '\n');
    const file = join(dir, `ged-22.1-perturbed-synthetic-seed-${seed}.csv`);
    writeFileSync(file, csv);
    writeFileSync(join(dir, 'perturbed.mapping.yaml'), PERTURBED_MAPPING);
    await importFile(store, gedFile, { version: '22.1' });
    await importFile(store, file, { mapping: join(dir, 'perturbed.mapping.yaml') });
    const runs = await store.linkageRuns();
    return { truth: perturbedTruth(csv), linkage: await store.storedLinkage(runs.map((r) => r.id)) };
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Evaluates every perturbed set; `details` names a set (or a set's year) whose wrong and missed pairs to list, as the table names it. */
export async function evaluatePerturbed(details?: string): Promise<{ rows: EvalRow[]; misses: EvalMiss[] }> {
  const { header, rows } = gedRows();
  const start = header.indexOf('date_start');
  const month = (r: string[]) => r[start]!.slice(0, 7);
  const yearOf = new Map(rows.map((r) => [`ucdp-ged:${r[header.indexOf('id')]}`, r[start]!.slice(0, 4)]));
  const out: EvalRow[] = [];
  const misses: EvalMiss[] = [];
  const score = (set: string, truth: Map<string, string>, linkage: StoredLinkage, byYear: boolean): void => {
    const predictedOf = new Map<string, string[]>();
    for (const c of linkage.clusters) {
      const ged = c.members.filter((m) => m.startsWith('ucdp-ged:'));
      for (const m of c.members.filter((x) => truth.has(x))) predictedOf.set(m, ged);
    }
    const tally = new Map<string, [number, number, number]>();
    const add = (key: string, copies: number, predicted: number, correct: number) => {
      const t = tally.get(key) ?? [0, 0, 0];
      tally.set(key, [t[0] + copies, t[1] + predicted, t[2] + correct]);
    };
    const pairOf = new Map(linkage.pairs.map((p) => [`${p.a}|${p.b}`, p]));
    const scoredPair = (x: string, y: string) => pairOf.get(x < y ? `${x}|${y}` : `${y}|${x}`);
    for (const [copy, ged] of truth) {
      const predicted = predictedOf.get(copy) ?? [];
      const correct = predicted.filter((g) => g === ged).length;
      const year = yearOf.get(ged)!;
      const key = byYear ? `${set}, ${year}` : set;
      add(set, 1, predicted.length, correct);
      if (byYear) add(key, 1, predicted.length, correct);
      if (details === undefined || !key.startsWith(details)) continue;
      const miss = (kind: EvalMiss['kind'], g: string) => {
        const p = scoredPair(copy, g);
        misses.push({ kind, copy, ged: g, score: p?.score ?? null, reasons: p?.reasons ?? [] });
      };
      for (const g of predicted.filter((x) => x !== ged)) miss('wrong', g);
      if (!correct) miss('missed', ged);
    }
    for (const [key, [copies, predicted, correct]] of [...tally].sort((x, y) => (x[0] < y[0] ? -1 : 1)))
      out.push(row(key, copies, predicted, correct));
  };
  for (const seed of [17, 99]) {
    const { truth, linkage } = await linkSet(header, rows, rows, seed);
    score(`whole extract, seed ${seed}`, truth, linkage, true);
  }
  for (const [name, from, to, before, after] of [
    ['cut January-March 2013, seed 17', '2013-01', '2013-03', '2012-12', '2013-04'],
    ['cut 2013, seed 17', '2013-01', '2013-12', '2012-12', '2014-01'],
  ] as const) {
    const cut = rows.filter((r) => month(r) >= from && month(r) <= to);
    const near = rows.filter((r) => month(r) >= before && month(r) <= after);
    const { truth, linkage } = await linkSet(header, near, cut, 17);
    score(name, truth, linkage, false);
  }
  return { rows: out, misses };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const at = args.indexOf('--details');
  const details = at >= 0 ? args[at + 1] : undefined;
  const { rows, misses } = await evaluatePerturbed(details);
  if (args.includes('--format') && args[args.indexOf('--format') + 1] === 'json')
    console.log(JSON.stringify({ rows, misses }, null, 2));
  else {
    for (const r of rows)
      console.log(
        `${r.set}: ${r.copies} copies, precision ${r.precision.toFixed(3)} (${r.correct}/${r.predicted}), recall ${r.recall.toFixed(3)} (${r.correct}/${r.copies})`,
      );
    for (const m of misses)
      console.log(`${m.kind} ${m.copy} ~ ${m.ged}: ${m.score ?? 'not scored'} ${m.reasons.join('; ')}`);
  }
}
