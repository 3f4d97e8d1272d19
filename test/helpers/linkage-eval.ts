/**
 * Precision and recall of the stored linkage against a labelled set: pairs of a GED event and a
 * record of another source that copies it (the truth), against the pairs that share a stored incident.
 */
import type { Store } from '../../src/storage/index.ts';

/** Precision, recall and their counts. */
export interface LinkageScore {
  truth: number;
  predicted: number;
  correct: number;
  precision: number;
  recall: number;
}

/** Scores the store's linkage runs: `truth` maps a record id of the other source to its GED event id. */
export async function scoreLinkage(store: Store, truth: ReadonlyMap<string, string>): Promise<LinkageScore> {
  const runs = await store.linkageRuns();
  const { clusters } = await store.storedLinkage(runs.map((r) => r.id));
  let predicted = 0;
  let correct = 0;
  for (const c of clusters) {
    const ged = c.members.filter((m) => m.startsWith('ucdp-ged:'));
    for (const m of c.members.filter((x) => truth.has(x)))
      for (const g of ged) {
        predicted++;
        if (truth.get(m) === g) correct++;
      }
  }
  return {
    truth: truth.size,
    predicted,
    correct,
    precision: predicted ? correct / predicted : 1,
    recall: truth.size ? correct / truth.size : 1,
  };
}

/** The truth of a perturbed file: each copy's incident number (`P-<id>`) names the GED event it copies. */
export function perturbedTruth(csv: string): Map<string, string> {
  return new Map(
    csv
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => /^"P-(\d+)"/.exec(l)![1]!)
      .map((id) => [`csv:perturbed-ged:P-${id}`, `ucdp-ged:${id}`]),
  );
}
