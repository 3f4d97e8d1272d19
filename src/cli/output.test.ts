import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_CELL, render } from './output.ts';

describe('table output', () => {
  it('a cell longer than the limit ends in … and the table says how many cells it cut', () => {
    const long = `https://example.org/${'a'.repeat(80)}`;
    const text = render(
      [
        { id: 1, url: long },
        { id: 2, url: 'short' },
        { id: 3, url: long },
      ],
      'table',
    );
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[2], `1   ${long.slice(0, MAX_CELL - 1)}…`);
    assert.equal(lines[3], '2   short');
    assert.equal(
      lines.at(-1),
      `(2 cells cut at ${MAX_CELL} characters, ending in …: --format csv or json gives every value whole)`,
    );
    assert.ok(render([{ url: long }], 'csv').includes(long), 'csv keeps the value whole');
    // A command that takes no csv (event, claims check) names json alone.
    assert.match(
      render([{ url: long }], 'table', undefined, 'json'),
      /\(1 cell cut at \d+ characters, ending in …: --format json gives every value whole\)\n$/,
    );
  });

  it('no rows and no columns give no output in a table or CSV (not empty lines); JSON gives []', () => {
    assert.deepEqual(
      (['table', 'csv', 'json', 'ndjson'] as const).map((f) => render([], f)),
      ['', '', '[]\n', ''],
    );
    assert.equal(render([], 'table', ['id', 'name']), 'id  name\n--  ----\n');
  });

  it('a table with nothing cut has no note', () => {
    const text = render([{ id: 1, name: 'x'.repeat(MAX_CELL) }], 'table');
    assert.equal(text.split('\n').length, 4);
    assert.doesNotMatch(text, /cut at/);
  });
});
