import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { claimFileJsonSchema, parseClaimFile } from './claim-file.ts';

const claim = (extra: string) =>
  `claims:\n  - id: c1\n    text: nearly 3,000 casualties in 2023\n    metric: casualties\n    geography: {country: PAK}\n    period: "2023"\n${extra}`;

describe('claim files', () => {
  it('a YAML claim gets its defaults: confirmed, and any definition', () => {
    const f = parseClaimFile(claim('    comparator: {kind: nearly, value: 3000}\n'), 'c.yaml');
    assert.equal(f.claims[0]!.status, 'confirmed');
    assert.deepEqual(f.claims[0]!.comparator, { kind: 'nearly', value: 3000 });
  });

  it('errors are one line naming the file and field and quoting the value', () => {
    const one = claim('    comparator: {kind: nearly, value: 3000}\n');
    const twice = `${one}${one.slice(one.indexOf('  - id'))}`;
    assert.throws(() => parseClaimFile(twice, 'c.yaml'), {
      message: 'invalid claim file "c.yaml": duplicate claim id "c1"',
    });
    assert.throws(() => parseClaimFile(claim('    comparator: {kind: nearlyy, value: 3000}\n'), 'c.yaml'), {
      message:
        /^invalid claim file "c\.yaml": claims\.0\.comparator\.kind: use one of about, nearly, exactly, .*, rank \(got "nearlyy"\)$/,
    });
    // A value that is not text is shown as itself: `got true`, not `got "true"`; the types in the
    // file's words (it said zod's "Invalid input: expected number, received boolean").
    assert.throws(() => parseClaimFile(claim('    comparator: {kind: nearly, value: true}\n'), 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims.0.comparator.value: expected a number, got true',
    });
    assert.throws(() => parseClaimFile(claim('    comparator: {kind: nearly, value: "3000"}\n'), 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims.0.comparator.value: expected a number, got "3000"',
    });
    assert.throws(() => parseClaimFile(claim('    comparator: {kind: nearly, value: [3000]}\n'), 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims.0.comparator.value: expected a number, got a list',
    });
    assert.throws(() => parseClaimFile('claims: 5\n', 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims: expected a list, got 5',
    });
    assert.throws(() => parseClaimFile('claim: []\n', 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims: missing (give a list)',
    });
    assert.throws(() => parseClaimFile(claim('').replace('    geography: {country: PAK}\n', ''), 'c.yaml'), {
      message:
        'invalid claim file "c.yaml": claims.0.geography: missing (give a mapping of fields (key: value))',
    });
    assert.throws(() => parseClaimFile(claim('    comparator: {kind: nearly}\n'), 'c.yaml'), {
      message: 'invalid claim file "c.yaml": claims.0.comparator.value: nearly needs a value',
    });
    assert.throws(
      () =>
        parseClaimFile(
          claim('    comparator: {kind: nearly, value: 3000}\n    baseline: "2022"\n'),
          'c.yaml',
        ),
      {
        message:
          'invalid claim file "c.yaml": claims.0.baseline: a baseline applies only to change comparators (increase, decrease, surge, alarming_increase, sharp_decrease, plunge, rate_ratio)',
      },
    );
  });

  it('an invisible character in a field name or a filter value is refused, naming the field and its line; prose keeps it', () => {
    const hint = (cp: string) => `(holds an invisible character, U+${cp}: give the value without it)`;
    const file = (text: string) => claim('    comparator: {kind: nearly, value: 3000}\n').replace(/^/, text);
    // The file's own text, with the character as it stands (an editor shows nothing there).
    assert.throws(
      () => parseClaimFile(file('').replace('{country: PAK}', '{country: \u202ePAK}'), 'c.yaml'),
      {
        message: `invalid claim file "c.yaml": claims.0.geography.country (line 5): "\\u202ePAK" ${hint('202E')}`,
      },
    );
    assert.throws(
      () => parseClaimFile(file('').replace('metric: casualties', 'metric: casualties\u200b'), 'c.yaml'),
      {
        message: `invalid claim file "c.yaml": claims.0.metric (line 4): "casualties\\u200b" ${hint('200B')}`,
      },
    );
    // Written as a YAML escape, it is the same value.
    assert.throws(() => parseClaimFile(file('').replace('period: "2023"', 'period: "2023\\u2066"'), null), {
      message: `invalid claim file: claims.0.period (line 6): "2023\\u2066" ${hint('2066')}`,
    });
    assert.throws(() => parseClaimFile(file('').replace('    period:', '    \ufeffperiod:'), 'c.yaml'), {
      message: `invalid claim file "c.yaml": field name under claims.0 (line 6): "\\ufeffperiod" ${hint('FEFF')}`,
    });
    // The first in the file is the one named.
    const twice = file('')
      .replace('metric: casualties', 'metric: casualties\u200b')
      .replace('{country: PAK}', '{country: \u202ePAK}');
    assert.throws(() => parseClaimFile(twice, 'c.yaml'), {
      message: /^invalid claim file "c\.yaml": claims\.0\.metric \(line 4\)/,
    });
    // Outside every value, in a comment: named by its line, shown (a reviewer reading the file saw
    // the rest of that line turned around).
    assert.throws(() => parseClaimFile(file('# checked \u202e2023-01-05\n'), 'c.yaml'), {
      message: `invalid claim file "c.yaml": line 1: "# checked \\u202e2023-01-05" ${hint('202E')}`,
    });
    const commented = file('').replace('period: "2023"', 'period: "2023" # to \u2066check');
    assert.throws(() => parseClaimFile(commented, 'c.yaml'), {
      message: `invalid claim file "c.yaml": line 6: "    period: \\"2023\\" # to \\u2066check" ${hint('2066')}`,
    });
    // A claim's words and notes are prose, kept as written (a quote in Urdu holds its marks), as is
    // a zero-width non-joiner between two letters anywhere, and a byte order mark opening the file.
    const prose = file('\ufeff')
      .replace('text: nearly 3,000 casualties in 2023', 'text: "\u200fnearly 3,000 casualties\u202e"')
      .replace('    comparator:', '    notes: "\u0645\u06cc\u200c\u062e\u200b"\n    comparator:')
      .replace('{country: PAK}', '{country: PAK, admin1: "\u0645\u06cc\u200c\u062e\u0648"}');
    const kept = parseClaimFile(prose, 'c.yaml').claims[0]!;
    assert.equal(kept.text, '\u200fnearly 3,000 casualties\u202e');
    assert.equal(kept.notes, '\u0645\u06cc\u200c\u062e\u200b');
  });

  it("a baseline that is the claim's own period is refused (the change is 0 whatever the data); another period, or none, is kept", () => {
    const change = (baseline: string) =>
      claim(`    comparator: {kind: increase}\n${baseline}`).replace(
        'period: "2023"',
        'period: "2023-01-01..2023-12-31"',
      );
    assert.throws(() => parseClaimFile(change('    baseline: "2023"\n'), 'c.yaml'), {
      message:
        'invalid claim file "c.yaml": claims.0.baseline: the claim\'s own period (2023-01-01 to 2023-12-31): a change compares two different periods (leave baseline out for the period just before)',
    });
    assert.equal(parseClaimFile(change('    baseline: "2022"\n'), 'c.yaml').claims[0]!.baseline, '2022');
    assert.equal(parseClaimFile(change(''), 'c.yaml').claims[0]!.baseline, undefined);
    // A part of the period is another period: kept (the check compares the days it holds).
    assert.equal(
      parseClaimFile(change('    baseline: "2023-Q1"\n'), 'c.yaml').claims[0]!.baseline,
      '2023-Q1',
    );
  });

  it('the published JSON Schema (docs/claim-spec.schema.json) is the one generated from the zod schema', () => {
    const published = JSON.parse(
      readFileSync(new URL('../../docs/claim-spec.schema.json', import.meta.url), 'utf8'),
    );
    assert.deepEqual(published, claimFileJsonSchema());
  });

  it('the example claim file is valid', () => {
    const f = parseClaimFile(
      readFileSync(new URL('../../examples/claims/ttp-essay.yaml', import.meta.url), 'utf8'),
      'ttp-essay.yaml',
    );
    assert.ok(f.claims.length >= 5);
  });
});
