/**
 * Which figures overlap, checked against the bundled returns file read here without faultline: a
 * running total since 15 September 2023 shares days with every later month, and the answer says so
 * of each figure (`period_overlaps`, over every loaded figure), in JSON, CSV and the table.
 */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { before, describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { COPIED, importFigureCompiledTwice, MADE_UP_WEEK } from '../../test/helpers/figure-compiled-twice.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { registerIndicators } from '../cli/commands/indicators.ts';
import type { Store } from '../storage/store.ts';
import { indicatorsQuery } from './indicators.ts';

type Row = Record<'metric' | 'geography_from' | 'period_start' | 'period_end' | 'value' | 'unit', string>;
const CSV = new URL('../../data/afghan-returns/afghan_returns_published.csv', import.meta.url);
const rows = parse(readFileSync(CSV), { columns: true }) as Row[];
// Returns from Pakistan alone (its crossings included), in persons, as the file gives them.
const fromPakistan = rows.filter(
  (r) =>
    r.metric === 'returns' &&
    r.unit === 'persons' &&
    r.geography_from.startsWith('Pakistan') &&
    !/ and /.test(r.geography_from),
);
// Returns in persons of any geography naming Pakistan: Pakistan and Iran together may count the same people.
const namingPakistan = rows.filter(
  (r) => r.metric === 'returns' && r.unit === 'persons' && /\bPakistan\b/.test(r.geography_from),
);
const monthEnd = (m: string) =>
  new Date(Date.UTC(+m.slice(0, 4), +m.slice(5, 7), 0)).toISOString().slice(0, 10);
const start = (d: string) => (d.length === 7 ? `${d}-01` : d);
const end = (d: string) => (d.length === 7 ? monthEnd(d) : d);
const store = useBundledStore();

describe('figures whose periods overlap', () => {
  it("a month of 2024 overlaps exactly the file's returns naming Pakistan whose periods hold a day of it, running totals since 15 September 2023 among them", async () => {
    const a = await indicatorsQuery(store(), { metric: 'returns', country: 'PAK', from: '2024', to: '2024' });
    for (const month of ['2024-05', '2024-06', '2024-07', '2024-08', '2024-09', '2024-10']) {
      const [from, to] = [`${month}-01`, monthEnd(month)];
      const own = fromPakistan.filter((r) => r.period_start === from && r.period_end === to);
      assert.ok(own.length >= 1, month);
      const sharing = namingPakistan.filter(
        (r) => r.period_start !== '' && start(r.period_start) <= to && end(r.period_end) >= from,
      );
      // Every running total that reaches the month is among them.
      assert.ok(sharing.filter((r) => r.period_start === '2023-09-15').length >= 3, month);
      for (const r of own) {
        const f = a.statistics.find(
          (s) => s.period_start === from && s.period_end === to && s.value === +r.value,
        )!;
        assert.equal(f.period_overlaps, sharing.length - 1, `${month}: ${r.value}`);
      }
    }
    // UNHCR's two figures for May 2024 (about 40,000, later about 38,000) are both listed.
    const may = a.statistics.filter((s) => s.period_start === '2024-05-01' && s.period_end === '2024-05-31');
    assert.deepEqual(may.map((s) => s.value).sort(), [38000, 40000]);
    // IOM's 28,148 border movements are another unit: they overlap no figure in persons.
    const movements = a.statistics.find((s) => s.unit === 'movements')!;
    assert.equal(movements.period_overlaps, 0);
  });

  it('a figure overlaps as many figures whatever the filter lists (country, dates)', async () => {
    const october = async (q: Parameters<typeof indicatorsQuery>[1]) =>
      (await indicatorsQuery(store(), q)).statistics.find(
        (s) => s.period_start === '2024-10-01' && s.period_end === '2024-10-31' && s.metric === 'returns',
      )!.period_overlaps;
    const all = await october({ metric: 'returns' });
    assert.ok(all > 0);
    assert.equal(await october({ metric: 'returns', country: 'PAK', from: '2024', to: '2024' }), all);
    assert.equal(await october({ from: '2024-10', to: '2024-10' }), all);
  });

  it('Torkham and Chaman in September 2023 overlap each other and the quarter that holds them', async () => {
    const a = await indicatorsQuery(store(), {
      metric: 'returns',
      country: 'PAK',
      from: '2023-09',
      to: '2023-09',
    });
    const sept = fromPakistan.filter((r) => r.period_start === '2023-09-01' && r.period_end === '2023-09-30');
    assert.deepEqual(sept.map((r) => r.value).sort(), ['14352', '9612']);
    const sharing = namingPakistan.filter(
      (r) =>
        r.period_start !== '' && start(r.period_start) <= '2023-09-30' && end(r.period_end) >= '2023-09-01',
    );
    for (const r of sept) {
      const f = a.statistics.find((s) => s.value === +r.value)!;
      assert.equal(f.period_overlaps, sharing.length - 1, r.value);
    }
  });

  it('the CLI table and CSV carry period_overlaps beside the unit, as the API does', async () => {
    const args = [
      'indicators',
      '--metric',
      'returns',
      '--country',
      'PAK',
      '--from',
      '2024-10',
      '--to',
      '2024-10',
    ];
    const csv = await runCli(store(), [registerIndicators], [...args, '--format', 'csv']);
    assert.match(csv.out.split('\n')[0]!, /,unit,period_overlaps,revision,revises,revised_by,url,/);
    const table = await runCli(store(), [registerIndicators], args);
    assert.match(table.out.split('\n')[0]!, /\bunit +period_overlaps\b/);
  });
});

describe('a figure compiled twice, to period_overlaps', () => {
  const twice = useBundledStore();
  before(async () => {
    await importFigureCompiledTwice(twice());
  });

  it('is one figure: its records never count each other, and a figure overlapping both counts it once', async () => {
    // The bundled store, then the same with UNHCR-IOM's week of 19-25 October 2025 recorded a second
    // time and a made-up week of 5-11 October beside it (test/helpers/figure-compiled-twice.ts).
    const overlaps = async (s: Store) =>
      (await indicatorsQuery(s, { metric: 'returns' })).statistics.map((f) => ({
        id: f.id,
        value: f.value,
        period: `${f.period_start} ${f.period_end}`,
        n: f.period_overlaps,
      }));
    const [once, recorded] = [await overlaps(store()), await overlaps(twice())];
    const copied = `${COPIED.period_start} ${COPIED.period_end}`;
    // Listed once (the list merges the copy), it overlaps what the week overlapped before: not its
    // own copy, nor the made-up week (no shared day).
    const records = recorded.filter((f) => f.value === +COPIED.value && f.period === copied);
    assert.equal(records.length, 1);
    const bundled = once.find((f) => f.id === records[0]!.id)!;
    assert.equal(records[0]!.n, bundled.n);
    // A figure holding both weeks overlaps one more figure, the made-up week: the copied week once.
    const made = `${MADE_UP_WEEK.period_start} ${MADE_UP_WEEK.period_end}`;
    const grew = once
      .map((f) => [f, recorded.find((g) => g.id === f.id)!] as const)
      .filter(([f, g]) => g.n !== f.n);
    assert.ok(grew.length >= 3, JSON.stringify(grew));
    for (const [f, g] of grew) assert.equal(g.n, f.n + 1, `${f.period} ${f.value} (made-up week ${made})`);
  });
});
