import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';
import { useBundledStore } from '../../test/helpers/use-bundled-store.ts';
import { runCli } from '../../test/helpers/in-process-cli.ts';
import { createApi } from '../api/server.ts';
import { registerEvent } from '../cli/commands/event.ts';
import { DATE_PRECISION } from '../ingest/ucdp-ged/ucdp-ged-schema.ts';
import type { EventAnswer } from './answers.ts';

const FILES = [
  '../../data/ucdp-ged/conflict_data_pak.csv',
  '../../data/ucdp-candidate/GEDEvent_v26_01_26_06_PAK_AFG.csv',
  '../../data/ucdp-candidate/GEDEvent_v26_0_7_PAK_AFG.csv',
];

/** The bundled UCDP rows (GED's HXL row aside), with the source faultline files them under. */
const ROWS = FILES.flatMap((f) =>
  (parse(readFileSync(new URL(f, import.meta.url)), { columns: true }) as Record<string, string>[])
    .filter((r) => /^\d+$/.test(r.id!))
    .map((r): Record<string, string> => ({
      ...r,
      source: f.includes('candidate') ? 'ucdp-candidate' : 'ucdp-ged',
    })),
);
const day = (r: Record<string, string>, k: 'date_start' | 'date_end') => r[k]!.slice(0, 10);
const days = (r: Record<string, string>) =>
  (Date.parse(day(r, 'date_end')) - Date.parse(day(r, 'date_start'))) / 86_400_000 + 1;

describe('date precision of UCDP records beside the span they are dated to', () => {
  const store = useBundledStore();

  it("every bundled code 5 record is labelled year, and its span is what the codebook's code 5 says: longer than a month, inside one calendar year", async () => {
    const five = ROWS.filter((r) => r.date_prec === '5');
    assert.ok(five.length >= 10, String(five.length));
    for (const r of five) {
      assert.ok(days(r) > 31 && day(r, 'date_start').slice(0, 4) === day(r, 'date_end').slice(0, 4), r.id);
      const e = await store().getEvent(`${r.source}:${r.id}`);
      assert.equal(e?.datePrecision, DATE_PRECISION[5], r.id);
    }
  });

  it('an event labelled year over two months says its span beside the label (API and CLI)', async () => {
    const r = ROWS.find((x) => x.source === 'ucdp-candidate' && x.id === '628329')!;
    assert.deepEqual(
      [r.date_prec, day(r, 'date_start'), day(r, 'date_end')],
      ['5', '2026-03-01', '2026-04-30'],
    );
    const note =
      "dated 2026-03-01 to 2026-04-30, 61 days, labelled year (UCDP's date_prec 5: a date known only within a span longer than a month inside one calendar year, or only the year; not the whole year): it counts under the year of its start date, 2026, and in no month, quarter or week (the imprecise band, docs/methods.md)";
    const res = await createApi({ store: store(), log: () => {} }).app.request(
      '/api/v1/events/ucdp-candidate:628329',
    );
    const { event } = (await res.json()) as EventAnswer;
    assert.deepEqual([event.date_precision, event.date_precision_note], ['year', note]);
    const cli = await runCli(store(), [registerEvent], ['event', 'ucdp-candidate:628329']);
    assert.match(cli.out, /\ndate_precision +year \(2026-03-01 to 2026-04-30, 61 days\)\n/);
    assert.ok(cli.err.includes(`note: ${note}\n`), cli.err);
  });

  it("a record of a whole year (GED's TTP summary of 2009) and a day's record carry no note", async () => {
    const whole = ROWS.find((r) => r.date_prec === '5' && days(r) === 365)!;
    const api = createApi({ store: store(), log: () => {} });
    const noteOf = async (id: string) =>
      ((await (await api.app.request(`/api/v1/events/${id}`)).json()) as EventAnswer).event
        .date_precision_note;
    assert.equal(await noteOf(`ucdp-ged:${whole.id}`), null);
    const exact = ROWS.find((r) => r.source === 'ucdp-ged' && r.date_prec === '1')!;
    assert.equal(await noteOf(`ucdp-ged:${exact.id}`), null);
  });
});
