/**
 * Makes a store's first stored linkage run stale, as a run stored before the current parameters
 * is (its parameters lack `candidates`), and clears the kept answers as an import would: the next
 * reader of the period links it again.
 */
import { invalidateMemo } from '../../src/app/analysis/memo.ts';
import type { Store } from '../../src/storage/store.ts';

export async function staleLinks(store: Store): Promise<void> {
  const [stored] = await store.linkageRuns();
  const older = JSON.parse(stored!.params) as Record<string, unknown>;
  delete older.candidates;
  await store.saveLinkageRun({
    ...stored!,
    params: JSON.stringify(older),
    replaces: [stored!.id],
    ...(await store.storedLinkage([stored!.id])),
  });
  invalidateMemo(store);
}
