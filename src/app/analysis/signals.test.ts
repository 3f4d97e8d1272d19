import assert from 'node:assert/strict';
import { ParamError } from '../../domain/errors.ts';
import { flagNames } from '../../cli/flag-names.ts';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { signalsQuery } from './signals.ts';
import { buildBriefing } from '../briefing/build-briefing.ts';
import { renderMarkdown } from '../../report/render-markdown.ts';

describe('signalsQuery where the loaded sources leave gaps (bundled: GED to 2021, Candidate 2026-01 to 2026-07)', () => {
  const store = useBundledStore();

  it('a window no source covers has no total and no signal, not 0 and "no surge"', async () => {
    const r = await signalsQuery(store(), { filter: { country: ['PAK'], to: '2023-06-30' } });
    assert.deepEqual([r.signal.window_start, r.signal.total, r.signal.surge], ['2023-06-01', null, null]);
    assert.ok(
      r.meta.notes.includes(
        'the window 2023-06-01 to 2023-06-30 holds days no loaded source version covers: it has no total, and no signal (not "no surge")',
      ),
    );
    // The history's windows in the gap are unknown too, and those before it keep their totals.
    const at = (end: string) => r.history.find((h) => h.window_end === end)!;
    assert.equal(at('2022-05-31').total, null);
    assert.equal(typeof at('2021-11-30').total, 'number');
  });

  it('a covered window is compared with the covered earlier windows only, and says how many it left out', async () => {
    const r = await signalsQuery(store(), { filter: { country: ['PAK'], to: '2026-07-31' } });
    assert.equal(typeof r.signal.total, 'number');
    // Windows ending 2025-07-31 … 2026-01-29 hold days of 2025, which no source covers: 183 of them.
    assert.equal(r.signal.left_out_365d, 183);
    const last = r.history.filter((h) => h.window_end >= '2026-02-01' && h.window_end < '2026-07-01');
    const max = Math.max(...last.map((h) => h.total as number));
    assert.ok(Number(r.signal.previous_max_365d) >= max, 'the covered windows of 2026 are in the comparison');
    assert.ok(r.meta.notes.some((n) => n.startsWith('183 earlier 30-day windows in the 365-day lookback')));
  });

  it('the first covered month after the gap is compared with nothing: its surge is not known (null), not "no surge"', async () => {
    const r = await signalsQuery(store(), { filter: { country: ['PAK'], to: '2026-01-31' } });
    // 74 events reach the floor of 10, but every earlier window of both lookbacks holds 2025.
    assert.deepEqual(
      [r.signal.total, r.signal.highest_365d, r.signal.highest_1095d, r.signal.surge],
      [74, null, null, null],
    );
    assert.ok(
      r.meta.notes.includes(
        'no earlier 30-day window of any lookback is covered by a loaded source version: whether 2026-01-02 to 2026-01-31 is a surge is not known (surge null, not "no surge")',
      ),
      r.meta.notes.join('\n'),
    );
    const b = await buildBriefing(store(), { period: '2026-01', filter: { country: ['PAK'] } });
    assert.equal(b.surge!.surge, null);
    assert.match(renderMarkdown(b), /^Surge not known: 74 events in the 2026-01-02 to 2026-01-31 window/m);
    assert.doesNotMatch(renderMarkdown(b), /No surge/);
    // What was left out are earlier windows (it read "(183 left out)", of nothing named).
    assert.match(
      renderMarkdown(b),
      /^Against the previous 365 days: no earlier window is covered by a loaded source \(\d+ windows left out\), so not known\.$/m,
    );
  });

  it('a briefing says a lookback was judged among the covered earlier windows only, with how many it left out', async () => {
    const b = await buildBriefing(store(), { period: '2026-06', filter: { country: ['PAK'] } });
    const [year, three] = b.surge!.lookbacks;
    assert.ok(year!.highest !== null && year!.left_out > 0 && three!.left_out > year!.left_out);
    const md = renderMarkdown(b);
    assert.match(
      md,
      new RegExp(
        `^Against the previous 1,095 days: (not )?the highest \\(.*\\), among the covered earlier windows only: ${three!.left_out} hold days no loaded source covers and are left out\\.$`,
        'm',
      ),
    );
  });

  it('a briefing whose last window is not covered says its lookbacks were not compared, not that the data do not reach back', async () => {
    // 2026-Q3 ends in September, which no bundled source covers; 2025 and 2026 both have data before it.
    const b = await buildBriefing(store(), { period: '2026-Q3', filter: { country: ['PAK', 'AFG'] } });
    assert.equal(b.surge!.total, null);
    const md = renderMarkdown(b);
    assert.match(md, /^Against the previous 365 days: not compared, as the window has no total\.$/m);
    assert.doesNotMatch(md, /do not reach back/);
  });

  it('a wholly covered series leaves nothing out', async () => {
    const r = await signalsQuery(store(), { filter: { country: ['PAK'], to: '2021-12-31' } });
    assert.deepEqual([r.signal.left_out_365d, r.signal.left_out_1095d], [0, 0]);
    assert.equal(typeof r.signal.total, 'number');
    assert.ok(!r.meta.notes.some((n) => n.includes('left out')));
  });

  it('a period shorter than the window and a lookback shorter than it are refused quoting the value, with the way out', async () => {
    await assert.rejects(signalsQuery(store(), { filter: { from: '2026-07-25', to: '2026-07-31' } }), {
      message:
        'invalid period (from "2026-07-25", to "2026-07-31"): 7 days, fewer than the 30-day window (start 29 days or more before the end, or give no from)',
    });
    // Named as the surface names them, quoting them as typed (it quoted the days they stand for).
    await assert.rejects(
      signalsQuery(store(), {
        filter: { from: '2026-07-25', to: '2026-07-31' },
        typed: { from: '2026-07-25', to: '2026-07' },
      }),
      (e) =>
        e instanceof ParamError &&
        e.naming(flagNames()) ===
          'invalid period (--from "2026-07-25", --to "2026-07"): 7 days, fewer than the 30-day window (start 29 days or more before the end, or give no --from)',
    );
    await assert.rejects(signalsQuery(store(), { filter: { to: '2026-07-31' }, lookbacks: [365, 10] }), {
      message:
        'invalid lookbacks: "10" (each at least the 30-day window: an earlier window must not overlap the latest)',
    });
  });

  it('a date whose lookback reaches before year 1 is refused naming it (the error gave "invalid period: 00-2-12-04")', async () => {
    await assert.rejects(
      signalsQuery(store(), { filter: { to: '0002-01-01' } }),
      (e: Error) =>
        e instanceof InvalidInputError &&
        e.message ===
          'invalid to: "0002-01-01" (its longest lookback, 1095 days and a 30-day window, starts before year 1)',
    );
  });
});
