import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { registerEvent } from '../../cli/commands/event.ts';
import { exitCodeFor, failureLine } from '../../cli/fail.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { createApi } from '../server.ts';

let store: Store;
before(async () => {
  store = await createStore({ path: ':memory:' });
});
after(() => store.close());

const SOURCES = 'sources: ucdp-ged, ucdp-candidate, acled, gdelt, csv, faultline-desk';

describe('one event by id, over HTTP and the CLI', () => {
  it('refuses an empty or malformed id as bad input (400, exit 2) and keeps a well-formed unknown id not found (404, exit 3)', async () => {
    const api = createApi({ store, log: () => {}, anonymousRead: true });
    // They were 404 and exit 3, "unknown event id", as if such an event might have been stored.
    for (const id of ['', ' ', 'abc', '390461', 'ucdp-ged:', 'ucdp-ged: ', 'foo:1', 'UCDP-GED:1']) {
      const message = `invalid event id: ${JSON.stringify(id)} (use <source>:<source id>, e.g. ucdp-ged:390461; ${SOURCES})`;
      const cli = await runCli(store, [registerEvent], ['event', id]);
      assert.deepEqual(
        [exitCodeFor(cli.error), failureLine(cli.error)],
        [2, `faultline: ${message}\n`],
        JSON.stringify(id),
      );
      // An empty id has no path of its own (/events/ is the list's); a blank one does.
      if (id === '') continue;
      const res = await api.app.request(`/api/v1/events/${encodeURIComponent(id)}`);
      assert.equal(res.status, 400, JSON.stringify(id));
      assert.deepEqual(await res.json(), { error: { code: 'invalid_input', message } });
    }
    for (const id of ['ucdp-ged:0', 'csv:mine:7', 'faultline-desk:12']) {
      const cli = await runCli(store, [registerEvent], ['event', id]);
      assert.deepEqual(
        [exitCodeFor(cli.error), failureLine(cli.error)],
        [3, `faultline: unknown event id: "${id}" (faultline events lists event ids)\n`],
      );
      const res = await api.app.request(`/api/v1/events/${encodeURIComponent(id)}`);
      assert.deepEqual(
        [res.status, await res.json()],
        [404, { error: { code: 'not_found', message: `no event with id "${id}"` } }],
      );
    }
  });
});
