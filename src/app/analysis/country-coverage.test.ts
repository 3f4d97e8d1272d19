import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { useBundledStore } from '../../../test/helpers/use-bundled-store.ts';
import { createApi } from '../../api/server.ts';
// The bundled data: UCDP GED 22.1 covers Pakistan alone (1989-2021), the Candidate files both
// countries (2026-01 to 2026-07). An answer over both countries knows nothing of Afghanistan before 2026.
const store = useBundledStore();

const api = async (url: string) =>
  JSON.parse(await (await createApi({ store: store(), log: () => {} }).app.request(url)).text());

describe('declared coverage', () => {
  it('is widened by events dated to the day or the week outside it, not by records dated only to a month or a year', async () => {
    // Candidate 26.0.7 declares July 2026 and holds a record of 2026-05-31 to 2026-07-25 dated only
    // to the year: May and June are not covered by it (with 26.0.7 alone they were false zeros).
    const vague = await api('/api/v1/events?version=26.0.7&from=2026-05-01&to=2026-06-30&limit=10');
    assert.ok(
      vague.events.some((e: { date_precision: string }) => e.date_precision === 'year'),
      'the bundled file still holds the year-dated record',
    );
    const cov = (await store().coverage()).find((c) => c.version === '26.0.7')!;
    assert.deepEqual([cov.firstDate, cov.lastDate, cov.basis], ['2026-07-01', '2026-07-31', 'declared']);
    const may = await api(
      '/api/v1/series?version=26.0.7&from=2026-05-01&to=2026-06-30&interval=month&metrics=events',
    );
    assert.deepEqual(
      may.points.map((p: { events: number | null }) => p.events),
      [null, null],
    );
  });
});

describe('coverage country by country', () => {
  it('a country no source covers in part of the period: its provinces there are null in a split series, never 0, and the meta names the span', async () => {
    // 2021 (GED 22.1: Pakistan only) and 2026 (the Candidate files: both countries), monthly by province.
    const r = await api('/api/v1/series?interval=month&by=admin1&from=2021-11-01&to=2026-02-28');
    assert.deepEqual(r.meta.uncovered, [{ from: '2022-01-01', to: '2025-12-31' }]);
    assert.deepEqual(r.meta.uncovered_countries, [{ country: 'AFG', from: '2021-11-01', to: '2021-12-31' }]);
    assert.equal(r.meta.coverage_status, 'partly_covered');
    assert.match(
      r.meta.coverage_warning,
      /; no loaded source version covers AFG from 2021-11-01 to 2021-12-31: /,
    );
    type P = { period: string; group: string | null; events: number | null };
    const afghan = (r.points as P[]).filter((p) => p.group?.startsWith('AF-'));
    assert.ok(afghan.length > 0, 'an Afghan province with events in 2026');
    for (const p of afghan) if (p.period < '2026-01') assert.equal(p.events, null, `${p.group} ${p.period}`);
    // In 2026 a source covers Afghanistan: a province's month is a number there (0 or more).
    assert.ok(afghan.filter((p) => p.period >= '2026-01').every((p) => typeof p.events === 'number'));
    // Pakistan's provinces keep their zeros in the months GED covers.
    const punjab = (r.points as P[]).filter((p) => p.group === 'PK-PB' && p.period < '2022');
    assert.ok(punjab.length === 2 && punjab.every((p) => typeof p.events === 'number'));
    // By side of the border, the same rule.
    const sides = await api('/api/v1/series?interval=month&by=border_side&from=2021-11-01&to=2026-02-28');
    const afg = (sides.points as P[]).filter((p) => p.group === 'AFG');
    assert.deepEqual(
      afg.filter((p) => p.period < '2022').map((p) => p.events),
      [null, null],
    );
    // Narrowed to Pakistan, nothing is missing in 2021.
    const pak = await api('/api/v1/series?interval=month&country=PAK&from=2021-11-01&to=2021-12-31');
    assert.deepEqual([pak.meta.coverage_status, pak.meta.uncovered_countries], ['covered', []]);
  });

  it('the CLI and the dashboard read the span in coverage_warning, which a covered country leaves null', async () => {
    const both = await api('/api/v1/series?interval=year&from=2018-01-01&to=2021-12-31');
    assert.equal(
      both.meta.coverage_warning,
      'no loaded source version covers AFG from 2018-01-01 to 2021-12-31: that country has no reporting there, not no violence, and totals there count the other countries alone (meta.uncovered_countries)',
    );
    assert.deepEqual(both.meta.uncovered, []);
    const kp = await api('/api/v1/series?interval=year&admin1=PK-KP&from=2018-01-01&to=2021-12-31');
    assert.deepEqual([kp.meta.coverage_warning, kp.meta.uncovered_countries], [null, []]);
    // A district names its country too (Bannu is in Pakistan).
    const bannu = await api('/api/v1/series?interval=year&admin2=Bannu&from=2018-01-01&to=2021-12-31');
    assert.deepEqual([bannu.meta.coverage_status, bannu.meta.uncovered_countries], ['covered', []]);
    // A bundled district no loaded event lies in is in its boundaries' country: Deh Bala (Nangarhar,
    // Afghanistan) is not covered in 2021, not a covered zero.
    const dehBala = await api(
      '/api/v1/series?interval=quarter&admin2=Deh%20Bala&from=2021-01-01&to=2021-12-31',
    );
    assert.equal(dehBala.meta.coverage_status, 'not_covered');
    assert.ok(dehBala.points.every((p: { events: number | null }) => p.events === null));
    const page = await api('/api/v1/events?admin2=Deh%20Bala&from=2021-01-01&to=2021-12-31&limit=1');
    assert.equal(page.total, null);
  });
});

describe('coverage source by source', () => {
  it('a split by source is empty, not zero, where that source covers nothing (GED 22.1 in 2026, Candidate in 2021)', async () => {
    const r = await api(
      '/api/v1/series?country=PAK&from=2021&to=2026&interval=year&by=source&metrics=events',
    );
    const at = (group: string, period: string) =>
      r.points.find((p: { group: string; period: string }) => p.group === group && p.period === period)
        ?.events;
    assert.equal(at('ucdp-ged', '2021'), 189);
    assert.equal(at('ucdp-ged', '2026'), null, 'GED 22.1 ends in 2021');
    assert.equal(at('ucdp-candidate', '2021'), null, 'the Candidate files begin in 2026');
    assert.ok(at('ucdp-candidate', '2026') > 0);
  });
});

describe('a version filter', () => {
  it("says how many of the release's records stay filed under an earlier version, which it does not count", async () => {
    const ledger = (await store().listImports()).filter((i) => i.version === '26.0.7');
    const unchanged = ledger.reduce((n, i) => n + i.unchanged, 0);
    assert.ok(unchanged > 0, 'the bundled July file repeats records of the January-June one');
    const r = await api('/api/v1/events?version=26.0.7&limit=1');
    assert.ok(
      r.meta.notes.includes(
        `ucdp-candidate 26.0.7: ${unchanged} records of its ${ledger[0]!.rowsRead} were unchanged from an earlier version and stay filed under it: a filter on the version does not count them (filter on the source alone for every record of the release)`,
      ),
      JSON.stringify(r.meta.notes),
    );
    const all = await api('/api/v1/events?source=ucdp-candidate&limit=1');
    assert.ok(
      !all.meta.notes.some((n: string) => n.includes('stay filed under')),
      'no version filter, no note',
    );
  });
});
