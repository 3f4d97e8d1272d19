/**
 * Changes between two periods judged from one publisher's bounds on each, on SYNTHETIC figures
 * (organisations "Synthetic A" and "Synthetic B", made up for these tests; the bundled real rows are
 * checked in src/app/claims/returns-claims.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkClaim } from './check-claim.ts';
import { parseClaimFile } from './claim-file.ts';
import type { ClaimResult } from './evidence.ts';
import type { ClaimStatistic } from './statistic-figures.ts';
import { syntheticFigure } from '../../test/helpers/synthetic-statistic.ts';

/** A synthetic published figure: returns from Pakistan to Afghanistan unless said otherwise. */
const fig = (o: Parameters<typeof syntheticFigure>[1], line: number): ClaimStatistic =>
  syntheticFigure({ country: 'PAK', geography: 'Pakistan' }, o, line);

async function check(stats: ClaimStatistic[], comparator: string): Promise<ClaimResult> {
  const text = `claims:\n  - id: c\n    text: t\n    metric: returns\n    geography: { country: PAK, to: AFG }\n    period: "2025"\n    baseline: "2024"\n    comparator: ${comparator}\n`;
  return checkClaim(parseClaimFile(text, 'c.yaml').claims[0]!, {
    statistics: stats,
    coverage: [],
    events: null,
  });
}

const stat = (r: ClaimResult) => r.evidence.filter((e) => e.kind === 'statistic');

// 2024 "about 300" (at most 330) against at least 900 over April to mid-December 2025, of one publisher.
const YEAR_2024 = fig(
  { periodStart: '2024-01-01', periodEnd: '2024-12-31', value: 300, qualifier: 'about' },
  1,
);
const PART_2025 = fig(
  {
    periodStart: '2025-04-01',
    periodEnd: '2025-12-13',
    value: 900,
    organisation: 'Synthetic A (reported by Synthetic News)',
  },
  2,
);

describe('a change read from bounds on both periods (synthetic figures)', () => {
  it('"2025 exceeded 2024" holds when a floor of 2025 is above a ceiling of 2024, both of one publisher', async () => {
    const r = await check([YEAR_2024, PART_2025], '{ kind: increase }');
    assert.equal(r.verdict, 'supported');
    const [e] = stat(r);
    // (900 / 365) / (330 / 366): the later floor per day over the baseline's ceiling per day.
    const low = 900 / 365 / (330 / 366);
    assert.deepEqual(
      [e!.outcome, e!.qualifier, e!.value, e!.change_bound!.low, e!.change_bound!.high],
      ['holds', 'rate_ratio_lower_bound', Math.round(low * 1e4) / 1e4, Math.round(low * 1e4) / 1e4, null],
    );
    assert.deepEqual(e!.change_bound!.period.lower!.figure_period, { from: '2025-04-01', to: '2025-12-13' });
    assert.deepEqual(
      [e!.change_bound!.baseline.upper!.value, e!.change_bound!.baseline.lower!.value],
      [330, 270],
    );
    // Both figures are cited: their lines, pages and values.
    assert.deepEqual(
      e!.parts.map((p) => [p.line, p.value]),
      [
        [1, 300],
        [2, 900],
      ],
    );
    assert.match(
      e!.reason,
      /^the period's count \(2025-01-01 to 2025-12-31, 365 days\) is at least 900 \(a figure of Synthetic A \(reported by Synthetic News\) for 2025-04-01 to 2025-12-13, a part of it\); the baseline's \(2024-01-01 to 2024-12-31, 366 days\) is at least 270 .* and at most 330 \(a figure of Synthetic A for 2024-01-01 to 2024-12-31, the period itself; published as "about 300": read as up to 10% above it\); so the rate ratio .* is at least 2\.73; an increase means a ratio above 1$/,
    );
    assert.match(r.explanation, /^Supported by Synthetic A .*: returns rate ratio at least 2\.73\./);
  });

  it('a bound on the wrong side of the claim is shown, never held against it: "2025 fell" is not checkable', async () => {
    const r = await check([YEAR_2024, PART_2025], '{ kind: decrease }');
    assert.equal(r.verdict, 'not_checkable');
    const [e] = stat(r);
    assert.equal(e!.outcome, 'inconclusive');
    assert.match(
      e!.reason,
      /a decrease means a ratio below 1, which these bounds do not settle: not judged against the claim/,
    );
  });

  it("never pairs two publishers, nor one publisher's figures of two places as written", async () => {
    const other = { ...PART_2025, organisation: 'Synthetic B' };
    const twoPublishers = await check([YEAR_2024, fig(other, 3)], '{ kind: increase }');
    assert.equal(twoPublishers.verdict, 'not_checkable');
    assert.ok(stat(twoPublishers).every((e) => e.change_bound === undefined));
    const crossing = fig({ ...PART_2025, geography: 'Pakistan (Torkham)' }, 4);
    const twoPlaces = await check([YEAR_2024, crossing], '{ kind: increase }');
    assert.equal(twoPlaces.verdict, 'not_checkable');
  });

  it('an "at least" baseline gives no ceiling, so nothing bounds the ratio from below', async () => {
    const open = fig({ ...YEAR_2024, qualifier: 'at_least' }, 5);
    const r = await check([open, PART_2025], '{ kind: increase }');
    assert.equal(r.verdict, 'not_checkable');
    // Its floor against the later period's figure bounds nothing either: the later one has no ceiling.
    assert.ok(stat(r).every((e) => e.change_bound === undefined));
  });

  it('a stated ratio holds only when both ends of the bounded ratio lie within its tolerance', async () => {
    const april = fig({ periodStart: '2025-04-01', periodEnd: '2025-04-30', value: 300 }, 6);
    const aug = fig(
      {
        periodStart: '2025-08-01',
        periodEnd: '2025-08-31',
        value: 310,
        organisation: 'Synthetic A (reported by Synthetic News)',
      },
      7,
    );
    const text = (c: string) =>
      `claims:\n  - id: c\n    text: t\n    metric: returns\n    geography: { country: PAK, to: AFG }\n    period: "2025-08"\n    baseline: "2025-04"\n    comparator: ${c}\n`;
    const same = await checkClaim(
      parseClaimFile(text('{ kind: rate_ratio, value: 1 }'), 'c.yaml').claims[0]!,
      {
        statistics: [april, aug],
        coverage: [],
        events: null,
      },
    );
    assert.equal(same.verdict, 'supported');
    const [e] = stat(same);
    // Two exact figures bound the ratio on both sides at one value: (310 / 31) / (300 / 30) = 1.
    assert.deepEqual(
      [e!.qualifier, e!.value, e!.change_bound!.low, e!.change_bound!.high],
      ['rate_ratio', 1, 1, 1],
    );
  });

  it("settles nothing when one publisher's figures of a period disagree (a revision: a floor above a ceiling)", async () => {
    const revised = fig({ ...YEAR_2024, qualifier: 'exact', value: 400, reportVersion: 'revision' }, 9);
    const first = fig({ ...YEAR_2024, qualifier: 'exact', value: 300 }, 10);
    const r = await check([first, revised, PART_2025], '{ kind: increase }');
    assert.equal(r.verdict, 'not_checkable');
    const [e] = stat(r);
    assert.deepEqual(
      [e!.outcome, e!.change_bound!.baseline.lower!.value, e!.change_bound!.baseline.upper!.value],
      ['inconclusive', 400, 300],
    );
    assert.match(e!.reason, /but the figures of the baseline disagree with each other/);
  });

  it('a publisher giving both exact periods is judged on its figures as before, not on bounds', async () => {
    const exact2025 = fig({ periodStart: '2025-01-01', periodEnd: '2025-12-31', value: 600 }, 8);
    const r = await check([YEAR_2024, exact2025, PART_2025], '{ kind: increase }');
    const answers = stat(r).filter((e) => e.outcome !== 'unavailable');
    assert.deepEqual(
      answers.map((e) => [e.source, e.qualifier, e.change_bound === undefined]),
      [['Synthetic A', 'rate_ratio', true]],
    );
  });
});
