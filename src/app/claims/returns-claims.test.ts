import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { registeredCommand, runCli } from '../../../test/helpers/in-process-cli.ts';
import { createApi } from '../../api/server.ts';
import { registerClaims } from '../../cli/commands/claims.ts';
import { registerIndicators } from '../../cli/commands/indicators.ts';
import type { IndicatorsAnswer } from '../answers.ts';
import { isOrganisation } from '../../claims/attribution.ts';
import { noBoundSummary } from '../../domain/statistic.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

const EXAMPLE = new URL('../../../examples/claims/afghan-returns.yaml', import.meta.url);
const RETURNS_CSV = new URL('../../../data/afghan-returns/afghan_returns_published.csv', import.meta.url);
const store = useBundledStore();

describe('claims about returns, from the bundled published figures', () => {
  it("honours each figure's qualifier, cites its page and quote, and says events cannot count returns", async () => {
    const loaded = parseClaims(readFileSync(EXAMPLE, 'utf8'), 'afghan-returns.yaml');
    const [over600k, about800k, twoMillion, hostile] = await checkClaims(store(), loaded.file.claims);
    // The bundled GDELT dyad index: September 2023's mean daily PAK-AFG value and its whole interval are below 0.
    const index = hostile!.evidence[0]!;
    assert.deepEqual([index.kind, index.outcome, hostile!.verdict], ['index', 'holds', 'supported']);
    assert.ok(index.value! < 0 && index.high! < 0);
    assert.match(index.source, /gzemo\/gdelt-graph-data/);
    // UNHCR: "over 610,000" (at_least) holds for "over 600,000".
    const unhcr = over600k!.evidence.find((e) => e.source === 'UNHCR' && e.kind === 'statistic')!;
    assert.deepEqual([unhcr.qualifier, unhcr.value, unhcr.outcome], ['at_least', 610000, 'holds']);
    assert.match(unhcr.parts[0]!.quote!, /610,000/);
    assert.match(unhcr.parts[0]!.url!, /^https:\/\//);
    // The part names the line of the imported file its record starts on: the figure's page and value.
    const line = readFileSync(RETURNS_CSV, 'utf8').split('\n')[unhcr.parts[0]!.line! - 1]!;
    assert.ok(line.includes(unhcr.parts[0]!.url!) && line.includes(',610000,at_least,'), line);
    assert.equal(over600k!.verdict, 'supported');
    // Its definition note says what the figure counts, in its publisher's words, not a casualty class.
    assert.ok(
      unhcr.notes.includes(`definition: people who returned, as published: "${unhcr.parts[0]!.definition}"`),
    );
    for (const e of [over600k!, about800k!].flatMap((x) => x.evidence))
      assert.ok(!e.notes.some((n) => /operations|militants|victims/.test(n)), e.notes.join('; '));
    // UNHCR: "around 806,000" (about) holds for "about 800,000"; a bare "two million" (about: 1.8 to 2.2 million) fails.
    assert.ok(
      about800k!.evidence.some((e) => e.source === 'UNHCR' && e.value === 806000 && e.outcome === 'holds'),
    );
    assert.ok(twoMillion!.evidence.some((e) => e.source === 'UNHCR' && e.outcome === 'fails'));
    // The explanation names the report once, not its publisher twice, and no "(unspecified)" version.
    assert.match(
      about800k!.explanation,
      /^Supported by UNHCR Afghanistan Situation Update #42 - As of end December 2024: returns 806,000\./,
    );
    const events = over600k!.evidence.find((e) => e.kind === 'events')!;
    assert.deepEqual(
      [events.outcome, events.reason],
      [
        'unavailable',
        'event datasets count violence, not returns: only published figures can check this claim',
      ],
    );
  });

  it('a figure read through a news outlet keeps its [secondary] flag in the evidence', async () => {
    const claims = parseClaims(
      'claims:\n  - id: s\n    text: 1,723,481 returned by 8 November 2025\n    metric: returns\n    geography: { country: PAK }\n    period: { from: "2023-09-15", to: "2025-11-08" }\n    comparator: { kind: exactly, value: 1723481 }\n',
      's.yaml',
    );
    const [r] = await checkClaims(store(), claims.file.claims);
    const e = r!.evidence.find((x) => x.kind === 'statistic' && x.value === 1723481)!;
    assert.match(e.report!, /^\[secondary: /);
    assert.equal(e.outcome, 'holds');
  });

  it('faultline indicators --format json equals GET /api/v1/statistics: each figure with its page, quote and secondary flag', async () => {
    const cli = await runCli(
      store(),
      [registerIndicators],
      ['indicators', '--metric', 'deportations', '--country', 'PAK', '--format', 'json'],
    );
    assert.equal(cli.error, undefined, cli.err);
    const api = createApi({ store: store(), log: () => {} });
    const res = await api.app.request('/api/v1/statistics?metric=deportations&country=PAK');
    const body = (await res.json()) as IndicatorsAnswer;
    assert.deepEqual(JSON.parse(cli.out), body);
    assert.ok(body.statistics.length >= 10);
    // One order everywhere (the dashboard sorts with the same comparator): newest period end first,
    // then the latest start; the store's order (oldest first) once made the CLI and the API the reverse.
    const ends = body.statistics.map((s) => `${s.period_end} ${s.period_start ?? ''}`);
    assert.deepEqual(ends, [...ends].sort().reverse());
    assert.notEqual(ends[0], ends.at(-1));
    assert.ok(
      body.statistics.every(
        (s) => s.metric === 'deportations' && (s.country === 'PAK' || s.country_to === 'PAK'),
      ),
    );
    const iom = body.statistics.find((s) => s.value === 998)!;
    // Its page shows no publication date: null, not '' (unknown is null, as everywhere).
    assert.deepEqual(
      [iom.country, iom.country_to, iom.url, iom.secondary, iom.published],
      ['PAK', 'AFG', 'https://dtm.iom.int/fr/node/30261', false, null],
    );
    assert.ok(body.statistics.some((s) => s.secondary && s.report.startsWith('[secondary: ')));
    const table = await runCli(store(), [registerIndicators], ['indicators', '--metric', 'deportations']);
    assert.match(
      table.out,
      /\n\(\d+ cells? cut at 48 characters, ending in …: --format csv or json gives every value whole\)\n$/,
    );
  });

  it('faultline indicators says what each figure counts: the table shows definitions, csv equals the API csv', async () => {
    const args = ['indicators', '--metric', 'killed', '--from', '2024', '--to', '2024'];
    const csv = await runCli(store(), [registerIndicators], [...args, '--format', 'csv']);
    assert.equal(csv.error, undefined, csv.err);
    const api = createApi({ store: store(), log: () => {} });
    const res = await api.app.request('/api/v1/statistics?metric=killed&from=2024&to=2024&format=csv');
    assert.equal(res.status, 200);
    // Every field of the API's rows, definition and country among them (the CLI's csv once had 13 of 20).
    assert.equal(csv.out, await res.text());
    assert.match(csv.out.split('\n')[0]!, /(^|,)definition,country,admin1,geography,/);
    // CRSS published two 2024 "killed" figures for Pakistan; only their definitions tell them apart.
    const table = await runCli(store(), [registerIndicators], args);
    const crss = table.out.split('\n').filter((l) => l.startsWith('CRSS '));
    assert.equal(crss.length, 2, table.out);
    assert.ok(
      crss.some((l) => /security forces personnel killed +PAK .* 685 /.test(l)),
      crss.join('\n'),
    );
    assert.ok(crss.some((l) => /violence-linked fatalities: terror attacks plus… +PAK .* 2546 /.test(l)));
  });

  it('a country filter says which figures naming that country with others it left out (CLI, API, CSV header)', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const body = (await (
      await api.app.request('/api/v1/statistics?metric=returns&country=PAK&from=2025&to=2025')
    ).json()) as IndicatorsAnswer;
    const all = (await (await api.app.request('/api/v1/statistics?metric=returns&from=2025&to=2025')).json())
      .statistics as IndicatorsAnswer['statistics'];
    const combined = all.filter((s) => s.country === null && /\bPakistan\b/.test(s.geography ?? ''));
    assert.ok(combined.length >= 2);
    assert.ok(body.statistics.every((s) => s.country === 'PAK'));
    assert.deepEqual(body.meta.notes, [
      `${combined.length} figures left out whose geography names PAK together with another country ("Pakistan and Iran", "Pakistan and Iran (mainly)"): each counts more than one country; ask without a country to list them`,
    ]);
    const cli = await runCli(
      store(),
      [registerIndicators],
      ['indicators', '--metric', 'returns', '--country', 'PAK', '--from', '2025', '--to', '2025'],
    );
    assert.ok(cli.err.includes(`\nnote: ${body.meta.notes[0]}\n`), cli.err);
    const csv = await api.app.request(
      '/api/v1/statistics?metric=returns&country=PAK&from=2025&to=2025&format=csv',
    );
    assert.equal(csv.headers.get('x-faultline-notes'), `${body.meta.note} | ${body.meta.notes[0]}`);
    // A country no combined geography names gets no such note.
    const ind = (await (await api.app.request('/api/v1/statistics?country=IND')).json()) as IndicatorsAnswer;
    assert.deepEqual(ind.meta.notes, []);
  });

  it('each listed figure names the compiled file it was imported from (sha256, as sources lists it) and its line there', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const body = (await (
      await api.app.request('/api/v1/statistics?metric=deportations&country=PAK')
    ).json()) as IndicatorsAnswer;
    const file = new URL('../../../data/afghan-returns/afghan_returns_published.csv', import.meta.url);
    const text = readFileSync(file);
    const iom = body.statistics.find((s) => s.value === 998)!;
    assert.equal(iom.file_sha256, createHash('sha256').update(text).digest('hex'));
    // The record on that line is the figure's: its page and its value.
    const line = text.toString('utf8').split('\n')[iom.line! - 1]!;
    assert.ok(line.includes(iom.url!) && line.includes(',998,'), line);
    const csv = await (
      await api.app.request('/api/v1/statistics?metric=deportations&country=PAK&format=csv')
    ).text();
    assert.match(csv.split('\n')[0]!, /,secondary,file_sha256,line$/);
  });

  it('indicators --country takes ISO3 codes comma-separated, as the event filters do (the API told a repeated country to use commas, then refused them)', async () => {
    const api = createApi({ store: store(), log: () => {} });
    const get = async (q: string) =>
      (await (await api.app.request(`/api/v1/statistics?metric=returns${q}`)).json()) as IndicatorsAnswer;
    const [pak, irn, both] = [
      await get('&country=PAK'),
      await get('&country=IRN'),
      await get('&country=pak,IRN'),
    ];
    assert.deepEqual(
      both.statistics.map((s) => s.id).sort(),
      [...pak.statistics, ...irn.statistics].map((s) => s.id).sort(),
    );
    assert.ok(pak.statistics.length > 0 && irn.statistics.length > 0);
    // "Pakistan and Iran" still counts both together: left out and counted, not listed.
    assert.match(
      both.meta.notes[0]!,
      /^\d+ figures left out whose geography names PAK or IRN together with another country \("Pakistan and Iran"/,
    );
    const cli = await runCli(
      store(),
      [registerIndicators],
      ['indicators', '--metric', 'returns', '--country', 'pak,IRN', '--format', 'json'],
    );
    assert.deepEqual(JSON.parse(cli.out), both);
    for (const [q, message] of [
      [
        'PAK,',
        'invalid country: "PAK," (an empty item between commas: give each value once, comma-separated)',
      ],
      ['PAK,Iran', 'invalid country: "Iran" (use an ISO 3166-1 alpha-3 code such as PAK)'],
      ['PAK,XYZ', 'unknown country: "XYZ" (nearest: BLZ, CYM, CYP, KAZ, KGZ)'],
    ]) {
      const res = await api.app.request(`/api/v1/statistics?country=${encodeURIComponent(q!)}`);
      assert.equal(res.status, 400);
      assert.equal(((await res.json()) as { error: { message: string } }).error.message, message);
    }
  });

  it('indicators --help says --from/--to take every overlapping figure and --country leaves combined geographies out', () => {
    const help = registeredCommand(store(), [registerIndicators], ['indicators'])
      .helpInformation()
      .replace(/\s+/g, ' ');
    assert.match(
      help,
      /--to <date> figures whose period starts on or before this day: with --from, every figure whose period overlaps \(--from 2025 --to 2025 also lists a count since 2023 that ends in 2025\)/,
    );
    assert.match(
      help,
      /--country <iso3s> figures of these countries, ISO3 codes comma-separated \(PAK or PAK,IRN\), as the geography or where people went; a geography naming one with another country \("Pakistan and Iran"\) is left out, and a note counts those/,
    );
  });

  it('only relations_index takes a negative bound, and it needs the pair', () => {
    const spec = (metric: string, geo: string) =>
      `claims:\n  - id: x\n    text: t\n    metric: ${metric}\n    geography: ${geo}\n    period: '2023-09'\n    comparator: { kind: less_than, value: -5 }\n`;
    assert.throws(() => parseClaims(spec('deaths', '{ country: PAK }'), 'c.yaml'), {
      message:
        'invalid claim file "c.yaml": claims.0.comparator.value: must be 0 or more (only relations_index may be negative)',
    });
    assert.throws(() => parseClaims(spec('relations_index', '{ country: PAK }'), 'c.yaml'), {
      message:
        'invalid claim file "c.yaml": claims.0.geography.to: relations_index needs the pair: geography.country and geography.to',
    });
    assert.equal(
      parseClaims(spec('relations_index', '{ country: PAK, to: AFG }'), 'c.yaml').file.claims.length,
      1,
    );
  });
});

describe('claims on published figures over other periods, from the bundled rows (faultline indicators --metric returns --country IRN)', () => {
  const claim = (id: string, metric: string, period: string, kind: string, value: number) =>
    `  - { id: ${id}, text: t, metric: ${metric}, geography: { country: IRN, to: AFG }, period: "${period}", comparator: { kind: ${kind}, value: ${value} } }\n`;
  const check = async (yaml: string) =>
    checkClaims(store(), parseClaims(`claims:\n${yaml}`, 'c.yaml').file.claims);
  const csv = readFileSync(RETURNS_CSV);
  const sha = createHash('sha256').update(csv).digest('hex');
  const lineOf = (n: number) => csv.toString('utf8').split('\n')[n - 1]!;

  it('"over 1.5 million returned from Iran in 2025" is supported by UNHCR\'s "over 1.7 million" by 25 October, a lower bound; smaller counts over parts of 2025 are context', async () => {
    const [r] = await check(claim('iran-2025', 'returns', '2025', 'over', 1_500_000));
    assert.equal(r!.verdict, 'supported');
    const figures = r!.evidence.filter((e) => e.kind === 'statistic');
    const holds = figures.filter((e) => e.outcome === 'holds');
    assert.equal(holds.length, 1);
    const e = holds[0]!;
    assert.deepEqual(
      [e.source, e.qualifier, e.value, e.period, e.bound!.kind, e.parts[0]!.qualifier],
      [
        'UNHCR (reported by Tehran Times)',
        'lower_bound',
        1_700_000,
        { from: '2025-01-01', to: '2025-10-25' },
        'lower',
        'at_least',
      ],
    );
    assert.match(e.report!, /^\[secondary: Tehran Times/);
    // The part names its file and line, and that line is the figure's record (its page and value).
    assert.equal(e.parts[0]!.file_sha256, sha);
    const line = lineOf(e.parts[0]!.line!);
    assert.ok(
      line.includes(e.parts[0]!.url!) && line.includes(',2025-01-01,2025-10-25,1700000,at_least,'),
      line,
    );
    // IOM's 714,572 (to 29 June), OCHA's "about 1,280,000" (to 26 July: at least 1,152,000), UNHCR's
    // 640,000+ since 20 March and IOM's 256,000+ in June bound 2025 from below, settling nothing.
    assert.deepEqual(
      figures
        .filter((x) => x.role === 'context')
        .map((x) => [x.source, x.bound!.value, x.outcome])
        .sort((a, b) => String(a[0]).localeCompare(String(b[0])) || Number(a[1]) - Number(b[1])),
      [
        ['IOM', 256_000, 'inconclusive'],
        ['IOM', 714_572, 'inconclusive'],
        ['OCHA (reported by Pajhwok)', 1_152_000, 'inconclusive'],
        ['UNHCR (reported by Devdiscourse)', 640_000, 'inconclusive'],
      ],
    );
  });

  it('"fewer than 800,000 returned from Iran in 2025-Q1" is supported by IOM\'s 714,572 for 1 January to 29 June, an upper bound; "more than" in March is shown against it, not contradicted', async () => {
    const [march, q1] = await check(
      claim('march', 'returns', '2025-03', 'more_than', 800_000) +
        claim('q1', 'returns', '2025-Q1', 'less_than', 800_000),
    );
    // A bound never contradicts: the claim's source may count otherwise than IOM.
    assert.equal(march!.verdict, 'not_checkable');
    const iom = march!.evidence.find((e) => e.source === 'IOM' && e.bound)!;
    assert.equal(iom.outcome, 'inconclusive');
    assert.deepEqual(
      [iom.source, iom.qualifier, iom.value, iom.period],
      ['IOM', 'upper_bound', 714_572, { from: '2025-01-01', to: '2025-06-29' }],
    );
    assert.ok(lineOf(iom.parts[0]!.line!).includes(',714572,exact,'));
    // UNHCR's "over 1.7 million" to 25 October contains March but is itself a lower bound: no ceiling.
    const unhcr = march!.evidence.find((e) => e.source === 'UNHCR (reported by Tehran Times)')!;
    assert.equal(unhcr.outcome, 'unavailable');
    assert.match(unhcr.reason, /sets no ceiling$/);
    assert.equal(q1!.verdict, 'supported');
  });

  it('a share of returns is refused as a bound, named with its unit: deportations from Iran in 2025 stay not checkable', async () => {
    const [r] = await check(claim('dep', 'deportations', '2025', 'more_than', 500_000));
    assert.equal(r!.verdict, 'not_checkable');
    const share = r!.evidence.find((e) => e.parts[0]?.value === 70)!;
    assert.deepEqual(
      [share.source, share.outcome, share.reason],
      [
        'IOM',
        'unavailable',
        'not a bound: its unit (percent of returns) is not a count of people or incidents that adds up over time',
      ],
    );
    // UNHCR's 366,000+ deportations since 20 March is a lower bound below 500,000.
    const unhcr = r!.evidence.find((e) => e.bound)!;
    assert.deepEqual([unhcr.bound!.value, unhcr.outcome], [366_000, 'inconclusive']);
    assert.match(
      r!.explanation,
      /^The loaded data cannot settle it: .*deportations at least 366,000 \(a figure of 2025-03-20 to 2025-06-27\)/,
    );
  });

  it('figures that give no bound are counted in one line by why (explanation, table), each kept whole in the evidence', async () => {
    const yaml = `claims:\n  - { id: pak, text: t, metric: returns, geography: { country: PAK, to: AFG }, period: "2025", comparator: { kind: over, value: 1000000 } }\n`;
    const [r] = await checkClaims(store(), parseClaims(yaml, 'c.yaml').file.claims);
    const none = r!.evidence.filter((e) => e.no_bound !== undefined);
    // UNHCR's shares of 2025's returns (percent of returns), IOM's "up to 60,000" over 1-13 April, and
    // the counts since 15 September 2023 to November 2025, which overlap 2025 only in part.
    assert.ok(none.length >= 5, `${none.length}`);
    const shares = none.filter((e) => /percent/.test(e.no_bound!));
    assert.ok(shares.every((e) => e.outcome === 'unavailable' && e.parts[0]!.statistic_id && e.reason));
    const crossing = none.filter((e) => /overlaps/.test(e.no_bound!));
    // UNHCR-IOM's 1,667,713 to 1 November and UNHCR's 1,723,481 to 8 November, each with its page and line.
    assert.deepEqual(
      crossing.map((e) => [
        e.value,
        e.period,
        e.outcome,
        lineOf(e.parts[0]!.line!).includes(`,${e.value},exact,`),
      ]),
      [
        [1_667_713, { from: '2023-09-15', to: '2025-11-01' }, 'unavailable', true],
        [1_723_481, { from: '2023-09-15', to: '2025-11-08' }, 'unavailable', true],
      ],
    );
    assert.equal(
      crossing[0]!.reason,
      "not a bound: its period (2023-09-15 to 2025-11-01) overlaps the claim's (2025-01-01 to 2025-12-31) only in part, so it neither contains nor lies within it",
    );
    // OCHA's 1,100 a day in a week of July and IOM's 5,600 a day over 1-15 April: daily averages of
    // returns, another form of the measure, listed with their metric and unit.
    const daily = none.filter((e) => e.measure === 'returns_daily_average');
    assert.deepEqual(
      daily.map((e) => [e.source, e.value, e.no_bound]),
      [
        [
          'IOM (DTM Pakistan) (Scribd copy)',
          5_600,
          'returns_daily_average in persons per day, not a count that adds up over time',
        ],
        [
          'OCHA (reported by Pajhwok)',
          1_100,
          'returns_daily_average in persons per day, not a count that adds up over time',
        ],
      ],
    );
    const summary = `${none.length} figures over other periods give no bound: ${shares.length} in percent of returns, not a count that adds up over time; ${crossing.length} over a period that overlaps the claim's only in part; ${daily.length} returns_daily_average in persons per day, not a count that adds up over time; ${none.length - shares.length - crossing.length - daily.length} only an upper bound ("at most") over a part of the claim's period, so no floor`;
    assert.ok(r!.explanation.includes(`${summary} (each listed in the evidence).`), r!.explanation);
    // Not named one by one: the explanation gives each bound in full, and no share's reason.
    assert.ok(!r!.explanation.includes('not a count of people or incidents'), r!.explanation);
    assert.ok(r!.evidence.filter((e) => e.bound).every((e) => r!.explanation.includes(e.bound!.why)));
    const dir = mkdtempSync(join(tmpdir(), 'faultline-no-bound-'));
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const table = await runCli(store(), [registerClaims], ['claims', 'check', join(dir, 'c.yaml')]);
    assert.ok(
      table.out.includes(`\n  (not in the table: ${summary}; --format json lists each)\n`),
      table.out,
    );
    assert.equal(table.out.split('\n').filter((l) => / unavailable$/.test(l)).length, 1, table.out);
    const json = await runCli(
      store(),
      [registerClaims],
      ['claims', 'check', join(dir, 'c.yaml'), '--format', 'json'],
    );
    assert.deepEqual(JSON.parse(json.out).results[0].evidence, JSON.parse(JSON.stringify(r!.evidence)));
  });

  it("an attributed claim's explanation counts the figures that give no bound, whatever their role, in the line the table prints", async () => {
    const yaml = `claims:\n  - { id: attr, text: t, attributed_to: IOM, metric: returns, geography: { country: PAK, to: AFG }, period: "2025", comparator: { kind: more_than, value: 1000000 } }\n`;
    const [attr] = await checkClaims(store(), parseClaims(yaml, 'c.yaml').file.claims);
    // IOM's figures decide, so UNHCR's shares and counts since September 2023 are context: counted in
    // the one line all the same, with IOM's own (the explanation counted IOM's alone, the table all).
    const none = attr!.evidence.filter((e) => e.no_bound !== undefined);
    assert.deepEqual([...new Set(none.map((e) => e.role))].sort(), ['context', 'decisive']);
    const line = noBoundSummary(attr!.evidence)!;
    assert.ok(line.startsWith(`${none.length} figures over other periods give no bound: `), line);
    assert.ok(attr!.explanation.includes(`. ${line} (each listed in the evidence).`), attr!.explanation);
    assert.ok(!attr!.explanation.includes('from other sources shown as context'), attr!.explanation);
    const dir = mkdtempSync(join(tmpdir(), 'faultline-no-bound-'));
    writeFileSync(join(dir, 'c.yaml'), yaml);
    const table = await runCli(store(), [registerClaims], ['claims', 'check', join(dir, 'c.yaml')]);
    assert.ok(table.out.includes(`\n  (not in the table: ${line}; --format json lists each)\n`), table.out);
  });

  it('a claim that only figures giving no bound are near still says no figure gives its period, and none is read as a bound', async () => {
    const yaml = `claims:\n  - { id: summer, text: t, metric: returns, geography: { country: PAK, to: AFG }, period: "2023-06-01..2023-08-31", comparator: { kind: more_than, value: 50000 } }\n`;
    const [summer] = await checkClaims(store(), parseClaims(yaml, 'c.yaml').file.claims);
    // Near June to August 2023: IOM's 39,176 for July to September 2023, which overlaps in part, and
    // the Border Consortium's 260 a day from 2022 to 14 September 2023, a daily average of returns
    // (it was left out: only returns rows were listed, not another metric of the same measure).
    assert.deepEqual(
      summer!.evidence.map((e) => [e.source, e.value, e.no_bound ?? null]),
      [
        ['published statistics', null, null],
        [
          'Border Consortium (IOM-led)',
          260,
          'returns_daily_average in persons per day, not a count that adds up over time',
        ],
        ['IOM (DTM Pakistan)', 39_176, "over a period that overlaps the claim's only in part"],
        ['events', null, null],
      ],
    );
    const daily = summer!.evidence.find((e) => e.measure === 'returns_daily_average')!;
    assert.deepEqual(
      [daily.outcome, daily.period, daily.reason],
      [
        'unavailable',
        { from: '2022-01-01', to: '2023-09-14' },
        'not a bound: returns_daily_average (persons per day) is another form of returns, not a count that adds up over time',
      ],
    );
    assert.match(
      summer!.explanation,
      /^No loaded source can answer this claim\. Cannot be checked against: published statistics: no loaded published statistic gives returns for PAK to AFG from 2023-06-01 to 2023-08-31; events: .* 2 figures over other periods give no bound: 1 over a period that overlaps the claim's only in part; 1 returns_daily_average in persons per day, not a count that adds up over time \(each listed in the evidence\)\.$/,
    );
    assert.ok(summer!.evidence.every((e) => !e.notes.some((n) => n.includes('read as a bound'))));
  });

  it("UNHCR's shares of April 2025's returns are listed beside its count of them, as figures for the claim's own period that answer nothing", async () => {
    const yaml = `claims:\n  - { id: april, text: t, metric: returns, geography: { country: PAK, to: AFG }, period: "2025-04-01..2025-04-30", comparator: { kind: more_than, value: 100000 } }\n`;
    const [april] = await checkClaims(store(), parseClaims(yaml, 'c.yaml').file.claims);
    assert.equal(april!.verdict, 'supported');
    const shares = april!.evidence.filter((e) => e.no_bound !== undefined);
    // The three shares UNHCR gave for April 2025 (22, 6 and 72 percent of returns) were left out
    // without a word: only a count in persons answers, and the others were dropped unseen.
    assert.deepEqual(
      shares.map((e) => [e.source, e.value, e.outcome, e.reason]),
      [6, 22, 72].map((v) => [
        'UNHCR',
        v,
        'unavailable',
        'not an answer: its unit (percent of returns) is not a count of people',
      ]),
    );
    assert.ok(
      april!.explanation.includes(
        "3 figures give no bound: 3 for the claim's own period, in percent of returns, not a count (each listed in the evidence).",
      ),
      april!.explanation,
    );
  });

  it("a claim attributed to an organisation is checked against that organisation's figures first, and says when only others' figures exist", async () => {
    const spec = (id: string, to: string, kind: string, value: number) =>
      `  - { id: ${id}, text: t, attributed_to: IOM, metric: returns, geography: { country: PAK, to: AFG }, period: "2023-09-15..${to}", comparator: { kind: ${kind}, value: ${value} } }\n`;
    const [own, others] = await check(
      spec('own', '2024-01-15', 'exactly', 501_242) + spec('others', '2024-12-31', 'about', 800_000),
    );
    // IOM (DTM Pakistan)'s 501,242 decides; every other source is context.
    const iom = own!.evidence.find((e) => e.kind === 'statistic' && e.role === 'decisive')!;
    assert.deepEqual([own!.verdict, iom.source, iom.value], ['supported', 'IOM (DTM Pakistan)', 501_242]);
    assert.ok(own!.evidence.every((e) => e === iom || e.role === 'context'));
    assert.ok(iom.notes.includes('a figure of IOM (DTM Pakistan): the organisation the claim names (IOM)'));
    // No other figure covers the period: the events, which cannot answer, are named, not counted as context.
    assert.match(
      own!.explanation,
      /\. Cannot be checked against: events: event datasets count violence, not returns: only published figures can check this claim\.$/,
    );
    // No IOM figure covers September 2023 to December 2024: UNHCR's 806,000 answers, and the reason says whose it is.
    const unhcr = others!.evidence.find((e) => e.outcome === 'holds')!;
    assert.deepEqual([others!.verdict, unhcr.source], ['supported', 'UNHCR']);
    assert.ok(unhcr.notes.includes('a figure of UNHCR, not of IOM, the organisation the claim names'));
    assert.match(
      others!.explanation,
      / The claim names IOM, but no loaded figure of IOM is for the claim's place and period: the verdict rests on other publishers' figures \(UNHCR\), which may count otherwise\.$/,
    );
    // Whose a figure is, by the words outside its brackets: a joint figure is each partner's, a
    // consortium IOM leads or agencies listed in brackets are not IOM's.
    assert.deepEqual(
      [
        'IOM (DTM Pakistan)',
        'UNHCR-IOM (reported by ANI/Dawn)',
        'Border Consortium (IOM-led)',
        'UN agencies (UNHCR, IOM) (reported by AP)',
        'IOMX',
      ].map((o) => isOrganisation(o, 'iom')),
      [true, true, false, false, false],
    );
  });

  it('preferred_sources: [IOM] prefers the figures IOM (DTM Pakistan) publishes, and one matching no source is named', async () => {
    const spec = (id: string, preferred: string) =>
      `  - { id: ${id}, text: t, preferred_sources: [${preferred}], metric: returns, geography: { country: PAK, to: AFG }, period: "2023-09-15..2024-01-15", comparator: { kind: exactly, value: 501242 } }\n`;
    const [iom, iomx] = await check(spec('iom', 'IOM') + spec('iomx', 'IOMX'));
    // By exact text IOM matched no source, and every figure counted without a word.
    const own = iom!.evidence.find((e) => e.source === 'IOM (DTM Pakistan)')!;
    assert.deepEqual(
      [own.role, own.notes.at(-1)],
      ['decisive', 'a preferred source (IOM: the organisation in its name)'],
    );
    assert.ok(iom!.evidence.every((e) => e === own || e.role === 'context'));
    assert.match(
      iom!.explanation,
      /\. Cannot be checked against: events: event datasets count violence, not returns: only published figures can check this claim\.$/,
    );
    assert.ok(iomx!.evidence.every((e) => e.role === 'decisive'));
    assert.match(
      iomx!.explanation,
      / Preferred source IOMX matches none of the sources of this claim's figures \(IOM \(DTM Pakistan\)\): every source counts\.$/,
    );
  });

  it("claims check prints each figure's period and its bound (>=, <=) when figures over other periods answer", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'faultline-bounds-'));
    writeFileSync(
      join(dir, 'c.yaml'),
      `claims:\n${claim('march', 'returns', '2025-03', 'more_than', 800_000)}`,
    );
    const r = await runCli(store(), [registerClaims], ['claims', 'check', join(dir, 'c.yaml')]);
    assert.equal(r.error, undefined, r.err);
    const row = r.out.split('\n').find((l) => /^\s+IOM /.test(l))!;
    assert.match(row, /returns\s+<= 714,572\s+2025-01-01\.\.2025-06-29\s+inconclusive$/);
    assert.match(r.out, /\n\s+source\s+report\s+version\s+measure\s+value\s+period\s+outcome\n/);
    // Beside each bounding figure, whole, the API's words for why it bounds the claim (bound.why).
    const [api] = await check(claim('march', 'returns', '2025-03', 'more_than', 800_000));
    const bounds = api!.evidence.filter((e) => e.bound);
    assert.ok(bounds.length >= 2);
    for (const e of bounds)
      assert.ok(
        r.out.includes(
          `\n    ${e.source}, ${e.period!.from}..${e.period!.to} (${e.bound!.kind === 'lower' ? '>=' : '<='} ${e.bound!.value.toLocaleString('en-US')}): ${e.bound!.why}\n`,
        ),
        r.out,
      );
  });

  it('"returns from Pakistan in 2025 exceeded 2024" is supported by UNHCR\'s 931,700 over 1 April to 13 December 2025 against its "some 315,100" for 2024; "fell" is shown against it, not contradicted', async () => {
    const change = (id: string, kind: string) =>
      `  - { id: ${id}, text: t, metric: returns, geography: { country: PAK, to: AFG }, period: "2025", baseline: "2024", comparator: { kind: ${kind} } }\n`;
    const [rose, fell] = await check(change('rose', 'increase') + change('fell', 'decrease'));
    assert.equal(rose!.verdict, 'supported');
    const e = rose!.evidence.find((x) => x.outcome === 'holds')!;
    const c = e.change_bound!;
    // UNHCR's count both times: a floor of 2025 (read through Dawn) over a ceiling of 2024 ("some
    // 315,100", at most 346,610), per day: (931,700 / 365) / (346,610 / 366).
    assert.deepEqual(
      [
        e.source,
        c.period.lower!.value,
        c.period.lower!.figure_period,
        c.baseline.upper!.value,
        c.baseline.upper!.figure_period,
      ],
      [
        'UNHCR (reported by Dawn)',
        931_700,
        { from: '2025-04-01', to: '2025-12-13' },
        346_610,
        { from: '2024-01-01', to: '2024-12-31' },
      ],
    );
    assert.equal(c.low, Math.round((931_700 / 365 / (346_610 / 366)) * 1e4) / 1e4);
    assert.match(e.report!, /^\[secondary: Dawn/);
    // Each figure's record is cited: its line holds its page and value.
    const values = e.parts.map((p) => [p.value, lineOf(p.line!).includes(`,${p.value},`)]);
    assert.deepEqual(values, [
      [315_100, true],
      [931_700, true],
    ]);
    assert.equal(fell!.verdict, 'not_checkable');
    const against = fell!.evidence.find((x) => x.source === 'UNHCR (reported by Dawn)')!;
    assert.deepEqual([against.outcome, against.change_bound!.low], ['inconclusive', c.low]);
    assert.match(against.reason, /not judged against the claim/);
    // The CLI prints the ratio's bound in the table and each publisher's why under it.
    const dir = mkdtempSync(join(tmpdir(), 'faultline-change-bounds-'));
    writeFileSync(join(dir, 'c.yaml'), `claims:\n${change('rose', 'increase')}`);
    const r = await runCli(store(), [registerClaims], ['claims', 'check', join(dir, 'c.yaml')]);
    assert.equal(r.error, undefined, r.err);
    assert.match(r.out, /\n\s+UNHCR \(reported by Dawn\) .* returns\s+RR >= 2\.7\s+holds\n/);
    assert.ok(r.out.includes(`\n    UNHCR (reported by Dawn) (RR at least 2.7): ${c.why}\n`), r.out);
  });
});
