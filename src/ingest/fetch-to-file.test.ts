import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fetchToNdjson } from './fetch-to-file.ts';
import { countNdjsonRecords, readNdjson } from './json/read-ndjson.ts';

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'faultline-fetch-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function* pagesOf(...pages: object[][]): AsyncGenerator<object[]> {
  for (const page of pages) yield page;
}

describe('fetchToNdjson', () => {
  it('writes one JSON object per line, values as received, and counts records and pages', async () => {
    const path = join(dir, 'sub', 'out.ndjson');
    const progress: [number, number][] = [];
    const result = await fetchToNdjson(
      pagesOf(
        [
          { id: 1, best: 3 },
          { id: 2, note: 'a\nb' },
        ],
        [],
        [{ id: 3, ok: true, x: null }],
      ),
      path,
      {
        onRecords: (records, pages) => progress.push([records, pages]),
      },
    );
    assert.deepEqual(result, { records: 3, pages: 2 });
    assert.deepEqual(progress, [
      [2, 1],
      [3, 2],
    ]);
    assert.equal(
      await readFile(path, 'utf8'),
      '{"id":1,"best":3}\n{"id":2,"note":"a\\nb"}\n{"id":3,"ok":true,"x":null}\n',
    );
    assert.equal(existsSync(`${path}.part`), false);
  });

  it('writes a file the NDJSON reader and the independent counter both read as the records sent', async () => {
    const path = join(dir, 'roundtrip.ndjson');
    await fetchToNdjson(pagesOf([{ id: 1, text: 'line\r\nbreak' }, { id: 2 }]), path);
    const fields = [];
    for await (const item of readNdjson(path))
      fields.push(item.kind === 'record' ? item.fields : item.reason);
    assert.deepEqual(fields, [{ id: '1', text: 'line\r\nbreak' }, { id: '2' }]);
    assert.equal((await countNdjsonRecords(path)).records, 2);
  });

  it('leaves neither the file nor the .part file when the download fails midway', async () => {
    const path = join(dir, 'failed.ndjson');
    async function* failing(): AsyncGenerator<object[]> {
      yield [{ id: 1 }];
      throw new Error('UCDP API: HTTP 503 after 5 attempts: http://x');
    }
    await assert.rejects(fetchToNdjson(failing(), path), /HTTP 503 after 5 attempts/);
    assert.equal(existsSync(path), false);
    assert.equal(existsSync(`${path}.part`), false);
  });

  it('keeps the previous complete file when a new download of the same name fails', async () => {
    const path = join(dir, 'kept.ndjson');
    await fetchToNdjson(pagesOf([{ id: 1 }]), path);
    async function* failing(): AsyncGenerator<object[]> {
      yield [{ id: 2 }];
      throw new Error('network down');
    }
    await assert.rejects(fetchToNdjson(failing(), path), /network down/);
    assert.equal(await readFile(path, 'utf8'), '{"id":1}\n');
  });
});
