import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PNG } from 'pngjs';
import { renderPdf } from '../../report/pdf/chromium-pdf.ts';
import { renderHtml } from '../../report/render-html.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';
import { renderMonthlyChart, renderWeeklyChart } from '../../report/monthly-chart.ts';
import type { BriefingData } from '../../report/briefing-data.ts';
import { DuckDBStore } from '../../storage/duckdb/duckdb-store.ts';
import { csvLine, gedRows } from '../../../test/helpers/ged-rows.ts';
import { DATA_DIR } from '../bundled-data.ts';
import { parseClaims } from '../claims/check-claims.ts';
import { createEventPlacer } from '../geography.ts';
import { importFile } from '../import-dataset.ts';
import { createStore } from '../../storage/index.ts';
import { addStagedEvents, stagedEvent } from '../../../test/helpers/synthetic-events.ts';
import { densePeriods } from '../../analytics/aggregate/periods.ts';
import { buildBriefing, filterText } from './build-briefing.ts';
import { echoFilter, parseFilter } from '../filters.ts';
import { writeBriefing } from './write-briefing.ts';
import { provinceTable } from './briefing-events.ts';
import { briefingTitle } from './briefing-title.ts';
import { reproducibilityId } from './reproducibility.ts';
import type { StoredEvent } from '../../domain/placed-event.ts';

// Snapshots of the 2021-Q4 Pakistan briefing; regenerate with UPDATE_SNAPSHOTS=1 after a deliberate change.
const SNAPSHOTS = new URL('../../../test/snapshots/', import.meta.url).pathname;
const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';
const tmp = mkdtempSync(join(tmpdir(), 'faultline-brief-'));

const CLAIMS = `claims:
  - id: ttp-rise-2021
    text: TTP violence rose in 2021
    metric: events
    actor: TTP
    geography: { country: PAK }
    period: "2021"
    baseline: "2020"
    comparator: { kind: increase }
  - id: casualties-2023
    text: nearly 3,000 casualties in 2023
    metric: casualties
    geography: { country: PAK }
    period: "2023"
    comparator: { kind: nearly, value: 3000 }
`;

/** GED 22.1 Pakistan rows from October 2018 (three years and a quarter before the briefing ends, for the surge lookbacks). */
function gedSince(from: string): string {
  // The file as parsed once per process (a test process running several files parses it once).
  const { header, rows } = gedRows();
  const start = header.indexOf('date_start');
  const path = join(tmp, 'conflict_data_pak_2018-10_2021.csv');
  writeFileSync(
    path,
    [csvLine(header), ...rows.filter((r) => r[start]!.slice(0, 10) >= from).map(csvLine)].join('\n') + '\n',
  );
  return path;
}

function snapshot(name: string, actual: string): void {
  const path = join(SNAPSHOTS, name);
  if (UPDATE || !existsSync(path)) {
    mkdirSync(SNAPSHOTS, { recursive: true });
    writeFileSync(path, actual);
    if (!UPDATE) assert.fail(`snapshot ${name} was missing and has been written; run the test again`);
    return;
  }
  assert.equal(
    actual,
    readFileSync(path, 'utf8'),
    `${name} differs from its snapshot (UPDATE_SNAPSHOTS=1 to accept)`,
  );
}

describe('the 2021-Q4 Pakistan briefing (GED 22.1 from October 2018, placed; published statistics; two claims)', () => {
  let store: DuckDBStore;
  let data: BriefingData;
  before(async () => {
    store = await DuckDBStore.open(':memory:');
    await importFile(store, gedSince('2018-10-01'), {
      version: '22.1',
      place: await createEventPlacer(store),
    });
    await importFile(store, `${DATA_DIR}published-statistics/pakistan_security_reports.csv`);
    data = await buildBriefing(store, {
      period: '2021-Q4',
      filter: { country: ['PAK'] },
      claims: parseClaims(CLAIMS, 'briefing-claims.yaml'),
      generatedAt: '2024-01-01T00:00:00Z',
    });
  });
  after(() => store.close());

  it('HTML and Markdown equal the committed snapshots', () => {
    snapshot('briefing-pak-2021-q4.html', renderHtml(data));
    snapshot('briefing-pak-2021-q4.md', renderMarkdown(data));
  });

  it('key figures equal an independent count, with changes against 2021-Q3 and 2020-Q4', async () => {
    const [q] = await store.select<{ n: number; d: number; lo: number; hi: number }>(
      `SELECT count(*)::INTEGER AS n, sum(fatalities_best)::INTEGER AS d, sum(fatalities_low)::INTEGER AS lo, sum(fatalities_high)::INTEGER AS hi FROM events WHERE date_start BETWEEN DATE '2021-10-01' AND DATE '2021-12-31'`,
    );
    const [events, deaths] = data.key_figures;
    assert.deepEqual([events!.value, deaths!.value, deaths!.low, deaths!.high], [q!.n, q!.d, q!.lo, q!.hi]);
    assert.deepEqual([events!.previous.period.key, events!.year_earlier.period.key], ['2021-Q3', '2020-Q4']);
    assert.equal(data.provinces.basis, 'admin1_code');
    assert.equal(
      data.provinces.rows.reduce((n, r) => n + r.events, 0),
      q!.n,
    );
    assert.deepEqual(
      data.claims!.results.map((c) => c.verdict),
      ['supported', 'partly_supported'],
    );
  });

  it('a count of one is said in the singular: one unknown event, one deadliest event, one event off the map, a surge window of one event', () => {
    // Each read "1 events": the key figure's unknowns, the deadliest list cut by --top 1, the map's legend, the surge signal.
    const [events, ...rest] = data.key_figures;
    const one: BriefingData = {
      ...data,
      key_figures: [{ ...events!, unknown: 1 }, ...rest],
      deadliest: data.deadliest.slice(0, 1),
      map: { ...data.map, events_without_coordinates: 1 },
      surge: {
        ...data.surge!,
        total: 1,
        surge: false,
        lookbacks: data.surge!.lookbacks.map((l) => ({ ...l, highest: false, previous_max: 1 })),
      },
    };
    assert.ok((data.deadliest_total ?? 0) > 1);
    const md = renderMarkdown(one);
    assert.match(md, /; 1 event unknown/);
    assert.match(md, /The 1 event with the most deaths \(best estimate\) of the \d+ with a known death toll/);
    assert.match(renderHtml(one), />1 event without coordinates not shown</);
    assert.match(md, /No surge: 1 event in the \d{4}-\d{2}-\d{2} to \d{4}-\d{2}-\d{2} window\./);
    assert.match(md, /: not the highest \(maximum 1 event, in the window ending /);
  });

  it('a period no loaded source covers: every list says "not covered", none says there were no events', async () => {
    const uncovered = await buildBriefing(store, { period: '2024', filter: { country: ['PAK'] } });
    assert.equal(uncovered.key_figures[0]!.coverage, 'not_covered');
    // Nothing covers 2024: no dataset is cited as its source (GED 22.1 ends in 2021, inside the surge
    // lookback only), and the empty lists are not read as calm.
    assert.match(uncovered.subtitle, / · sources: none covers 2024$/);
    assert.deepEqual(uncovered.sources.datasets, []);
    assert.match(
      uncovered.sources.citation,
      /^faultline briefing, 2024, PAK; no loaded source covers 2024-01-01 to 2024-12-31; reproducibility id /,
    );
    assert.ok(!uncovered.caveats.some((c) => c.startsWith('No events match')), uncovered.caveats.join('\n'));
    // 2022 against 2021 (covered): the change cell says why there is none, not "–".
    const after = renderMarkdown(
      await buildBriefing(store, { period: '2022', filter: { country: ['PAK'] } }),
    );
    assert.match(
      after,
      /\n\| Events \| not covered by any loaded source \| \d+; 2022 not covered: no change computed \|/,
    );
    // The monthly chart's months (2023-01 to 2024-12) are all uncovered: no count, no bar, shaded.
    assert.equal(uncovered.monthly.points.length, 24);
    assert.ok(uncovered.monthly.points.every((p) => p.events === null && p.deaths_best === null));
    assert.deepEqual([uncovered.key_figures[1]!.low, uncovered.key_figures[1]!.high], [null, null]);
    // Counts of events without a death toll or without coordinates are unknown too, not 0.
    assert.deepEqual(
      [...uncovered.key_figures.map((k) => k.unknown), uncovered.map.events_without_coordinates],
      [null, null, null, null],
    );
    assert.deepEqual(
      data.key_figures.map((k) => typeof k.unknown),
      ['number', 'number', 'number'],
    );
    // Counts are whole: no gridline is labelled 12.5 (a 25 maximum) or 0.5 (a maximum of 1).
    for (const top of [21, 1]) {
      const labels = [
        ...renderMonthlyChart([
          { month: '2021-01', events: top, deaths_best: top, in_period: true },
        ]).matchAll(/text-anchor="end" fill="#555">([^<]+)</g),
      ].map((m) => m[1]);
      assert.deepEqual(labels, top === 21 ? ['0', '25', '0', '25'] : ['0', '1', '0', '1']);
    }
    const svg = renderMonthlyChart(uncovered.monthly.points);
    assert.equal(svg.match(/: not covered by any loaded source<\/title>/g)?.length, 24);
    assert.equal(svg.match(/>not covered<\/text>/g)?.length, 1);
    assert.doesNotMatch(svg, /<rect [^>]*height="[\d.]+" fill="#(b2182b|f4a582|2166ac|92c5de)"|>\?<\/text>/);
    // The data (GET /briefing) too: the border zone's count is unknown, not 0.
    assert.deepEqual(
      [uncovered.border.available, uncovered.border.events, uncovered.border.note],
      [
        false,
        null,
        'Not covered: no loaded source covers the period, so its events are not known (not zero).',
      ],
    );
    const md = renderMarkdown(uncovered);
    const said = (title: string) => md.split(`\n## ${title}\n\n`)[1]!.split('\n\n')[0]!;
    const notCovered =
      'Not covered: no loaded source covers 2024-01-01 to 2024-12-31, so its events are not known (not zero).';
    for (const title of ['Provinces', 'Deadliest events', 'Actors', 'Border zone'])
      assert.equal(said(title), notCovered, title);
    // The store's own period, 2021-Q4 with its events, lists them as before.
    assert.match(renderMarkdown(data), /\n## Provinces\n\nBy canonical admin-1 unit/);
    assert.doesNotMatch(md, /No events in the period|imported without geography|No event with a known/);
  });

  it('a year is compared with the year before once, not twice in two columns', async () => {
    const y = await buildBriefing(store, { period: '2020', filter: { country: ['PAK'] } });
    const md = renderMarkdown(y);
    assert.match(md, /2020 \(2020-01-01 to 2020-12-31, 366 days\) against the previous year \(2019\)\. /);
    assert.doesNotMatch(md, /a year earlier/);
    const head = md.split('\n').find((l) => l.startsWith('| figure |'))!;
    assert.equal(head.match(/vs 2019/g)?.length, 1, head);
    // A quarter keeps both references.
    assert.match(renderMarkdown(data), /and the same quarter a year earlier \(2020-Q4\)/);
  });

  it('a period that is no ISO week, month, quarter or year is refused naming only the forms a briefing takes', async () => {
    for (const period of ['2021-13', '2021-Q5', '2021-W54', '2021-10-07'])
      await assert.rejects(buildBriefing(store, { period, filter: {} }), {
        message: `invalid period: "${period}" (use an ISO week 2021-W40, a month 2021-10, a quarter 2021-Q4 or a year 2021)`,
      });
    // A blank one is quoted, so the message does not read as cut short.
    await assert.rejects(buildBriefing(store, { period: ' ', filter: {} }), {
      message:
        'invalid period: " " (use an ISO week 2021-W40, a month 2021-10, a quarter 2021-Q4 or a year 2021)',
    });
  });

  it('an ISO week: key figures count its seven days, against the week before and the week 52 weeks earlier, charted week by week', async () => {
    const w = await buildBriefing(store, { period: '2021-W40', filter: { country: ['PAK'] } });
    assert.deepEqual(w.period, {
      key: '2021-W40',
      interval: 'week',
      from: '2021-10-04',
      to: '2021-10-10',
      days: 7,
    });
    const count = async (from: string, to: string) => {
      const [q] = await store.select<{ n: number; d: number | null }>(
        `SELECT count(*)::INTEGER AS n, sum(fatalities_best)::INTEGER AS d FROM events WHERE country = 'PAK' AND date_start BETWEEN DATE '${from}' AND DATE '${to}'`,
      );
      return [q!.n, q!.d ?? 0];
    };
    const [events, deaths] = w.key_figures;
    assert.deepEqual([events!.value, deaths!.value], await count('2021-10-04', '2021-10-10'));
    // 52 weeks before Monday 2021-10-04 is Monday 2020-10-05, in 2020-W41 (2020 had 53 weeks).
    assert.deepEqual(
      [events!.previous.period.key, events!.year_earlier.period.key],
      ['2021-W39', '2020-W41'],
    );
    assert.deepEqual(
      [events!.previous.value, deaths!.previous.value],
      await count('2021-09-27', '2021-10-03'),
    );
    assert.deepEqual(
      [events!.year_earlier.value, deaths!.year_earlier.value],
      await count('2020-10-05', '2020-10-11'),
    );
    // The chart: the week and the 25 before it, the week alone darker, its bar the key figures'.
    const weekly = w.weekly!;
    assert.equal(weekly.points.length, 26);
    assert.deepEqual(
      [weekly.from, weekly.to, weekly.points[0]!.week],
      ['2021-04-12', '2021-10-10', '2021-W15'],
    );
    assert.deepEqual(
      weekly.points.filter((p) => p.in_period).map((p) => [p.week, p.events, p.deaths_best]),
      [['2021-W40', events!.value, deaths!.value]],
    );
    assert.deepEqual(weekly.points.find((p) => p.week === '2021-W39')!.events, events!.previous.value);
    // The months are context, none of them the week: the twelve whole months before its Sunday
    // (October, cut on the 10th, would read as a fall).
    assert.deepEqual(
      [w.monthly.from, w.monthly.to, w.monthly.points.map((p) => p.month)],
      ['2020-10-01', '2021-09-30', densePeriods('2020-10', '2021-09', 'month')],
    );
    assert.ok(w.monthly.points.every((p) => !p.in_period));
    assert.equal(data.weekly, null);
    const md = renderMarkdown(w);
    assert.match(
      md,
      /against the previous week \(2021-W39\) and the week 52 weeks earlier \(2020-W41, the same weekdays a year before\)/,
    );
    assert.match(
      md,
      /## Week by week\n\nEvents and deaths \(best estimate\) per ISO week \(Monday to Sunday\), 2021-W15 to 2021-W40/,
    );
    assert.match(md, /!\[Events and deaths per week\]\(weekly\.svg\)/);
    assert.doesNotMatch(renderMarkdown(data), /weekly\.svg|Week by week/);
    const html = renderHtml(w);
    assert.match(html, /aria-label="Events and deaths per week"/);
    assert.match(html, /<title>2021-W40: /);
    // The monthly chart marks no month as the period, so its legend does not speak of darker bars.
    assert.equal(renderMonthlyChart(w.monthly.points).includes('darker bars'), false);
    assert.equal(renderWeeklyChart(weekly.points).includes('darker bars: the briefing period'), true);
    const files = await writeBriefing(w, join(tmp, 'week'), { pdf: false });
    assert.equal(readFileSync(files.weekly!, 'utf8'), renderWeeklyChart(weekly.points) + '\n');
    assert.equal((await writeBriefing(data, join(tmp, 'quarter'), { pdf: false })).weekly, null);
    assert.equal(existsSync(join(tmp, 'quarter', 'weekly.svg')), false);
  });

  it("a 53rd ISO week is compared with the week before and the week 52 weeks earlier (that year's first)", async () => {
    const w = await buildBriefing(store, { period: '2020-W53', filter: { country: ['PAK'] } });
    assert.deepEqual([w.period.from, w.period.to], ['2020-12-28', '2021-01-03']);
    const [events] = w.key_figures;
    assert.deepEqual(
      [events!.previous.period.key, events!.year_earlier.period.key],
      ['2020-W52', '2020-W01'],
    );
    assert.equal(events!.year_earlier.period.from, '2019-12-30');
    // It ends on 3 January: its months are those of 2020.
    assert.deepEqual(
      [w.monthly.from, w.monthly.to, w.monthly.points.length],
      ['2020-01-01', '2020-12-31', 12],
    );
  });

  it('a period of year 0001, which has no year before, is refused quoting it as given', async () => {
    // It said "invalid period: 0" and "invalid period: 0-Q1": the year before, unpadded.
    for (const period of ['0001', '0001-Q1', '0001-12'])
      await assert.rejects(buildBriefing(store, { period, filter: { country: ['PAK'] } }), {
        message: `invalid period: "${period}" (a briefing compares it with the year before: give a period from 0002 on)`,
      });
  });

  it('the same inputs give the same reproducibility id; another period or claim file another', async () => {
    const again = await buildBriefing(store, {
      period: '2021-Q4',
      filter: { country: ['PAK'] },
      claims: parseClaims(CLAIMS, 'briefing-claims.yaml'),
      generatedAt: '2030-01-01T00:00:00Z',
    });
    assert.equal(again.sources.reproducibility_id, data.sources.reproducibility_id);
    const other = await buildBriefing(store, { period: '2021-Q3', filter: { country: ['PAK'] } });
    assert.notEqual(other.sources.reproducibility_id, data.sources.reproducibility_id);
    assert.match(data.sources.reproducibility_id, /^[0-9a-f]{64}$/);
    assert.equal(data.id, `pak-2021-q4-${data.sources.reproducibility_id.slice(0, 8)}`);
  });

  it('the title names the provinces and actor a briefing is narrowed to; the reproducibility id does not hash it', async () => {
    const f = parseFilter({ country: 'PAK', admin1: 'PK-KP,PK-BA', actor: 'ttp' });
    const b = await buildBriefing(store, {
      period: '2021-Q4',
      filter: f,
      generatedAt: '2024-01-01T00:00:00Z',
    });
    assert.equal(
      b.title,
      'Conflict briefing: TTP and factions in Khyber Pakhtunkhwa and Balochistan (Pakistan), 2021-Q4',
    );
    assert.equal(data.title, 'Conflict briefing: Pakistan, 2021-Q4');
    // The id hashes the inputs (the filter among them), never the title made from them.
    assert.ok(!b.sources.inputs.includes('Conflict briefing'));
    assert.equal(b.sources.reproducibility_id, reproducibilityId(JSON.parse(b.sources.inputs)));
    // The filter is shown and hashed under the API's parameter names, as answers' meta.filter echoes
    // it (it showed the store's: actorIds, admin1 as sent to the store).
    assert.deepEqual(b.filter, echoFilter(f));
    assert.deepEqual(Object.keys(b.filter).sort(), ['actor', 'admin1', 'country']);
    const inputs = JSON.parse(b.sources.inputs) as { format: string; filter: unknown };
    assert.equal(inputs.format, 'faultline-briefing/2');
    assert.deepEqual(inputs.filter, JSON.parse(JSON.stringify(echoFilter(f))));
  });

  it('a briefing without filters is titled for every loaded country, as its subtitle, renders, id and citation say', async () => {
    const all = await buildBriefing(store, {
      period: '2021-Q4',
      filter: {},
      generatedAt: '2024-01-01T00:00:00Z',
    });
    // It counts every loaded event of the period (the store holds Pakistan's alone), not a country's:
    // it was titled "Pakistan, 2021-Q4", as a country filter is, over the subtitle's "no filters".
    const title = 'Conflict briefing: All loaded countries (Pakistan), 2021-Q4';
    assert.equal(all.title, title);
    assert.match(all.subtitle, / · no filters · /);
    assert.deepEqual(
      all.key_figures.map((k) => k.value),
      data.key_figures.map((k) => k.value),
    );
    assert.ok(renderHtml(all).includes(`<h1>${title}</h1>`));
    assert.ok(renderMarkdown(all).startsWith(`# ${title}\n`));
    assert.equal(all.id, `all-2021-q4-${all.sources.reproducibility_id.slice(0, 8)}`);
    assert.match(all.sources.citation, /^faultline briefing, 2021-Q4, all loaded countries; /);
    // A place or actor filter without a country keeps its words; the country in brackets is where
    // the loaded data are.
    const ttp = await buildBriefing(store, { period: '2021-Q4', filter: parseFilter({ actor: 'ttp' }) });
    assert.equal(
      ttp.title,
      'Conflict briefing: TTP and factions in all loaded countries (Pakistan), 2021-Q4',
    );
    const kp = await buildBriefing(store, { period: '2021-Q4', filter: parseFilter({ admin1: 'PK-KP' }) });
    assert.equal(kp.title, 'Conflict briefing: Khyber Pakhtunkhwa (Pakistan), 2021-Q4');
    assert.match(kp.id, /^pak-2021-q4-/);
  });

  it('the PDF renders: page 1 as PNG is not blank', async () => {
    const pdf = join(tmp, 'briefing.pdf');
    await renderPdf(renderHtml(data), pdf);
    execFileSync('pdftoppm', ['-png', '-r', '50', '-f', '1', '-l', '1', pdf, join(tmp, 'page')]);
    const png = PNG.sync.read(readFileSync(join(tmp, 'page-1.png')));
    let ink = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if (png.data[i]! < 200 || png.data[i + 1]! < 200 || png.data[i + 2]! < 200) ink++;
    const share = ink / (png.width * png.height);
    assert.ok(png.width > 300 && png.height > 400, `page size ${png.width}x${png.height}`);
    assert.ok(share > 0.02 && share < 0.6, `share of non-white pixels on page 1: ${share}`);
  });
});

describe('the province table of a briefing', () => {
  it('says events of a country without province boundaries are not placed for that reason, not for want of coordinates', () => {
    const ev = (country: string, admin1Code: string | null) =>
      ({
        country,
        admin1Code,
        admin1Name: null,
        admin1Label: null,
        fatalitiesBest: 1,
        deathsCivilians: 0,
      }) as StoredEvent;
    const t = provinceTable([ev('PAK', 'PK-KP'), ev('IND', null), ev('IRN', null), ev('PAK', null)]);
    assert.equal(
      t.note,
      '3 events could not be placed on an admin-1 unit (2 in IND, IRN, for which faultline has no province boundaries; 1 without usable coordinates or label).',
    );
  });
});

describe('the filter line of a briefing', () => {
  it('names each filter as the API does, a dyad as A:B (never [object Object] or a store field name)', () => {
    const f = parseFilter({
      country: 'PAK',
      actor: 'TTP',
      dyad: 'pakistan:ttp',
      border_zone: true,
      exact: true,
    });
    assert.equal(
      filterText(f),
      'filters: country PAK; actor ttp, jamaat-ul-ahrar, ttp-factions; dyad pakistan:ttp; border_zone true; exact true',
    );
    assert.equal(filterText({}), 'no filters');
  });
});

describe('the title of a briefing', () => {
  it('names a dyad by its label, districts before provinces, and cuts a long list short', () => {
    assert.equal(
      briefingTitle(parseFilter({ dyad: 'pakistan:ttp', admin2: 'Quetta' }), ['PAK'], '2026-Q2'),
      'Conflict briefing: Government of Pakistan against TTP and factions in Quetta (Pakistan), 2026-Q2',
    );
    assert.equal(
      briefingTitle(parseFilter({ admin1: 'PK-KP,PK-BA,PK-SD,PK-PB' }), ['PAK'], '2026'),
      'Conflict briefing: Khyber Pakhtunkhwa, Balochistan and 2 more (Pakistan), 2026',
    );
    assert.equal(briefingTitle({}, [], '2026-W01'), 'Conflict briefing: All loaded countries, 2026-W01');
  });
});

describe('a briefing whose events lack low or high death estimates', () => {
  it('says the deaths range leaves them out, as it says for unknown civilian deaths', async () => {
    const store = await createStore({ path: ':memory:' });
    try {
      // Synthetic: two events with a low and no high, one with both.
      await addStagedEvents(store, [
        stagedEvent('r1'),
        stagedEvent('r2', { dateStart: '2021-03-02', dateEnd: '2021-03-02' }),
        stagedEvent('r3', { dateStart: '2021-03-03', dateEnd: '2021-03-03', fatalitiesHigh: 4 }),
      ]);
      const b = await buildBriefing(store, { period: '2021-03', filter: { country: ['PAK'] } });
      assert.deepEqual([b.key_figures[1]!.value, b.key_figures[1]!.low, b.key_figures[1]!.high], [9, 6, 4]);
      assert.ok(
        b.caveats.includes(
          'The deaths range (low, high) leaves out what it does not know: 2 events give no high death estimate; their deaths count in the best estimate only.',
        ),
        b.caveats.join('\n'),
      );
    } finally {
      await store.close();
    }
  });
});
