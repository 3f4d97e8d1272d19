import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listedName, printableMessage, quoteJsonValue, quoteValue } from './quote.ts';
import { oneLine } from './errors.ts';

describe('values quoted in messages', () => {
  it('show at most 200 printable characters, escape control bytes and U+FFFD, and say when cut', () => {
    assert.equal(quoteValue('2021-13-01'), '"2021-13-01"');
    assert.equal(quoteValue('a\u0000b\u001b[31m\uFFFD"'), '"a\\x00b\\x1b[31m\\ufffd\\""');
    // Invisible format characters too: a zero-width space, a bidi override, a BOM, a tag character.
    assert.equal(
      quoteValue('PAK\u200b \u202eevil \ufeff\u{e0001}'),
      '"PAK\\u200b \\u202eevil \\ufeff\\u{e0001}"',
    );
    const long = quoteValue('x'.repeat(4096));
    assert.equal(long, `"${'x'.repeat(200)}"... (4096 characters, cut)`);
    assert.equal(quoteValue(1e300), '"1e+300"');
  });

  it('quote every value, a plain one too, so an empty or blank one does not read as a message cut short', () => {
    assert.equal(quoteValue('hourly'), '"hourly"');
    assert.deepEqual(['', ' ', '\t', 'PAK '].map(quoteValue), ['""', '" "', '"\\x09"', '"PAK "']);
  });

  it('a JSON value that is not text shows as its JSON, cut at 200 characters with a note; text is quoted', () => {
    assert.deepEqual([-1, true, null, { a: 1 }, ['x'], '-1'].map(quoteJsonValue), [
      '-1',
      'true',
      'null',
      '{"a":1}',
      '["x"]',
      '"-1"',
    ]);
    assert.equal(
      quoteJsonValue(Array(300).fill(1)),
      `${JSON.stringify(Array(300).fill(1)).slice(0, 200)}... (601 characters, cut)`,
    );
  });

  it('a JSON value nested too deep to write back shows its first 200 characters, said to be cut', () => {
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i++) deep = { a: deep, b: [i] };
    assert.equal(quoteJsonValue(deep), `${'{"a":'.repeat(40)}... (nested too deep to write whole, cut)`);
  });

  it('a whole message becomes one printable line with no run of more than 205 characters', () => {
    assert.equal(printableMessage('bad\n value:\u0000\u001b'), 'bad value:??');
    assert.equal(printableMessage(`x ${'y'.repeat(300)}`), `x ${'y'.repeat(205)}... (95 more characters)`);
  });

  it('a value quoteValue cut stays whole in the message: quotes and cut mark kept, not cut again', () => {
    // It became `"xxx...x... (5 more characters) (4096 characters, cut)`: the closing quote lost.
    for (const shown of [quoteValue('x'.repeat(4096)), quoteJsonValue(Array(300).fill(1))]) {
      const message = `invalid q: ${shown} (give at most 1000 characters)`;
      assert.equal(printableMessage(message), message);
    }
  });
});

describe('names in a parenthesised list', () => {
  it('stand bare when plain, and are quoted whole when a comma, parenthesis, quote, escape, edge space or nothing would make the list ambiguous', () => {
    assert.equal(listedName('afghan_returns_published.csv'), 'afghan_returns_published.csv');
    assert.equal(listedName('returns 2024.csv'), 'returns 2024.csv');
    assert.deepEqual(
      ['a, b.csv', 'a (1).csv', 'a).csv', 'say "hi".csv', 'a\nb.csv', ' a.csv', 'a.csv ', ''].map(listedName),
      [
        '"a, b.csv"',
        '"a (1).csv"',
        '"a).csv"',
        '"say \\"hi\\".csv"',
        '"a\\x0ab.csv"',
        '" a.csv"',
        '"a.csv "',
        '""',
      ],
    );
    // Never cut: quoteValue's cut mark, "(N characters, cut)", would be a list of its own.
    const long = `${'x'.repeat(300)},.csv`;
    assert.equal(listedName(long), `"${long}"`);
  });
});

describe('oneLine, the line a failed command prints', () => {
  it('is the printable message, as the API gives it: no control character reaches the terminal', () => {
    const err = new Error('header starts \u007fELF\u0000\u001b[2J\nnext line');
    assert.equal(oneLine(err), 'header starts ?ELF??[2J next line');
    assert.equal(oneLine(err), printableMessage(err.message));
    assert.equal(oneLine('plain'), 'plain');
  });
});
