import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { cellToParent, getResolution, isValidCell } from 'h3-js';
import { H3_COARSE_RES, H3_FINE_RES, h3Cells } from './h3.ts';

describe('h3Cells', () => {
  it('gives a valid fine cell and its coarse parent at the exported resolutions', () => {
    const { coarse, fine } = h3Cells(71.57849, 34.008);
    assert.ok(isValidCell(fine) && isValidCell(coarse));
    assert.equal(getResolution(fine), H3_FINE_RES);
    assert.equal(getResolution(coarse), H3_COARSE_RES);
    assert.equal(cellToParent(fine, H3_COARSE_RES), coarse);
  });

  it('separates Peshawar and Kabul, and keeps two points 100 m apart in one coarse cell', () => {
    assert.notEqual(h3Cells(71.57849, 34.008).coarse, h3Cells(69.17233, 34.52813).coarse);
    assert.equal(h3Cells(71.5, 34.0).coarse, h3Cells(71.501, 34.0).coarse);
  });
});
