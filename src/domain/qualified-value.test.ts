import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { qualifiedValue } from './qualified-value.ts';

describe('a published value with its qualifier in words', () => {
  it('says "about", "at least" and "up to" before the number, and nothing for an exact figure', () => {
    assert.deepEqual(
      [
        qualifiedValue(40000, 'about'),
        qualifiedValue(800, 'at_least'),
        qualifiedValue(5000, 'at_most'),
        qualifiedValue(501242, 'exact'),
      ],
      ['about 40,000', 'at least 800', 'up to 5,000', '501,242'],
    );
  });

  it('keeps a fraction as published (a daily average of 3,283.5), up to 3 decimals', () => {
    assert.equal(qualifiedValue(3283.5, 'about'), 'about 3,283.5');
    assert.equal(qualifiedValue(0.12345, 'exact'), '0.123');
  });

  it('gives a qualifier it does not know as stored rather than drop it (a bare number reads as exact)', () => {
    assert.equal(qualifiedValue(760000, 'close_to'), 'close_to 760,000');
    // A key of every object is no qualifier.
    assert.equal(qualifiedValue(1, 'toString'), 'toString 1');
  });
});
