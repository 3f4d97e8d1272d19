import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NUMBER_SOURCE, numberValue } from './number-words.ts';

describe('amounts written with a scale word', () => {
  it('"half a million", "a quarter of a million", "1.5 million", "two million" and "a million" have their values', () => {
    assert.deepEqual(
      [
        'half a million',
        'a quarter of a million',
        'three quarters of a million',
        '1.5 million',
        'two million',
        'a million',
        '2 lakh',
        'twenty-five thousand',
      ].map(numberValue),
      [500_000, 250_000, 750_000, 1_500_000, 2_000_000, 1_000_000, 200_000, 25_000],
    );
  });

  it('a scale word after something that is not a number gives no value', () => {
    assert.deepEqual(['several million', 'hundreds of thousands', 'half'].map(numberValue), [
      null,
      null,
      null,
    ]);
  });

  it('NUMBER_SOURCE matches the whole amount, not its first word', () => {
    const re = new RegExp(NUMBER_SOURCE, 'i');
    assert.equal(re.exec('returns passed half a million by June')?.[0], 'half a million');
    assert.equal(re.exec('nearly 1.5 million people')?.[0], '1.5 million');
    assert.equal(re.exec('a quarter of a million Afghans')?.[0], 'a quarter of a million');
  });
});
