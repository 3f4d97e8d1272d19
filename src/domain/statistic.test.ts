import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alsoRecordedList, foldSameFigures, nameKey, type FigureFields } from './statistic.ts';

// Synthetic figures: the fields that decide a fold, with invented values.
const base: FigureFields = {
  metric: 'returns',
  periodStart: '2023-09-15',
  periodEnd: '2024-01-15',
  value: 501242,
  qualifier: 'exact',
  unit: 'persons',
  url: null,
  country: 'AFG',
  admin1: null,
  geography: null,
  geographyTo: null,
  countryTo: null,
};
// The same figure as a pair of countries, as an indicator series gives it.
const pair = { ...base, country: 'PAK', geography: 'Pakistan', geographyTo: 'Afghanistan', countryTo: 'AFG' };

describe('figures recorded twice', () => {
  it('folds the same exact figure (people and persons alike) and keeps the record with a page to cite', () => {
    const rows = [
      { ...base, unit: 'people', id: 'a' },
      { ...pair, url: 'https://example.org/report', id: 'b' },
      { ...base, value: 501243, id: 'c' },
    ];
    const folded = foldSameFigures(rows, (r) => r);
    assert.deepEqual(
      folded.map((f) => [f.row.id, f.alsoRecorded.map((o) => o.id)]),
      [
        ['b', ['a']],
        ['c', []],
      ],
    );
  });

  it('never folds approximate figures, nor figures of another period or metric', () => {
    const rows = [
      { ...base, qualifier: 'about', value: 500000 },
      { ...base, qualifier: 'about', value: 500000 },
      { ...base, periodStart: '2023-09-16' },
      { ...base, metric: 'deportations' },
      base,
    ];
    assert.deepEqual(
      foldSameFigures(rows, (r) => r).map((f) => f.alsoRecorded.length),
      [0, 0, 0, 0, 0],
    );
  });

  it('never folds the same number of other places: another origin, a country neither end of the pair, another province', () => {
    const iran = { ...pair, country: 'IRN', geography: 'Iran' };
    const bothOrigins = { ...pair, country: null, geography: 'Pakistan and Iran' };
    const cases: [string, FigureFields, FigureFields][] = [
      ['from Iran, from Pakistan', iran, pair],
      ['from Pakistan and Iran, from Pakistan', bothOrigins, pair],
      ['Iran alone, from Pakistan to Afghanistan', { ...base, country: 'IRN' }, pair],
      [
        'Pakistan, Balochistan',
        { ...base, country: 'PAK' },
        { ...base, country: 'PAK', admin1: 'Balochistan' },
      ],
    ];
    for (const [what, a, b] of cases)
      assert.deepEqual(
        foldSameFigures([a, b], (r) => r).map((f) => f.alsoRecorded.length),
        [0, 0],
        what,
      );
    // A record of one country joins the one pair it is an end of, in the place of the first record;
    // when two pairs of the same number could hold it, it joins neither: which it repeats is not known.
    assert.deepEqual(
      foldSameFigures([base, { ...base, value: 1 }, pair], (r) => r).map((f) => [f.row, f.alsoRecorded]),
      [
        [pair, [base]],
        [{ ...base, value: 1 }, []],
      ],
    );
    assert.deepEqual(
      foldSameFigures([base, iran, pair], (r) => r).map((f) => f.alsoRecorded.length),
      [0, 0, 0],
    );
  });
});

describe('an organisation or report compared between figures', () => {
  it('drops case, surrounding and repeated whitespace and a trailing full stop, and nothing else', () => {
    for (const o of ['UNHCR', 'UNHCR ', ' unhcr', 'UNHCR.', 'Unhcr .', 'UNHCR\u00a0', 'UNHCR\t'])
      assert.equal(nameKey(o), 'unhcr', JSON.stringify(o));
    assert.equal(nameKey('IOM  (DTM   Pakistan)'), nameKey('IOM (DTM Pakistan)'));
    // Other bodies, or a body's relay, stay other names: no alias is guessed.
    for (const o of ['UNHCR Pakistan', 'UNHCR (reported by Dawn)', 'UNHCR-IOM', 'U.N.H.C.R'])
      assert.notEqual(nameKey(o), 'unhcr', o);
  });
});

describe("a figure's other records in words", () => {
  // Synthetic records, but for IOM's, as the bundled files name it.
  const iom = { organisation: 'IOM', report: 'DTM Flow Monitoring: Afghan returns from Pakistan', url: null };
  const a = { organisation: 'Org A', report: 'Report 1', url: 'https://example.org/1' };
  const b = { organisation: 'Org B', report: 'Report 2; annex', url: null };

  it('each record opens with "by", and the list is joined by commas and "and", never by semicolons', () => {
    assert.equal(alsoRecordedList([iom]), 'by IOM in DTM Flow Monitoring: Afghan returns from Pakistan');
    assert.equal(
      alsoRecordedList([a, iom]),
      'by Org A in Report 1 and by IOM in DTM Flow Monitoring: Afghan returns from Pakistan',
    );
    assert.equal(
      alsoRecordedList([a, b, iom]),
      'by Org A in Report 1, by Org B in Report 2; annex and by IOM in DTM Flow Monitoring: Afghan returns from Pakistan',
    );
    assert.equal(alsoRecordedList([]), '');
  });

  it("gives each record's address after its report when asked (briefings), else none (the dashboard)", () => {
    assert.equal(
      alsoRecordedList([a, b], { urls: true }),
      'by Org A in Report 1, https://example.org/1 and by Org B in Report 2; annex',
    );
    assert.equal(alsoRecordedList([a, b]), 'by Org A in Report 1 and by Org B in Report 2; annex');
  });
});
