import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { createApi } from '../../api/server.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { registerBrief } from '../../cli/commands/brief.ts';
import { esc } from '../../report/format.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { counted } from '../../domain/plural.ts';
import { readable } from '../../domain/readable.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { bundledStoreCopy } from '../../../test/helpers/bundled-store.ts';
import { runCli } from '../../../test/helpers/in-process-cli.ts';
import { publishedReturns, returnsSharingDays } from '../../../test/helpers/published-returns.ts';
import { relationsQuery } from '../relations/relations.ts';
import { borderRelations } from './border-relations.ts';
import type { BriefingData } from '../../report/briefing-data.ts';
import type { IndicatorsAnswer } from '../answers.ts';
import { briefingPeriod, buildBriefing } from './build-briefing.ts';

let store: Store;

/**
 * The 2026 section and the March 2026 briefing of both countries, each read by several tests (none
 * changes them; the store is not written): computed once for the file, on first use.
 */
let section2026: ReturnType<typeof borderRelations> | undefined;
const borderRelations2026 = () => (section2026 ??= borderRelations(store, briefingPeriod('2026')));
let briefing202603: ReturnType<typeof buildBriefing> | undefined;
const briefingBoth202603 = () =>
  (briefing202603 ??= buildBriefing(store, { period: '2026-03', filter: { country: ['PAK', 'AFG'] } }));

/** Every key path of a JSON value that is not snake_case, except inside the echoed event filter. */
function camelKeys(v: unknown, path = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => camelKeys(x, `${path}[${i}]`));
  if (!v || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [
    ...(/[A-Z]/.test(k) ? [`${path}.${k}`] : []),
    ...(k === 'filter' ? [] : camelKeys(x, `${path}.${k}`)),
  ]);
}

describe('the briefing section on border and relations (bundled data)', () => {
  before(async () => {
    store = await createStore({ path: await bundledStoreCopy() });
  });
  after(() => store?.close());

  it("2026's interstate clashes add up to the 90 events and 655 deaths of the dyad pakistan:afghanistan", async () => {
    const s = await borderRelations2026();
    const interstate = s.border.rows.filter((r) => r.series === 'interstate');
    assert.deepEqual(
      interstate.map((r) => r.side),
      ['PAK', 'AFG'],
    );
    // Events dated only to the year are in no month: listed apart, and the two add up.
    const apart = s.border.imprecise.filter((r) => r.series === 'interstate');
    assert.equal(interstate.reduce((n, r) => n + r.events!, 0) + apart.reduce((n, r) => n + r.events, 0), 90);
    assert.equal(
      interstate.reduce((n, r) => n + r.fatalities_best!, 0) +
        apart.reduce((n, r) => n + (r.fatalities_best ?? 0), 0),
      655,
    );
    assert.ok(s.border.sources.some((x) => x.source === 'ucdp-candidate'));
  });

  it("says that Pakistan's strikes in the interstate war are in the interstate rows of the AFG side, not in the strikes series (UCDP's side_a there is Afghanistan)", async () => {
    // The week of 9-15 March 2026 (2026-W11): the raw Candidate rows of the interstate dyad in
    // Afghanistan, Pakistani strikes in Khost and Kabul among them, all with side_a Government of
    // Afghanistan. (No event of that week has a point on the other side of the line from its country.)
    const rows = parse(
      readFileSync(
        new URL('../../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url),
      ),
      { columns: true },
    ) as Record<string, string>[];
    const day = rows.filter(
      (r) =>
        r.dyad_name === 'Government of Afghanistan - Government of Pakistan' &&
        r.country === 'Afghanistan' &&
        r.date_start!.slice(0, 10) >= '2026-03-09' &&
        r.date_start!.slice(0, 10) <= '2026-03-15',
    );
    assert.ok(day.length > 0 && day.every((r) => r.side_a === 'Government of Afghanistan'));
    const deaths = day.reduce((n, r) => n + Number(r.best), 0);
    const s = await borderRelations(store, briefingPeriod('2026-W11'));
    assert.ok(
      s.notes.includes(
        `${day.length} interstate events (${deaths} deaths, best) lie on the AFG side: Pakistan's strikes in the interstate war are counted there, not in pakistani_strikes (UCDP's interstate dyad has the Government of Afghanistan as side_a whoever fired; pakistani_strikes holds the events Pakistan is side_a of, its strikes on armed groups in Afghanistan).`,
      ),
      s.notes.join('\n'),
    );
  });

  it("names the interstate events of 2026 it sides by UCDP's country against a point within 5 km of the line, as the border view does", async () => {
    const s = await borderRelations2026();
    const afg = s.border.rows.filter((r) => r.series === 'interstate' && r.side === 'AFG');
    // 73 events in Afghanistan by UCDP's country, as --country AFG counts them (72 by the points alone).
    const apart = s.border.imprecise.filter((r) => r.series === 'interstate' && r.side === 'AFG');
    assert.equal(afg.reduce((n, r) => n + r.events!, 0) + apart.reduce((n, r) => n + r.events, 0), 73);
    assert.ok(
      s.notes.includes(
        "3 events (ucdp-candidate:618277, ucdp-candidate:620664, ucdp-candidate:622878) lie within 5 km of the border line on the other side of it than their source's country: the simplified line cannot tell the side that close, so the source's country decides (border_side_basis country), as claims and --country count them, and so does their province (admin1_code: the nearest of that country's, geo_method border_snap; docs/geography.md).",
      ),
      s.notes.join('\n'),
    );
  });

  it("says that Pakistan's strike on the TTP in Nangarhar (21 February 2026) is in two of its series, so they are not added", async () => {
    const rows = parse(
      readFileSync(
        new URL('../../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv', import.meta.url),
      ),
      { columns: true },
    ) as Record<string, string>[];
    const [strike, ...rest] = rows.filter(
      (r) =>
        r.side_a === 'Government of Pakistan' &&
        r.side_b === 'TTP' &&
        r.country === 'Afghanistan' &&
        r.date_start!.startsWith('2026-02'),
    );
    assert.deepEqual([strike!.id, rest.length], ['618155', 0]);
    const s = await borderRelations(store, briefingPeriod('2026-02'));
    assert.ok(
      s.notes.includes(
        `1 event (${strike!.best} deaths, best) is in both pakistani_strikes and ttp_near_border (Pakistan's strikes on the TTP within 50 km of the border): each series counts it, so the series are not to be added.`,
      ),
      s.notes.join('\n'),
    );
  });

  it('GET /briefing and `brief --format json` give the same snake_case answer, where a period no source covers is "not covered", never 0', async () => {
    const api = createApi({ store, log: () => {} });
    const r = await api.app.request('/api/v1/briefing?period=2023-Q3&country=PAK');
    assert.equal(r.status, 200);
    const d = (await r.json()) as BriefingData;
    assert.deepEqual(camelKeys(d), []);
    const s = d.border_relations!;
    assert.equal(s.border.coverage, 'not_covered');
    for (const row of s.border.rows) {
      assert.equal(row.events, null, row.series);
      assert.equal(row.fatalities_best, null, row.series);
      assert.equal(row.months_covered, 0);
    }
    const md = renderMarkdown(d);
    const section = md.slice(md.indexOf('## Border and relations'), md.indexOf('## Surge signal'));
    assert.match(section, /\| TTP events near the border \| PAK \| not covered \| not covered \|/);
    assert.doesNotMatch(section, /\| (PAK|AFG) \| 0 \|/);
    // The relations line rounds as `faultline relations` rounds (3 significant digits): it printed
    // "99.80" and "3.596" beside that table's 99.8 and 3.6.
    const rel = s.relations.find((x) => x.pair === 'AFG-PAK')!;
    assert.ok(
      section.includes(
        `AFG-PAK: mean daily index ${readable(rel.value!)} (95% interval ${readable(rel.ci_low!)} to ${readable(rel.ci_high!)}), ${readable(rel.per_1000_volume!)} per 1,000 of news volume, over `,
      ),
      section,
    );
    const cli = await runCli(
      store,
      [registerBrief],
      ['brief', '--country', 'PAK', '--period', '2023-Q3', '--format', 'json'],
    );
    assert.equal(cli.error, undefined);
    const printed = JSON.parse(cli.out) as Record<string, unknown>;
    assert.deepEqual({ ...printed, generated_at: null }, { ...d, generated_at: null });
    const bad = await runCli(store, [registerBrief], ['brief', '--period', '2023-Q3', '--format', 'pdf']);
    assert.match(String((bad.error as Error).message), /^invalid format: "pdf" \(use files or json\)$/);
    // --top has the API's bounds: what `top=80` refuses with 400, the CLI refuses with exit 2.
    const api80 = await api.app.request('/api/v1/briefing?period=2023-Q3&top=80');
    assert.equal(api80.status, 400);
    const top80 = await runCli(store, [registerBrief], ['brief', '--period', '2023-Q3', '--top', '80']);
    assert.equal(
      (top80.error as Error).message,
      ((await api80.json()) as { error: { message: string } }).error.message,
    );
    // An --out that cannot be a directory (under a file) is bad input quoted in one line, not a crash (exit 1).
    const file = join(mkdtempSync(join(tmpdir(), 'faultline-out-')), 'a-file');
    writeFileSync(file, '');
    const unwritable = await runCli(
      store,
      [registerBrief],
      ['brief', '--period', '2023-Q3', '--no-pdf', '--out', join(file, 'x')],
    );
    assert.ok(unwritable.error instanceof InvalidInputError, String(unwritable.error));
    assert.match(
      unwritable.error.message,
      new RegExp(`^cannot write briefing to "${join(file, 'x')}": "${file}" is a file, not a folder$`),
    );
    // The relations index covers 2023 but not 2026: a number then, "not covered" now.
    const later = await borderRelations(store, briefingPeriod('2026-Q1'));
    const pakAfg = later.relations.find((x) => x.pair === 'AFG-PAK')!;
    assert.deepEqual([pakAfg.value, pakAfg.coverage, pakAfg.days_covered], [null, 'not_covered', 0]);
  });

  it("the relations figure is the relations API's value for the same period, with the index named", async () => {
    const s = await borderRelations(store, briefingPeriod('2023-Q3'));
    const api = await relationsQuery(store, {
      a: 'AFG',
      b: 'PAK',
      interval: 'quarter',
      from: '2023-Q3',
      to: '2023-Q3',
    });
    const point = api.series[0]!.points[0]!;
    const figure = s.relations.find((r) => r.pair === 'AFG-PAK')!;
    assert.equal(figure.value!.toFixed(2), point.value!.toFixed(2));
    assert.ok(figure.value! < 0, 'September 2023 pulls the quarter negative');
    assert.equal(figure.days_covered, point.days_covered);
    assert.match(figure.source_name, /third-party index, not faultline/);
    assert.match(figure.licence, /GPL-3\.0/);
    assert.deepEqual(
      s.relations.map((r) => r.pair),
      ['AFG-PAK', 'IND-PAK', 'AFG-IND'],
    );
    // The IOM DTM quarterly figure for July to September 2023, as published.
    const dtm = s.returns.find((r) => r.metric === 'returns' && r.value === 39176);
    assert.ok(dtm, 'IOM DTM returns 2023-Q3');
    assert.equal(dtm.period_start, '2023-07-01');
    assert.match(dtm.url ?? '', /^https:\/\/dtm\.iom\.int\//);
  });

  it("a month's province table counts the events its key figures count, not the records dated only to a month it holds in part", async () => {
    const b = await buildBriefing(store, { period: '2026-03', filter: {} });
    // (The table's rows include the one of events not placed.)
    const inTable = b.provinces.rows.reduce((n, r) => n + r.events, 0);
    assert.equal(inTable, b.key_figures[0]!.value);
    assert.ok(inTable > 0);
  });

  it('a month says how many records it holds in part and leaves out of its figures (2026-03: two UCDP spans into April and May)', async () => {
    const b = await briefingBoth202603();
    // UCDP Candidate 628329 (2026-03-01 to 04-30) and 630239 (2026-03-16 to 05-19), date_prec 5.
    assert.ok(
      b.caveats.includes(
        '2026-03: 2 events dated only to a month, a year or a span that runs past 2026-03 are left out of its figures, as they may lie partly outside it (docs/methods.md, imprecise dates).',
      ),
      b.caveats.join('\n'),
    );
    assert.ok(
      b.caveats.some((c) => c.startsWith('2026-02: 1 event dated only to')),
      b.caveats.join('\n'),
    );
    assert.match(renderMarkdown(b), /^- 2026-03: 2 events dated only to a month, a year or a span/m);
    // A year holds every record dated to it: nothing is left out, nothing said.
    const year = await buildBriefing(store, { period: '2026', filter: { country: ['PAK', 'AFG'] } });
    assert.ok(!year.caveats.some((c) => c.includes('left out of its figures')), year.caveats.join('\n'));
  });

  it('each published figure says what it counts: "46 percent of returns" is the share of PoR card holders (2025-Q4)', async () => {
    // The briefing's own section (borderRelations of the period), as the 2025-Q2 test reads it.
    const b = await buildBriefing(store, { period: '2025-Q4', filter: { country: ['PAK', 'AFG'] } });
    const s = b.border_relations!;
    const share = s.returns.find((r) => r.value === 46 && r.unit === 'percent of returns')!;
    assert.match(
      share.definition,
      /^Share of returns from Pakistan \(1 Apr-13 Dec 2025\) who were PoR card holders/,
    );
    assert.match(
      renderMarkdown(b),
      /^- UNHCR \(reported by Dawn\): returns 46 percent of returns, 2025-04-01 to 2025-12-13, Pakistan → Afghanistan; origin: PAK; what it counts: Share of returns from Pakistan \(1 Apr-13 Dec 2025\) who were PoR card holders /m,
    );
  });

  it("each published figure names its origin as GET /statistics does; 2025-Q2's 251,000 returns from Pakistan and Iran are of several countries together", async () => {
    const b = await buildBriefing(store, { period: '2025-Q2', filter: { country: ['PAK', 'AFG'] } });
    const s = b.border_relations!;
    const api = createApi({ store, log: () => {} });
    const listed = (await (
      await api.app.request('/api/v1/statistics?from=2025-04-01&to=2025-06-30')
    ).json()) as IndicatorsAnswer;
    const origins = new Map(listed.statistics.map((r) => [r.id, r.origin]));
    assert.ok(s.returns.length > 0);
    assert.deepEqual(
      s.returns.map((r) => [r.id, r.origin]),
      s.returns.map((r) => [r.id, origins.get(r.id)]),
    );
    // Both origins of the quarter, and the figure of the two together, as the bundled file writes them.
    assert.ok(s.returns.some((r) => r.origin === 'PAK') && s.returns.some((r) => r.origin === 'IRN'));
    const together = s.returns.find((r) => r.value === 251000 && r.metric === 'returns')!;
    assert.equal(together.geography, 'Pakistan and Iran');
    assert.equal(together.origin, 'several');
    const md = renderMarkdown(b);
    assert.match(
      md,
      /^- UNHCR \(reported by Ariana News\): returns at least 251,000 persons, 2025-04-01 to 2025-04-29, Pakistan and Iran → Afghanistan; origin: several countries together;/m,
    );
    // Every figure listed says its origin, one line each.
    const lines = md.split('\n').filter((l) => / persons?, \d{4}-\d{2}-\d{2} to /.test(l));
    assert.equal(lines.length, s.returns.filter((r) => r.unit === 'persons').length);
    assert.ok(
      lines.every((l) =>
        /; (origin: (PAK|IRN|several countries together)|no origin given: a figure of one place);/.test(l),
      ),
    );
  });

  it("UNHCR's two releases of May 2024's returns (about 40,000, then 38,000) each name the other in the 2024-Q2 briefing, as GET /statistics marks them, in JSON, Markdown and HTML", async () => {
    const api = createApi({ store, log: () => {} });
    const d = (await (
      await api.app.request('/api/v1/briefing?period=2024-Q2&country=PAK')
    ).json()) as BriefingData;
    const s = d.border_relations!;
    const listed = (await (
      await api.app.request('/api/v1/statistics?from=2024-04-01&to=2024-06-30')
    ).json()) as IndicatorsAnswer;
    const marked = listed.statistics.filter((r) => r.revises !== null || r.revised_by !== null);
    assert.ok(marked.length >= 2);
    // Each figure's marks are GET /statistics' marks, and every figure they name is listed too.
    const of = (id: string) => s.returns.find((r) => r.id === id)!;
    for (const r of marked)
      assert.deepEqual([of(r.id).revises, of(r.id).revised_by], [r.revises, r.revised_by]);
    const earlier = s.returns.find(
      (r) => r.organisation === 'UNHCR' && r.period_start === '2024-05-01' && r.value === 40000,
    )!;
    const later = of(earlier.revised_by!);
    assert.deepEqual([later.value, later.revises, earlier.revises], [38000, earlier.id, null]);
    assert.equal(later.revision, `revision of about 40,000 (${earlier.report}, publication date unknown)`);
    assert.match(earlier.revision ?? '', /^revised by about 38,000 \(.*, published 2024-10-30\)$/);
    // The note under the list counts the revisions listed, as GET /statistics' meta.notes words it.
    const revising = s.returns.filter((r) => r.revises !== null).length;
    assert.ok(revising >= 1);
    assert.deepEqual(
      s.returns_notes.map((n) => n.split(' an earlier figure')[0]),
      [`${counted(revising, 'figure')} ${revising === 1 ? 'revises' : 'revise'}`],
    );
    assert.ok(
      listed.meta.notes.some((n) => n.endsWith(s.returns_notes[0]!.replace(/^\d+ figures? revises? /, ''))),
    );
    const md = renderMarkdown(d);
    // Each line names the release it revises or is revised by, then its own report, as its source.
    assert.ok(
      md.includes(
        `; revision of about 40,000 (${earlier.report}, publication date unknown); source: ${later.report}, ${later.url}.\n`,
      ),
      'the revision names the earlier figure',
    );
    assert.ok(
      md.includes(`; ${earlier.revision}; source: ${earlier.report}, ${earlier.url}.\n`),
      'the earlier figure names its revision',
    );
    assert.ok(md.includes(`\n- ${s.returns_notes[0]!.replace(/^./, (c) => c.toUpperCase())}.\n`));
    const html = renderHtml(d);
    assert.ok(
      html.includes(esc(`; revision of about 40,000 (${earlier.report}, publication date unknown)`)),
      'the HTML says it too',
    );
  });

  it('a published figure is one line of clauses: no two parentheses in a row, its report named once as its source, after its release', async () => {
    const d = await buildBriefing(store, { period: '2024-Q2', filter: { country: ['PAK'] } });
    const s = d.border_relations!;
    const md = renderMarkdown(d);
    const lines = s.returns.map((r) => {
      const found = md
        .split('\n')
        .filter(
          (l) =>
            l.startsWith(`- ${r.organisation}: ${r.metric} `) &&
            l.includes(
              ` ${r.value.toLocaleString('en-US')} ${r.unit}, ${r.period_start ?? '…'} to ${r.period_end}`,
            ) &&
            l.endsWith(`source: ${r.report}${r.url ? `, ${r.url}` : ''}.`),
        );
      assert.equal(found.length, 1, r.id);
      return found[0]!;
    });
    assert.ok(lines.length > 2);
    lines.forEach((l, i) => {
      const r = s.returns[i]!;
      // The words faultline puts between the publisher's own (organisation, definition, reports as
      // written, which may hold parentheses of their own, "IOM (DTM Pakistan) (reported by ...)").
      const ours = [
        r.organisation,
        r.definition.replace(/\.$/, ''),
        r.report,
        ...s.returns.map((o) => o.report),
      ]
        .filter((t) => t.length > 0)
        .reduce((text, t) => text.split(t).join('…'), l);
      // "(origin: PAK) (UNHCR ... #40, https://...)" read as two asides, the second seemingly of the first.
      assert.doesNotMatch(ours, /\) \(/, l);
      assert.equal(l.match(/; source: /g)?.length, 1, l);
    });
    const later = s.returns.find((r) => r.revises !== null)!;
    assert.match(
      lines[s.returns.indexOf(later)]!,
      /^- UNHCR: returns about 38,000 persons, 2024-05-01 to 2024-05-31, Pakistan → Afghanistan; origin: PAK; what it counts: .*; its period overlaps \d+ other loaded figures of this measure; revision of about 40,000 \(.*\); source: UNHCR Afghanistan Situation Update #40 - 30 October 2024, https:/,
    );
    // Synthetic: the same figure without a definition or overlaps, where origin and report met in a row.
    const bare = { ...later, definition: '', period_overlaps: 0 };
    const one = renderMarkdown({ ...d, border_relations: { ...s, returns: [bare] } })
      .split('\n')
      .find((l) => l.startsWith('- UNHCR: returns about 38,000 persons'))!;
    assert.equal(
      one,
      `- UNHCR: returns about 38,000 persons, 2024-05-01 to 2024-05-31, Pakistan → Afghanistan; origin: PAK; ${later.revision}; source: ${later.report}, ${later.url}.`,
    );
  });

  it("each published figure says how many loaded figures its period overlaps, as the bundled file's dates give them and as GET /statistics says (2024-Q3)", async () => {
    const sharing = returnsSharingDays(publishedReturns(), '2024-07-01', '2024-07-31');
    // The briefing's own section (borderRelations of the period; the briefing is rendered below).
    const b = await buildBriefing(store, { period: '2024-Q3', filter: { country: ['PAK'] } });
    const s = b.border_relations!;
    const july = s.returns.find((r) => r.period_start === '2024-07-01' && r.metric === 'returns')!;
    assert.equal(july.value, 36000);
    assert.equal(july.period_overlaps, sharing.length - 1);
    const api = createApi({ store, log: () => {} });
    const r = await api.app.request('/api/v1/statistics?from=2024-07-01&to=2024-09-30&metric=returns');
    const listed = ((await r.json()) as IndicatorsAnswer).statistics.find((x) =>
      x.id.includes('2024-07-01'),
    )!;
    assert.equal(listed.period_overlaps, july.period_overlaps);
    assert.match(
      renderMarkdown(b),
      new RegExp(
        `^- UNHCR: returns about 36,000 persons, 2024-07-01 to 2024-07-31, .*; its period overlaps ${sharing.length - 1} other loaded figures of this measure; source: `,
        'm',
      ),
    );
  });

  it('a list cut at --top says how many it shows of how many (2026-03: 10 of 11 pairs, 10 of 152 events)', async () => {
    const b = await briefingBoth202603();
    assert.deepEqual(
      [b.dyads.length, b.dyads_total, b.deadliest.length, b.deadliest_total],
      [10, 11, 10, 152],
    );
    const md = renderMarkdown(b);
    assert.match(md, /by deaths then events: 10 of 11 pairs \(--top, or top= in the API, lists more\)\./);
    assert.match(
      md,
      /^The 10 events with the most deaths \(best estimate\) of the 152 with a known death toll/m,
    );
    assert.match(md, /^The table lists the 10 of them with the most deaths/m);
    const all = await buildBriefing(store, {
      period: '2026-03',
      filter: { country: ['PAK', 'AFG'] },
      top: 50,
    });
    assert.match(renderMarkdown(all), /by deaths then events: all 11 pairs\./);
    // A period no source covers has no count of pairs or events: null, not 0.
    const dark = await buildBriefing(store, { period: '2024-03', filter: { country: ['PAK'] } });
    assert.deepEqual([dark.dyads_total, dark.deadliest_total], [null, null]);
  });

  it("says the section does not apply the briefing's filters: a TTP-in-Balochistan briefing's border rows are the whole border's", async () => {
    const narrow = await buildBriefing(store, {
      period: '2026-03',
      filter: { country: ['PAK'], admin1: ['PK-BA'], actorIds: ['ttp'] },
    });
    const whole = await briefingBoth202603();
    // The same rows either way: the section reads the whole border.
    assert.deepEqual(narrow.border_relations!.border.rows, whole.border_relations!.border.rows);
    assert.match(
      narrow.border_relations!.notes[0]!,
      /^This section does not apply the briefing's filters \(country PAK; admin1 PK-BA; actor/,
    );
    assert.ok(!whole.border_relations!.notes.some((n) => n.includes('does not apply')));
    // One event apart is one event, in the singular.
    assert.ok(
      whole.border_relations!.notes.includes(
        "1 cross-border event is dated only to a year (or a span longer than a month): it is listed apart, in no month and not in the table's sums.",
      ),
    );
  });

  it('a figure compiled twice (IOM, 501,242 returns) is listed once, naming its other record; no row is lost', async () => {
    const api = createApi({ store, log: () => {} });
    const d = (await (
      await api.app.request('/api/v1/briefing?period=2023-Q4&country=PAK')
    ).json()) as BriefingData;
    const s = d.border_relations!;
    const iom = s.returns.filter((r) => r.value === 501242);
    assert.equal(iom.length, 1);
    // The record with a page to cite is kept; the one without is named beside it.
    assert.match(iom[0]!.url ?? '', /^https:\/\/dtm\.iom\.int\/reports\//);
    assert.deepEqual(iom[0]!.also_recorded, [
      { organisation: 'IOM', report: 'DTM Flow Monitoring: Afghan returns from Pakistan', url: null },
    ]);
    const md = renderMarkdown(d);
    assert.equal(md.match(/501,242/g)?.length, 1);
    assert.match(
      md,
      /; the same figure is also recorded by IOM in DTM Flow Monitoring: Afghan returns from Pakistan\.\n/,
    );
    // Synthetic: two other records, the second with a page. Their list is one clause, its records
    // joined by "and", never by the "; " between the line's clauses.
    const two = {
      ...iom[0]!,
      also_recorded: [
        ...iom[0]!.also_recorded,
        { organisation: 'Synthetic Org', report: 'Synthetic report', url: 'https://example.org/r' },
      ],
    };
    const line = renderMarkdown({ ...d, border_relations: { ...s, returns: [two] } })
      .split('\n')
      .find((l) => l.includes('501,242'))!;
    assert.ok(
      line.endsWith(
        `; source: ${two.report}, ${two.url}; the same figure is also recorded by IOM in DTM Flow Monitoring: Afghan returns from Pakistan and by Synthetic Org in Synthetic report, https://example.org/r.`,
      ),
      line,
    );
    assert.doesNotMatch(line.split('; the same figure is also recorded ')[1]!, /; /, line);
    // Every published returns row of the period is either listed or named under the one listed, as
    // GET /statistics gives them (it merges them too, counting the records it read).
    const listed = await api.app.request('/api/v1/statistics?from=2023-10-01&to=2023-12-31');
    const answer = (await listed.json()) as IndicatorsAnswer;
    const rows = answer.statistics.filter((r) =>
      ['returns', 'deportations', 'returns_daily_average'].includes(r.metric),
    );
    assert.deepEqual(
      s.returns.map((r) => r.also_recorded),
      rows.map((r) =>
        r.also_recorded.map((o) => ({ organisation: o.organisation, report: o.report, url: o.url })),
      ),
    );
    assert.equal(answer.meta.records, answer.statistics.length + answer.meta.copies_merged);
  });
});
