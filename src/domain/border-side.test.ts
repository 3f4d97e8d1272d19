import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { BORDER_LINE_ERROR_KM, borderSideOf } from './border-side.ts';

describe('borderSideOf', () => {
  const torkham = { borderSide: 'PAK', admin1Code: 'PK-KP', country: 'AFG' };

  it("takes the source's country over a point on the other side within the line's error, and the point beyond it", () => {
    assert.deepEqual(borderSideOf({ ...torkham, borderKm: 0.1 }), { side: 'AFG', basis: 'country' });
    assert.deepEqual(borderSideOf({ ...torkham, borderKm: BORDER_LINE_ERROR_KM }), {
      side: 'AFG',
      basis: 'country',
    });
    assert.deepEqual(borderSideOf({ ...torkham, borderKm: BORDER_LINE_ERROR_KM + 0.1 }), {
      side: 'PAK',
      basis: 'point',
    });
  });

  it('keeps the point when the source agrees, or names neither country', () => {
    assert.deepEqual(borderSideOf({ ...torkham, country: 'PAK', borderKm: 0.1 }), {
      side: 'PAK',
      basis: 'point',
    });
    assert.deepEqual(borderSideOf({ ...torkham, country: 'IRN', borderKm: 0.2 }), {
      side: 'PAK',
      basis: 'point',
    });
  });
});
