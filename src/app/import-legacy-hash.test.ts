// test-run: alone, about 4 s
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { csvLine, gedRows } from '../../test/helpers/ged-rows.ts';
import { DuckDBStore } from '../storage/duckdb/duckdb-store.ts';
import { importFile } from './import-dataset.ts';

const tmp = mkdtempSync(join(tmpdir(), 'faultline-legacy-hash-'));
/** The md5 content hashes faultline stored for the first 40 GED rows before the 64-bit hash (test/fixtures/README.md). */
const LEGACY = new URL('../../test/fixtures/ged-40-md5-content-hashes.csv', import.meta.url).pathname;

/** The first 40 data rows of the bundled GED file, every field quoted, with `edit` applied, as a file. */
function gedCut(name: string, newline: string, edit: (rows: string[][], at: (f: string) => number) => void) {
  const { header, rows } = gedRows();
  const cut = rows.slice(0, 40).map((r) => [...r]);
  edit(cut, (f) => header.indexOf(f));
  const path = join(tmp, name);
  writeFileSync(path, [header, ...cut].map(csvLine).join(newline) + newline);
  return path;
}

describe('stores whose events carry the md5 content hashes of earlier releases', () => {
  after(() => rmSync(tmp, { recursive: true, force: true }));

  it('find the same records unchanged and a changed record changed, and the unchanged ones then carry the new hash', async () => {
    // In memory: nothing reads the file (closing a file store that was written to checkpoints it).
    const store = await DuckDBStore.open(':memory:');
    try {
      const opts = { format: 'ucdp-ged', link: false, alerts: false } as const;
      await importFile(
        store,
        gedCut('a.csv', '\r\n', () => {}),
        { ...opts, version: '22.1' },
      );
      // The store as the md5 release left it: the same events, the hashes that release computed for them.
      const [{ n }] = await store.select<{ n: number }>(
        `SELECT count(*) AS n FROM events e JOIN read_csv('${LEGACY}', all_varchar = true) f USING (id)`,
      );
      assert.equal(n, 40);
      await store.select(
        `UPDATE events SET content_hash = f.content_hash FROM read_csv('${LEGACY}', all_varchar = true) f WHERE events.id = f.id`,
      );
      // The same records in other bytes (LF line ends): nothing changed.
      const same = await importFile(
        store,
        gedCut('b.csv', '\n', () => {}),
        { ...opts, version: '22.2' },
      );
      assert.equal(same.alreadyImported, false);
      assert.deepEqual(
        { changed: same.ledger.changed, unchanged: same.ledger.unchanged, added: same.ledger.added },
        { changed: 0, unchanged: 40, added: 0 },
      );
      const [h] = await store.select<{ legacy: number }>(
        `SELECT count(*) FILTER (WHERE length(content_hash) = 32) AS legacy FROM events`,
      );
      assert.equal(h!.legacy, 0, 'events found unchanged take the new hash');
      // Back to md5 hashes, then one record's deaths raised: that record alone is changed.
      const raiseDeaths: Parameters<typeof gedCut>[2] = (rows, at) => {
        rows[7]![at('best')] = String(Number(rows[7]![at('best')]) + 5);
        rows[7]![at('high')] = String(Number(rows[7]![at('high')]) + 5);
      };
      await store.select(
        `UPDATE events SET content_hash = f.content_hash FROM read_csv('${LEGACY}', all_varchar = true) f WHERE events.id = f.id`,
      );
      const edited = await importFile(store, gedCut('c.csv', '\n', raiseDeaths), {
        ...opts,
        version: '22.3',
      });
      assert.deepEqual(
        { changed: edited.ledger.changed, unchanged: edited.ledger.unchanged },
        { changed: 1, unchanged: 39 },
      );
      const { rows } = gedRows();
      const changed = await store.select<{ event_id: string }>(
        `SELECT event_id FROM event_changes WHERE change = 'changed'`,
      );
      assert.deepEqual(
        changed.map((c) => c.event_id),
        [`ucdp-ged:${rows[7]![0]}`],
      );
      // And the new hashes compare as well: the edited file again, under another version, changes nothing.
      const again = await importFile(store, gedCut('d.csv', '\r\n', raiseDeaths), {
        ...opts,
        version: '22.4',
      });
      assert.deepEqual(
        { changed: again.ledger.changed, unchanged: again.ledger.unchanged },
        { changed: 0, unchanged: 40 },
      );
    } finally {
      await store.close();
    }
  });
});
