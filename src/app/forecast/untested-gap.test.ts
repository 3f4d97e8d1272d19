import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { untestedGapNote } from './untested-gap.ts';

const DECEMBERS = ['2014-12', '2015-12', '2016-12', '2017-12', '2018-12', '2019-12', '2020-12'];
const GAP = [{ from: '2022-01', to: '2025-12' }];

describe('untestedGapNote', () => {
  it('says the skill never met the 5 missing months before the bundled origin 2026-07', () => {
    assert.equal(
      untestedGapNote('2026-07', GAP, DECEMBERS),
      `the skill was measured at backtest origins whose 12 months up to the origin were all covered, but 5 of the 12 months up to this forecast's origin 2026-07 are missing (the end of 2022-01 to 2025-12, which no source covers): how well the model forecasts after such a gap no backtest measures, so the skill describes the model on fuller histories than this one (docs/forecasting.md, "Forecast from the latest data")`,
    );
  });

  it('says one missing month in the singular: "1 of the 12 months ... is missing" (it read "are")', () => {
    const note = untestedGapNote('2026-01', [{ from: '2025-12', to: '2025-12' }], DECEMBERS);
    assert.match(
      note!,
      /, but 1 of the 12 months up to this forecast's origin 2026-01 is missing \(the end of 2025-12,/,
    );
  });

  it('says nothing when the 12 months up to the origin are covered, or a backtest origin missed as many', () => {
    // A year after the gap (2026-12 has 2026-01 … 2026-12 covered), and a history without one.
    assert.equal(untestedGapNote('2026-12', GAP, DECEMBERS), null);
    assert.equal(untestedGapNote('2021-12', [], DECEMBERS), null);
    // A backtest origin 2026-07 itself (a newer release scored it) met the same gap.
    assert.equal(untestedGapNote('2026-07', GAP, [...DECEMBERS, '2026-07']), null);
    // Without a backtest there is no skill to qualify (skill_note says why).
    assert.equal(untestedGapNote('2026-07', GAP, []), null);
  });

  it('counts missing months at a backtest origin too, and names the runs that reach into the window', () => {
    const runs = [
      { from: '2019-11', to: '2019-11' },
      { from: '2025-10', to: '2026-01' },
    ];
    const note = untestedGapNote('2026-03', runs, DECEMBERS)!;
    assert.match(
      note,
      /were missing at most 1, but 4 of the 12 months up to this forecast's origin 2026-03 are missing \(the end of 2025-10 to 2026-01,/,
    );
  });
});
