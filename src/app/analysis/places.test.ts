import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApi } from '../../api/server.ts';
import { createStore, type Store } from '../../storage/index.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { placesQuery } from './places.ts';

let store: Store;

describe('GET /places: gazetteer, districts, then the events’ own place names', () => {
  before(async () => {
    store = await createStore({ path: await bundledStoreCopy() });
  });
  after(() => store?.close());

  it('a district no town is named after ("Bajaur") is a district row, before the place names events use', async () => {
    const { places } = await placesQuery(store, { q: 'Bajaur' });
    const from = places.map((p) => p.from);
    // In order: whatever the gazetteer has, then districts, then events.
    assert.deepEqual(
      from,
      [...from].sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b)),
    );
    const district = places.find((p) => p.from === 'districts');
    assert.deepEqual(
      [district?.name, district?.kind, district?.admin1_code, district?.admin2_name, district?.matched_by],
      ['Bajaur', 'district', 'PK-KP', 'Bajaur', 'name'],
    );
    assert.ok(places.some((p) => p.from === 'events' && /^Bajaur/i.test(p.name) && (p.events ?? 0) > 0));
    // The API answers the same rows.
    const api = createApi({ store, log: () => {} });
    const body = (await (await api.app.request('/api/v1/places?q=Bajaur')).json()) as { places: unknown[] };
    assert.deepEqual(body.places, JSON.parse(JSON.stringify(places)));
    // A country filter applies to districts too.
    assert.ok(
      (await placesQuery(store, { q: 'Bajaur', country: ['AFG'] })).places.every((p) => p.country === 'AFG'),
    );
  });
});

const ORDER = ['gazetteer', 'districts', 'events'];
