import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { foldSameFigures, type FigureFields } from './statistic.ts';

// Synthetic figures: the fields that decide a fold, with invented values.
const base: FigureFields = {
  metric: 'returns',
  periodStart: '2023-09-15',
  periodEnd: '2024-01-15',
  value: 501242,
  qualifier: 'exact',
  unit: 'persons',
  url: null,
  geographyTo: null,
};

describe('figures recorded twice', () => {
  it('folds the same exact figure (people and persons alike) and keeps the record with a page to cite', () => {
    const rows = [
      { ...base, unit: 'people', id: 'a' },
      { ...base, url: 'https://example.org/report', geographyTo: 'Afghanistan', id: 'b' },
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
});
