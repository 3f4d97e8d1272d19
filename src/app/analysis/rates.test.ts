/**
 * The note on population figures of another year than the period, from the bundled population
 * files (Afghanistan's 2021 estimate, Pakistan's 2023 census) read through the geography module.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { populationAgeNote, populationOf, type Population } from './rates.ts';

const khost = populationOf('admin1', 'AF-KHO')!;
const kp = populationOf('admin1', 'PK-KP')!;

describe('population figures of another year than the period', () => {
  it("says Afghanistan's 2021 estimate predates the returns since September 2023 when the period reaches past it", () => {
    assert.equal(khost.year, 2021);
    const note = populationAgeNote([khost, kp], '2026-01-01', '2026-06-30')!;
    assert.match(
      note,
      /^population figures of another year than the period \(2026-01-01 to 2026-06-30\): OCHA\/UNFPA COD-PS estimate 2021 \(2021\), 1 unit; Pakistan Bureau of Statistics, Census 2023 \(table 1\) \(2023\), 1 unit; a rate divides by the population of that year, not the period's; Afghanistan's estimate predates the returns of Afghans from Pakistan and Iran since September 2023, .*faultline indicators --metric returns/,
    );
  });

  it('names no returns before 15 September 2023, and nothing when every figure is of a year of the period', () => {
    const before = populationAgeNote([khost], '2022-01-01', '2022-12-31')!;
    assert.ok(!before.includes('returns'), before);
    assert.equal(populationAgeNote([khost, kp], '2021-01-01', '2023-12-31'), null);
    assert.equal(populationAgeNote([] as Population[], '2026-01-01', '2026-12-31'), null);
  });
});
