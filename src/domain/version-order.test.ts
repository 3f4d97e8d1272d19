import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bySourceVersion, compareVersions } from './version-order.ts';

describe('version order', () => {
  it('numeric parts compare as numbers: 26.0.10 comes after 26.0.9, not before 26.0.6', () => {
    assert.deepEqual(['26.0.10', '26.0.6', '22.1', '26.0.9'].sort(compareVersions), [
      '22.1',
      '26.0.6',
      '26.0.9',
      '26.0.10',
    ]);
  });

  it('rows order by source, then by version within a source', () => {
    const rows = [
      { source: 'ucdp-candidate', version: '26.0.10' },
      { source: 'acled', version: '2024-05-01' },
      { source: 'ucdp-candidate', version: '26.0.7' },
    ];
    assert.deepEqual(
      rows.sort(bySourceVersion).map((r) => `${r.source} ${r.version}`),
      ['acled 2024-05-01', 'ucdp-candidate 26.0.7', 'ucdp-candidate 26.0.10'],
    );
  });
});
