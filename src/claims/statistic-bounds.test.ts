/**
 * Figures over other periods as bounds of a claim's count, on SYNTHETIC figures (organisations
 * "Synthetic A" and "Synthetic B", made up for these tests; the bundled real rows are checked in
 * src/app/claims/returns-claims.test.ts).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { noBoundSummary } from '../domain/statistic.ts';
import { checkClaim } from './check-claim.ts';
import { parseClaimFile } from './claim-file.ts';
import type { ClaimResult } from './evidence.ts';
import type { ClaimStatistic } from './statistic-figures.ts';
import { SYNTHETIC_SHA, syntheticFigure } from '../../test/helpers/synthetic-statistic.ts';

const SHA = SYNTHETIC_SHA;

/** A synthetic published figure: returns from Iran to Afghanistan unless said otherwise. */
const fig = (o: Parameters<typeof syntheticFigure>[1], line: number): ClaimStatistic =>
  syntheticFigure({ country: 'IRN', geography: 'Iran' }, o, line);

async function check(stats: ClaimStatistic[], claim: string): Promise<ClaimResult> {
  const text = `claims:\n  - id: c\n    text: t\n    geography: { country: IRN, to: AFG }\n${claim
    .split('\n')
    .map((l) => `    ${l}`)
    .join('\n')}\n`;
  const spec = parseClaimFile(text, 'c.yaml').claims[0]!;
  return checkClaim(spec, { statistics: stats, coverage: [], events: null });
}

const stat = (r: ClaimResult) => r.evidence.filter((e) => e.kind === 'statistic');
const YEAR = 'metric: returns\nperiod: "2025"';
const EVENTS = 'event datasets count violence, not returns: only published figures can check this claim';

describe('figures over other periods bound a claim on a count (synthetic figures)', () => {
  it('a count over a part of the period is a lower bound: "more than" holds past it, "fewer than" fails', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-10-25', value: 1700, qualifier: 'at_least' }, 7),
    ];
    const over = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 1500 }`);
    assert.equal(over.verdict, 'supported');
    const [e] = stat(over);
    assert.deepEqual(
      [e!.qualifier, e!.value, e!.period, e!.bound!.kind, e!.bound!.value, e!.bound!.claim_period],
      [
        'lower_bound',
        1700,
        { from: '2025-01-01', to: '2025-10-25' },
        'lower',
        1700,
        { from: '2025-01-01', to: '2025-12-31' },
      ],
    );
    // The evidence names the figure: its file and line, page and qualifier as published.
    assert.deepEqual(
      [e!.parts[0]!.file_sha256, e!.parts[0]!.line, e!.parts[0]!.url, e!.parts[0]!.qualifier],
      [SHA, 7, 'https://example.org/synthetic/7', 'at_least'],
    );
    assert.match(
      e!.reason,
      /^a lower bound: 2025-01-01 to 2025-10-25 is a part of the claim's period \(2025-01-01 to 2025-12-31\)/,
    );
    assert.match(over.explanation, /returns at least 1,700 \(a figure of 2025-01-01 to 2025-10-25\)/);
    // A bound supports a claim but never contradicts it (it may count otherwise than the claim's
    // source): "fewer than 1,500" against "at least 1,700 by October" is shown, not judged.
    const under = await check(stats, `${YEAR}\ncomparator: { kind: less_than, value: 1500 }`);
    assert.equal(under.verdict, 'not_checkable');
    assert.match(
      stat(under)[0]!.reason,
      /not judged against the claim: a figure over another period supports a claim but does not contradict it/,
    );
    assert.equal(stat(under)[0]!.outcome, 'inconclusive');
    // A lower bound below the number settles nothing: not checkable, naming the figure and its period.
    const more = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 2000 }`);
    assert.equal(more.verdict, 'not_checkable');
    assert.match(
      more.explanation,
      /^The loaded data cannot settle it: .*at least 1,700 \(a figure of 2025-01-01 to 2025-10-25\)/,
    );
  });

  it('a count over a period containing the claim\'s is an upper bound; an "at least" figure gives none', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-29', value: 714 }, 3),
      fig(
        {
          periodStart: '2025-01-01',
          periodEnd: '2025-10-25',
          value: 1700,
          qualifier: 'at_least',
          organisation: 'Synthetic B',
        },
        4,
      ),
    ];
    const march = 'metric: returns\nperiod: "2025-03"';
    const over = await check(stats, `${march}\ncomparator: { kind: more_than, value: 800 }`);
    // Below the claim's number, the upper bound disagrees with it: shown, not judged (never contradicts).
    assert.equal(over.verdict, 'not_checkable');
    assert.equal(stat(over).find((e) => e.source !== 'Synthetic B')!.outcome, 'inconclusive');
    const b = stat(over).find((e) => e.source === 'Synthetic B')!;
    assert.equal(b.outcome, 'unavailable');
    assert.match(b.reason, /the figure is only a lower bound \(at least 1,700\), so it sets no ceiling/);
    const fewer = await check(stats, `${march}\ncomparator: { kind: less_than, value: 800 }`);
    assert.equal(fewer.verdict, 'supported');
    assert.deepEqual(stat(fewer).find((e) => e.outcome === 'holds')!.bound!.kind, 'upper');
  });

  it('"about" is read as up to 10% either way; "at most" gives no lower bound', async () => {
    const part = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-07-26', value: 1000, qualifier: 'about' }, 5),
    ];
    const low = (v: number) => check(part, `${YEAR}\ncomparator: { kind: more_than, value: ${v} }`);
    assert.equal((await low(850)).verdict, 'supported');
    assert.equal((await low(950)).verdict, 'not_checkable');
    assert.equal(stat(await low(850))[0]!.bound!.value, 900);
    const whole = [
      fig({ periodStart: '2024-01-01', periodEnd: '2025-12-31', value: 1000, qualifier: 'about' }, 6),
    ];
    const high = (v: number) => check(whole, `${YEAR}\ncomparator: { kind: less_than, value: ${v} }`);
    assert.equal((await high(1150)).verdict, 'supported');
    assert.equal((await high(1050)).verdict, 'not_checkable');
    const capped = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-30', value: 760, qualifier: 'at_most' }, 8),
    ];
    const r = await check(capped, `${YEAR}\ncomparator: { kind: more_than, value: 100 }`);
    assert.equal(r.verdict, 'not_checkable');
    assert.match(stat(r).at(-1)!.reason, /only an upper bound \(at most 760\), so it sets no floor/);
  });

  it('never adds figures: two halves of a year, of one organisation or of two, do not make the year', async () => {
    for (const second of ['Synthetic A', 'Synthetic B']) {
      const stats = [
        fig({ periodStart: '2025-01-01', periodEnd: '2025-06-30', value: 600 }, 10),
        fig({ periodStart: '2025-07-01', periodEnd: '2025-12-31', value: 600, organisation: second }, 11),
      ];
      const r = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 1000 }`);
      assert.equal(r.verdict, 'not_checkable', second);
      assert.deepEqual(
        stat(r).map((e) => [e.value, e.outcome]),
        [
          [600, 'inconclusive'],
          [600, 'inconclusive'],
        ],
      );
    }
  });

  it('a weaker bound is context when another settles the claim, so it does not make it partly supported', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-29', value: 714 }, 1),
      fig(
        {
          periodStart: '2025-01-01',
          periodEnd: '2025-10-25',
          value: 1700,
          qualifier: 'at_least',
          organisation: 'Synthetic B',
        },
        2,
      ),
    ];
    const r = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 1500 }`);
    assert.equal(r.verdict, 'supported');
    assert.deepEqual(
      stat(r).map((e) => [e.value, e.outcome, e.role]),
      [
        [714, 'inconclusive', 'context'],
        [1700, 'holds', 'decisive'],
      ],
    );
    assert.match(r.explanation, /Bounds that settle nothing, shown as context: Synthetic A .*at least 714/);
  });

  it('refuses what does not add up: shares and daily rates (named, with the unit), stocks (not used) and periods that overlap only in part (named, with both periods)', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-29', value: 70, unit: 'percent of returns' }, 20),
      fig({ periodStart: '2025-07-20', periodEnd: '2025-07-26', value: 11000, unit: 'persons per day' }, 21),
      fig(
        { periodStart: '2025-11-01', periodEnd: '2025-11-01', value: 17000, unit: 'persons (single day)' },
        22,
      ),
      fig({ periodStart: null, periodEnd: '2025-08-31', value: 1_400_000 }, 23),
      fig({ periodStart: '2024-10-01', periodEnd: '2025-03-31', value: 900_000 }, 24),
      fig(
        { periodStart: '2025-02-01', periodEnd: '2025-02-28', value: 50, metric: 'population_estimate' },
        25,
      ),
      fig(
        { periodStart: '2025-10-01', periodEnd: '2026-03-31', value: 400_000, organisation: 'Synthetic B' },
        26,
      ),
      // A period that does not meet the claim's at all says nothing about it: not listed.
      fig({ periodStart: '2024-01-01', periodEnd: '2024-06-30', value: 300_000 }, 27),
    ];
    const r = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 100 }`);
    assert.equal(r.verdict, 'not_checkable');
    // After the item saying no figure gives the claim's period (nothing bounds it), each refused figure.
    assert.deepEqual(
      stat(r)
        .slice(1)
        .map((e) => [e.parts[0]!.line, e.outcome, e.reason]),
      [
        [
          24,
          'unavailable',
          "not a bound: its period (2024-10-01 to 2025-03-31) overlaps the claim's (2025-01-01 to 2025-12-31) only in part, so it neither contains nor lies within it",
        ],
        [
          20,
          'unavailable',
          'not a bound: its unit (percent of returns) is not a count of people or incidents that adds up over time',
        ],
        [
          21,
          'unavailable',
          'not a bound: its unit (persons per day) is not a count of people or incidents that adds up over time',
        ],
        [
          26,
          'unavailable',
          "not a bound: its period (2025-10-01 to 2026-03-31) overlaps the claim's (2025-01-01 to 2025-12-31) only in part, so it neither contains nor lies within it",
        ],
        [
          22,
          'unavailable',
          'not a bound: its unit (persons (single day)) is not a count of people or incidents that adds up over time',
        ],
      ],
    );
    // Each is kept whole (value, its own period, page) and counted by cause in one line.
    const b = stat(r).find((e) => e.source === 'Synthetic B')!;
    assert.deepEqual(
      [b.value, b.period, b.parts[0]!.url, b.no_bound],
      [
        400_000,
        { from: '2025-10-01', to: '2026-03-31' },
        'https://example.org/synthetic/26',
        "over a period that overlaps the claim's only in part",
      ],
    );
    assert.match(
      r.explanation,
      /5 figures over other periods give no bound: 2 over a period that overlaps the claim's only in part; 1 in percent of returns, .*; 1 in persons \(single day\), .*; 1 in persons per day, .* \(each listed in the evidence\)\./,
    );
  });

  it("lists figures for the claim's own period that answer nothing (a share, a daily average), beside the count that does; a count in people answers", async () => {
    const april = { periodStart: '2025-04-01', periodEnd: '2025-04-30' };
    const stats = [
      fig({ ...april, value: 148_200 }, 40),
      fig({ ...april, value: 22, unit: 'percent of returns' }, 41),
      fig({ ...april, metric: 'returns_daily_average', value: 4_940, unit: 'persons per day' }, 42),
      // Counted in people, as some publishers write it: an answer like one in persons.
      fig({ ...april, organisation: 'Synthetic B', value: 150_000, unit: 'people' }, 43),
      // Another place's share of the same month: nothing to do with the claim, not listed.
      fig({ ...april, country: 'PAK', value: 30, unit: 'percent of returns' }, 44),
    ];
    const r = await check(
      stats,
      'metric: returns\nperiod: "2025-04-01..2025-04-30"\ncomparator: { kind: more_than, value: 100000 }',
    );
    assert.equal(r.verdict, 'supported');
    assert.deepEqual(
      stat(r).map((e) => [e.parts[0]!.line, e.outcome, e.no_bound ?? null, e.no_bound ? e.reason : null]),
      [
        [40, 'holds', null, null],
        [43, 'holds', null, null],
        [
          41,
          'unavailable',
          "for the claim's own period, in percent of returns, not a count",
          'not an answer: its unit (percent of returns) is not a count of people',
        ],
        [
          42,
          'unavailable',
          "for the claim's own period, returns_daily_average in persons per day, not a count",
          'not an answer: returns_daily_average (persons per day) is another form of returns, not a count',
        ],
      ],
    );
    // Counted in the one no-bound line, which then does not say "over other periods".
    const line =
      "2 figures give no bound: 1 for the claim's own period, in percent of returns, not a count; 1 for the claim's own period, returns_daily_average in persons per day, not a count";
    assert.equal(noBoundSummary(r.evidence), line);
    assert.ok(r.explanation.includes(`${line} (each listed in the evidence).`), r.explanation);
    // With no count for the period, they are listed beside the item saying none gives it.
    const none = await check(
      stats.filter((s) => s.unit !== 'persons' && s.unit !== 'people'),
      'metric: returns\nperiod: "2025-04-01..2025-04-30"\ncomparator: { kind: more_than, value: 100000 }',
    );
    assert.equal(none.verdict, 'not_checkable');
    assert.deepEqual(
      stat(none).map((e) => [e.parts[0]?.line ?? null, e.outcome]),
      [
        [null, 'unavailable'],
        [41, 'unavailable'],
        [42, 'unavailable'],
      ],
    );
    assert.equal(noBoundSummary(none.evidence), line);
  });

  it('lists another form of the measure (a daily average, a share: metric deportations_<form>) as giving no bound, with its metric and unit', async () => {
    const dep = { metric: 'deportations', definition: 'synthetic deportations' };
    const stats = [
      fig({ ...dep, periodStart: '2025-01-01', periodEnd: '2025-06-30', value: 90_000 }, 30),
      fig(
        {
          ...dep,
          metric: 'deportations_daily_average',
          periodStart: '2024-07-01',
          periodEnd: '2025-09-30',
          value: 400,
          unit: 'persons per day',
        },
        31,
      ),
      fig(
        {
          ...dep,
          metric: 'deportations_share',
          periodStart: '2025-03-01',
          periodEnd: '2025-03-31',
          value: 40,
          unit: 'percent',
        },
        32,
      ),
      // Another measure, not a form of deportations: not listed near a deportations claim.
      fig(
        {
          metric: 'returns_daily_average',
          periodStart: '2025-03-01',
          periodEnd: '2025-03-31',
          value: 900,
          unit: 'persons per day',
        },
        33,
      ),
    ];
    const r = await check(
      stats,
      'metric: deportations\nperiod: "2025"\ncomparator: { kind: more_than, value: 50000 }',
    );
    // The count over a part still bounds the claim; the forms are listed beside it, each with why.
    assert.equal(r.verdict, 'supported');
    assert.deepEqual(
      stat(r).map((e) => [e.parts[0]!.line, e.measure, e.no_bound ?? null, e.bound ? null : e.reason]),
      [
        [30, 'deportations', null, null],
        [
          31,
          'deportations_daily_average',
          'deportations_daily_average in persons per day, not a count that adds up over time',
          'not a bound: deportations_daily_average (persons per day) is another form of deportations, not a count that adds up over time',
        ],
        [
          32,
          'deportations_share',
          'deportations_share in percent, not a count that adds up over time',
          'not a bound: deportations_share (percent) is another form of deportations, not a count that adds up over time',
        ],
      ],
    );
    assert.equal(
      noBoundSummary(r.evidence),
      '2 figures over other periods give no bound: 1 deportations_daily_average in persons per day, not a count that adds up over time; 1 deportations_share in percent, not a count that adds up over time',
    );
  });

  it("says when the claim's place has no figure at all while other places do, without listing them", async () => {
    const stats = [
      fig({ periodStart: '2024-01-01', periodEnd: '2024-06-30', value: 300 }, 50),
      fig({ periodStart: '2024-07-01', periodEnd: '2024-12-31', value: 400, country: 'PAK' }, 51),
    ];
    const claim = (country: string) =>
      checkClaim(
        parseClaimFile(
          `claims:\n  - { id: c, text: t, metric: returns, geography: { country: ${country}, to: AFG }, period: "2025", comparator: { kind: more_than, value: 100 } }\n`,
          'c.yaml',
        ).claims[0]!,
        { statistics: stats, coverage: [], events: null },
      );
    const none = 'no loaded published statistic gives returns for TUR to AFG from 2025-01-01 to 2025-12-31';
    const tur = await claim('TUR');
    assert.deepEqual(
      stat(tur).map((e) => [e.outcome, e.reason]),
      [
        [
          'unavailable',
          `${none}; no loaded returns figure is for TUR to AFG; 2 are for other places (faultline indicators --metric returns lists them)`,
        ],
      ],
    );
    // Iran has a figure, though not over 2025: nothing to add.
    const irn = await claim('IRN');
    assert.deepEqual(
      stat(irn).map((e) => e.reason),
      [none.replace('TUR', 'IRN')],
    );
  });

  it('is not used for changes, or when a figure covers exactly the period', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-12-31', value: 1000 }, 30),
      fig(
        {
          periodStart: '2025-01-01',
          periodEnd: '2025-10-25',
          value: 5000,
          qualifier: 'at_least',
          organisation: 'Synthetic B',
        },
        31,
      ),
    ];
    // Synthetic A's exact figure for 2025 answers; B's larger count over a part of it is not consulted.
    const exact = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 1500 }`);
    assert.equal(exact.verdict, 'contradicted');
    assert.deepEqual(
      stat(exact).map((e) => [e.source, e.qualifier]),
      [['Synthetic A', 'exact']],
    );
    const change = await check(
      stats.slice(1),
      'metric: returns\nperiod: "2025"\nbaseline: "2024"\ncomparator: { kind: increase }',
    );
    assert.equal(change.verdict, 'not_checkable');
    assert.match(
      stat(change)[0]!.reason,
      /^no loaded published statistic gives returns for IRN to AFG from 2025-01-01 to 2025-12-31$/,
    );
  });

  it('casualties add killed and injured of one version over the same part of the period; a version without injured gives no bound', async () => {
    const pak = {
      report: 'Synthetic security report',
      country: 'PAK',
      geography: null,
      geographyTo: null,
      countryTo: null,
      url: null,
      unit: 'people',
    };
    const stats = [
      fig(
        {
          ...pak,
          metric: 'killed',
          definition: 'people killed',
          periodStart: '2023-01-01',
          periodEnd: '2023-06-30',
          value: 700,
        },
        40,
      ),
      fig(
        {
          ...pak,
          metric: 'injured',
          definition: 'people injured',
          periodStart: '2023-01-01',
          periodEnd: '2023-06-30',
          value: 800,
        },
        41,
      ),
      fig(
        {
          ...pak,
          organisation: 'Synthetic B',
          metric: 'killed',
          definition: 'people killed',
          periodStart: '2023-07-01',
          periodEnd: '2023-12-31',
          value: 2000,
        },
        42,
      ),
    ];
    const spec = await checkClaim(
      parseClaimFile(
        'claims:\n  - id: c\n    text: t\n    metric: casualties\n    geography: { country: PAK }\n    period: "2023"\n    comparator: { kind: more_than, value: 1400 }\n',
        'c.yaml',
      ).claims[0]!,
      { statistics: stats, coverage: [], events: null },
    );
    assert.equal(spec.verdict, 'supported');
    const [a, b] = stat(spec);
    assert.deepEqual(
      [a!.source, a!.value, a!.outcome, a!.parts.map((p) => p.line)],
      ['Synthetic A', 1500, 'holds', [40, 41]],
    );
    assert.deepEqual(
      [b!.source, b!.outcome, b!.reason],
      ['Synthetic B', 'unavailable', 'this version publishes killed 2,000 but no injured'],
    );
  });

  it('when only figures that give no bound are near, the explanation still says nothing gives the period, and none of them is "read as a bound"', async () => {
    const stats = [
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-29', value: 70, unit: 'percent of returns' }, 60),
      fig({ periodStart: '2024-10-01', periodEnd: '2025-03-31', value: 900 }, 61),
    ];
    const r = await check(stats, `${YEAR}\ncomparator: { kind: more_than, value: 100 }`);
    const none = 'no loaded published statistic gives returns for IRN to AFG from 2025-01-01 to 2025-12-31';
    assert.equal(r.verdict, 'not_checkable');
    assert.equal(
      r.explanation,
      `No loaded source can answer this claim. Cannot be checked against: published statistics: ${none}; events: ${EVENTS}. 2 figures over other periods give no bound: 1 in percent of returns, not a count that adds up over time; 1 over a period that overlaps the claim's only in part (each listed in the evidence).`,
    );
    assert.deepEqual(
      stat(r).map((e) => [e.parts[0]?.line ?? null, e.no_bound ?? null, e.notes]),
      [
        [null, null, []],
        [61, "over a period that overlaps the claim's only in part", []],
        [60, 'in percent of returns, not a count that adds up over time', []],
      ],
    );
    // Beside a figure that bounds, only that one is read as a bound (and the claim is answered).
    const part = fig({ periodStart: '2025-01-01', periodEnd: '2025-06-30', value: 500 }, 62);
    const mixed = await check([...stats, part], `${YEAR}\ncomparator: { kind: more_than, value: 100 }`);
    assert.equal(mixed.verdict, 'supported');
    assert.deepEqual(
      stat(mixed).map((e) => [e.parts[0]!.line, e.notes.includes(`${none}: read as a bound`)]),
      [
        [62, true],
        [61, false],
        [60, false],
      ],
    );
  });

  it('a figure that gives no bound is counted once, in the line every surface prints, whatever its role; the context count is of figures that could answer', async () => {
    const stats = [
      // Synthetic A: a lower bound past the claim's number, and a share.
      fig({ periodStart: '2025-01-01', periodEnd: '2025-10-25', value: 1700 }, 70),
      fig({ periodStart: '2025-01-01', periodEnd: '2025-06-29', value: 70, unit: 'percent of returns' }, 71),
      // Synthetic B: a lower bound that holds too (context), a share and a count overlapping in part.
      ...[
        { periodStart: '2025-01-01', periodEnd: '2025-09-30', value: 1600 },
        { periodStart: '2025-04-01', periodEnd: '2025-04-30', value: 40, unit: 'percent of returns' },
        { periodStart: '2024-10-01', periodEnd: '2025-03-31', value: 900 },
      ].map((o, i) => fig({ ...o, organisation: 'Synthetic B' }, 72 + i)),
    ];
    for (const [field, decider] of [
      ['attributed_to: Synthetic A', 'the claim names Synthetic A: its figures decide'],
      ['preferred_sources: [Synthetic A]', 'preferred sources decide'],
    ] as const) {
      const r = await check(stats, `${YEAR}\n${field}\ncomparator: { kind: more_than, value: 1500 }`);
      assert.equal(r.verdict, 'supported', field);
      // B's share and overlapping count are context, A's share decisive: three figures, one line.
      assert.deepEqual(
        r.evidence.filter((e) => e.no_bound).map((e) => [e.parts[0]!.line, e.role]),
        [
          [74, 'context'],
          [71, 'decisive'],
          [73, 'context'],
        ],
        field,
      );
      const line = noBoundSummary(r.evidence);
      assert.equal(
        line,
        "3 figures over other periods give no bound: 2 in percent of returns, not a count that adds up over time; 1 over a period that overlaps the claim's only in part",
      );
      // The explanation's line is the table's and the dashboard's (noBoundSummary of the evidence);
      // B's bound that holds is the one figure shown as context, and the events, which cannot answer, are named.
      assert.ok(
        r.explanation.endsWith(
          `. Cannot be checked against: events: ${EVENTS}. ${line} (each listed in the evidence). 1 figure from other sources shown as context (${decider}).`,
        ),
        r.explanation,
      );
    }
  });
});
