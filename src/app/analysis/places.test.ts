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

  it('a list cut at the limit says so (JSON note, CSV header); a list with every match says nothing', async () => {
    // "Pe" matches 6 event place names (Peshawar town, Peshawar district, ...).
    const all = await placesQuery(store, { q: 'Pe', limit: 100 });
    assert.equal(all.note, null);
    const events = all.places.filter((p) => p.from === 'events').length;
    assert.ok(events > 2, `${events} event place names`);
    const cut = await placesQuery(store, { q: 'Pe', limit: 2 });
    assert.equal(cut.places.filter((p) => p.from === 'events').length, 2);
    assert.match(
      cut.note ?? '',
      /^more (.+ and )?event place names match than the limit of 2 lists from each: give a larger limit \(at most 100\) for more$/,
    );
    const api = createApi({ store, log: () => {} });
    const csv = await api.app.request('/api/v1/places?q=Pe&limit=2&format=csv');
    assert.equal(csv.headers.get('x-faultline-notes'), cut.note);
    const json = (await (await api.app.request('/api/v1/places?q=Pe&limit=2')).json()) as { note: string };
    assert.equal(json.note, cut.note);
  });
});

const ORDER = ['gazetteer', 'districts', 'events'];
