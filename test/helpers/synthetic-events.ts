import { randomBytes } from 'node:crypto';
import type { StagedEvent } from '../../src/domain/placed-event.ts';
import { stagedEvent } from '../../src/storage/store.case.ts';
import type { ImportStart, Store } from '../../src/storage/store.ts';

export { stagedEvent };

/** The start of an import of no file (a fresh digest each time, so it never counts as already imported). */
export function syntheticImportStart(): ImportStart {
  return {
    fileName: 'synthetic.csv',
    bytes: 1,
    sha256: randomBytes(16).toString('hex'),
    format: 'ucdp-ged',
    source: 'ucdp-ged',
    startedAt: '2026-01-01T00:00:00Z',
    supersedeScope: false,
  };
}

/** Writes events into a store through one committed import session (no file needed). */
export async function addStagedEvents(
  store: Store,
  events: readonly StagedEvent[],
  version = '22.1',
): Promise<void> {
  const imp = await store.beginImport(syntheticImportStart());
  await imp.addEvents(events);
  await imp.commit({
    version,
    versionInferred: false,
    rowsRead: events.length,
    metadataRows: 0,
    warnings: 0,
  });
}

/** `counts[i]` events in the i-th month from `firstMonth` (YYYY-MM), on days 1-28 in turn. */
export function monthlyEvents(
  counts: readonly number[],
  firstMonth = '2015-01',
  over: Partial<StagedEvent> = {},
): StagedEvent[] {
  const [y0, m0] = firstMonth.split('-').map(Number) as [number, number];
  const out: StagedEvent[] = [];
  counts.forEach((n, i) => {
    const y = y0 + Math.floor((m0 - 1 + i) / 12);
    const m = ((m0 - 1 + i) % 12) + 1;
    for (let k = 0; k < n; k++) {
      const date = `${y}-${String(m).padStart(2, '0')}-${String((k % 28) + 1).padStart(2, '0')}`;
      out.push(stagedEvent(`s${i}-${k}`, { dateStart: date, dateEnd: date, ...over }));
    }
  });
  return out;
}
