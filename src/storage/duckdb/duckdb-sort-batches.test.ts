import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventSort } from '../../domain/query.ts';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import { DuckDBStore } from './duckdb-store.ts';

let store: DuckDBStore;

before(async () => {
  // Batches of 7 rows over 60 events: 8 dates, one of them holding 20 events (a key value larger
  // than a batch), deaths unknown, 0, 1 or 5.
  store = await DuckDBStore.open(':memory:', undefined, { sortBatch: 7 });
  const deaths = [null, 0, 1, 5];
  await addStagedEvents(
    store,
    Array.from({ length: 60 }, (_, i) => {
      const day = i < 20 ? 3 : 4 + (i % 7);
      const date = `2021-05-${String(day).padStart(2, '0')}`;
      return stagedEvent(String(1000 + ((i * 37) % 60)), {
        dateStart: date,
        dateEnd: date,
        fatalitiesBest: deaths[i % 4]!,
      });
    }),
  );
});
after(() => store.close());

describe('exports sorted a batch at a time', () => {
  for (const sort of ['date', '-date', 'fatalities', '-fatalities'] as EventSort[])
    it(`sort ${sort}: every window of rows equals the one-query listing's, across batch edges`, async () => {
      for (const [offset, limit] of [
        [0, undefined],
        [5, 13],
        [20, undefined],
        [6, 1],
        [58, 10],
        [0, 0],
        [61, 5],
      ]) {
        const streamed: string[] = [];
        for await (const rows of store.streamEventSummaries({ sort, offset, limit }))
          streamed.push(...rows.map((r) => r.id as string));
        const listed = await store.queryEvents({ sort, offset, limit: limit ?? 1000 });
        assert.deepEqual(
          streamed,
          listed.rows.map((e) => e.id),
          `offset ${offset}, limit ${limit}`,
        );
      }
    });
});
