import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Coverage } from '../../storage/store.ts';
import { latestWholeQuarter } from './latest-period.ts';

/** A synthetic coverage row of one source version over [firstDate, lastDate]. */
const covers = (version: string, firstDate: string, lastDate: string): Coverage => ({
  source: 'ucdp-candidate',
  version,
  firstDate,
  lastDate,
  basis: 'declared',
  events: 1,
  countries: ['PAK'],
});

describe("a briefing's default period", () => {
  it('is the latest quarter covered every day, not the quarter the last covered day falls in', () => {
    // GED to 2021, then Candidate from January to 31 July 2026: 2026-Q3 is covered only in July.
    const rows = [covers('22.1', '1989-01-01', '2021-12-31'), covers('26.0.7', '2026-01-01', '2026-07-31')];
    assert.equal(latestWholeQuarter(rows), '2026-Q2');
    assert.equal(latestWholeQuarter(rows.slice(0, 1)), '2021-Q4');
  });

  it('steps back over a quarter with a gap, and past the years between releases', () => {
    const rows = [
      covers('22.1', '1989-01-01', '2021-12-31'),
      covers('26.0.1', '2026-01-01', '2026-01-31'),
      covers('26.0.3', '2026-03-01', '2026-03-31'),
    ];
    assert.equal(latestWholeQuarter(rows), '2021-Q4');
  });

  it('is refused in one line when no quarter is covered whole', () => {
    assert.throws(() => latestWholeQuarter([covers('26.0.7', '2026-07-01', '2026-07-31')]), {
      message:
        'missing period: no loaded source version covers a whole quarter under this filter, so there is no latest one to brief on (give a period, such as 2021-Q4)',
    });
    assert.throws(() => latestWholeQuarter([]), { message: /^missing period: no loaded source version/ });
  });
});
