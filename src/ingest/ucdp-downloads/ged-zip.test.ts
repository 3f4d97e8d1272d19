import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { text } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { crc32 as nodeCrc32 } from 'node:zlib';
import yazl from 'yazl';
import { crc32, gedZipCsv } from './ged-zip.ts';

/** A zip of one member, stored (not deflated) so that a flipped byte keeps every size. */
const storedZip = (member: string, data: Buffer) =>
  new Promise<Buffer>((resolve) => {
    const z = new yazl.ZipFile();
    z.addBuffer(data, member, { compress: false });
    z.end();
    const parts: Buffer[] = [];
    z.outputStream.on('data', (c: Buffer) => parts.push(c)).on('end', () => resolve(Buffer.concat(parts)));
  });

// A GED CSV's header and two rows, cut to four fields (synthetic: the values are made up).
const CSV = Buffer.from('id,year,country,best\n1001,2021,Pakistan,3\n1002,2021,Afghanistan,7\n');

describe('the CSV member of a zip', () => {
  it("crc32 is zip's CRC-32, also fed in pieces", () => {
    assert.equal(crc32(CSV), nodeCrc32(CSV));
    assert.equal(crc32(CSV.subarray(20), crc32(CSV.subarray(0, 20))), nodeCrc32(CSV));
    assert.equal(crc32(Buffer.alloc(0)), 0);
  });

  it('reads a whole member as it is', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-ged-zip-')), 'ged261-csv.zip');
    writeFileSync(path, await storedZip('GEDEvent_v26_1.csv', CSV));
    const m = await gedZipCsv(path, 'ged/ged261-csv.zip');
    assert.equal(await text(m.stream), CSV.toString());
    m.close();
  });

  it('a member whose bytes changed but whose length did not fails its stream in one line naming the zip, the member and both CRC-32s', async () => {
    const zip = await storedZip('GEDEvent_v26_1.csv', CSV);
    const start = zip.indexOf(CSV);
    // "best" 3 becomes 2: a number that reads as well as the right one.
    zip[start + CSV.indexOf(',3\n') + 1] ^= 0x01;
    const path = join(mkdtempSync(join(tmpdir(), 'faultline-ged-zip-')), 'ged261-csv.zip');
    writeFileSync(path, zip);
    const damaged = nodeCrc32(zip.subarray(start, start + CSV.length))
      .toString(16)
      .padStart(8, '0');
    const recorded = nodeCrc32(CSV).toString(16).padStart(8, '0');
    const m = await gedZipCsv(path, 'ged/ged261-csv.zip');
    await assert.rejects(text(m.stream), {
      name: 'InvalidInputError',
      message: `"ged/ged261-csv.zip": not a readable zip: "GEDEvent_v26_1.csv" is damaged (its CRC-32 is ${damaged}, the zip records ${recorded})`,
    });
    m.close();
  });
});
