import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GEO_COLUMNS, type EventGeo, type StoredEvent } from '../storage/event-columns.ts';
import type { Store } from '../storage/index.ts';
import { gedRows } from '../../test/helpers/ged-rows.ts';
import { perturbedCutStore } from '../../test/helpers/perturbed-store.ts';
import { perturbGed, PERTURBED_MAPPING } from '../../test/helpers/perturbed-ged.ts';
import { importFile } from './import-dataset.ts';
import { linkageState, linkPeriod, type LinkSummary } from './linkage-runs.ts';

// Everything a reader can get of the stored runs: periods, counts, every pair with its reasons, every incident.
async function stored(store: Store) {
  const runs = await store.linkageRuns();
  const linkage = await store.storedLinkage(runs.map((r) => r.id));
  return {
    runs: runs.map(({ from, to, pairs, clusters, stamp }) => ({ from, to, pairs, clusters, stamp })),
    pairs: linkage.pairs,
    clusters: linkage.clusters,
  };
}

describe('a stored run extended by its changed days equals the period linked whole', () => {
  // The same steps on two stores of real GED rows of 2010 and a perturbed copy (synthetic, seed 17):
  // one extends the stored runs, the other links each period whole.
  let extended: Store;
  let whole: Store;
  const dir = mkdtempSync(join(tmpdir(), 'faultline-extend-'));
  const { header, rows } = gedRows();
  const start = header.indexOf('date_start');
  const end = header.indexOf('date_end');
  // Records of a week or less: GED's records of a whole month or year would join every run of 2010 into one.
  const short = (r: readonly string[]) =>
    Date.parse(r[end]!.slice(0, 10)) - Date.parse(r[start]!.slice(0, 10)) <= 7 * 86_400_000;
  const cut = rows.filter((r) => r[start]!.startsWith('2010-') && short(r));
  const mapping = (dataset: string) => {
    const file = join(dir, `${dataset}.mapping.yaml`);
    writeFileSync(file, PERTURBED_MAPPING.replace('dataset: perturbed-ged', `dataset: ${dataset}`));
    return file;
  };

  // Links [from, to] on both stores; the summaries must agree but for how it was done.
  async function step(from: string, to: string): Promise<[LinkSummary, LinkSummary]> {
    const a = await linkPeriod(extended, from, to);
    const b = await linkPeriod(whole, from, to, undefined, { extend: false });
    const bare = ({ from, to, records, pairs, links, incidents }: LinkSummary) => ({
      from,
      to,
      records,
      pairs,
      links,
      incidents,
    });
    assert.deepEqual(bare(a), bare(b));
    assert.equal(b.extended, false);
    assert.deepEqual(await stored(extended), await stored(whole));
    return [a, b];
  }

  // Imports the same file into both stores without linking.
  async function both(file: string, options: Parameters<typeof importFile>[2]): Promise<void> {
    for (const s of [extended, whole]) await importFile(s, file, { ...options, link: false });
  }

  before(async () => {
    [extended, whole] = await Promise.all([
      perturbedCutStore('2010-01-01', '2010-12-31', '2010', short),
      perturbedCutStore('2010-01-01', '2010-12-31', '2010', short),
    ]);
  });
  after(async () => {
    await Promise.all([extended.close(), whole.close()]);
    rmSync(dir, { recursive: true, force: true });
  });

  it('a first half-year linked whole, then the second joined to it: only the new days and the seam are scored', async () => {
    const [first] = await step('2010-01-01', '2010-06-30');
    assert.equal(first.extended, false, 'nothing stored to extend');
    assert.ok(first.incidents > 100, `${first.incidents} incidents`);
    assert.ok(first.to < '2010-07-04', first.to);
    const [second, again] = await step('2010-07-01', '2010-12-31');
    assert.equal(second.from, '2010-01-01', 'the runs touch and are joined');
    assert.equal(second.extended, true);
    assert.equal(again.scored, again.records);
    assert.ok(second.scored < second.records, `${second.scored} of ${second.records} scored again`);
  });

  it('a third source of a few rows: only the records within reach of their days are scored again', async () => {
    const few = cut.filter((r) => r[start]! >= '2010-03-01' && r[start]! < '2010-03-08');
    const file = join(dir, 'third-source-synthetic-seed-5.csv');
    writeFileSync(file, perturbGed(header, few, 5).csv);
    await both(file, { mapping: mapping('third-source') });
    const [third] = await step('2010-01-01', '2010-12-31');
    assert.equal(third.extended, true);
    assert.ok(third.scored < third.records / 4, `${third.scored} of ${third.records} scored again`);
    const { pairs } = await stored(extended);
    assert.ok(
      pairs.some((p) => p.linked && !p.clustered),
      'the run holds links clustering refused (their reasons are kept as they were scored)',
    );
  });

  it('a new version of a source that changes and removes records: their old links are dropped and the incidents formed again', async () => {
    // The perturbed copy again (seed 17) as version 2, a full release: its first 20 rows gone, and
    // every 50th row a day later with 3 more deaths (synthetic edits).
    const [head, ...lines] = perturbGed(header, cut, 17).csv.trimEnd().split('\n');
    const edited = lines.slice(20).map((line, i) => {
      if (i % 50) return line;
      const f = line.split('","');
      f[1] = new Date(Date.parse(f[1]!) + 86_400_000).toISOString().slice(0, 10);
      f[9] = String(Number(f[9]) + 3);
      return f.join('","');
    });
    const linked = (await stored(extended)).pairs.filter((p) => p.linked);
    const previous = new Set(linked.flatMap((p) => [p.a, p.b]));
    const file = join(dir, 'ged-22.1-2010-perturbed-synthetic-seed-17-edited.csv');
    writeFileSync(file, [head, ...edited].join('\n') + '\n');
    await both(file, {
      mapping: mapping('perturbed-ged'),
      version: '2',
      fullRelease: true,
      allowRemovals: 1000,
    });
    const [fourth] = await step('2010-01-01', '2010-12-31');
    assert.equal(fourth.extended, true);
    assert.ok(fourth.scored < fourth.records, `${fourth.scored} of ${fourth.records} scored again`);
    // The removed records are in no pair or incident.
    const { pairs, clusters } = await stored(extended);
    const gone = lines.slice(0, 20).map((l) => l.split('","')[0]!.slice(1));
    assert.ok(
      [...previous].some((id) => id.endsWith(`:${gone[0]}`)),
      `ids end in the incident number: ${[...previous][0]}`,
    );
    const held = [...pairs.flatMap((p) => [p.a, p.b]), ...clusters.flatMap((c) => c.members)];
    const of = (ids: Iterable<string>) => gone.filter((n) => [...ids].some((id) => id.endsWith(`:${n}`)));
    assert.deepEqual(of(held), []);
    assert.ok(of(previous).length > 3, `${of(previous).length} removed records had been linked`);
  });

  it('a new version that changes most records is linked whole (extending would cost more), with the same result', async () => {
    // Every row of the perturbed copy with one more death (synthetic edit): every day changed.
    const [head, ...lines] = perturbGed(header, cut, 17).csv.trimEnd().split('\n');
    const more = lines.map((line) => {
      const f = line.split('","');
      f[9] = String(Number(f[9]) + 1);
      return f.join('","');
    });
    const file = join(dir, 'ged-22.1-2010-perturbed-synthetic-seed-17-one-more-death.csv');
    writeFileSync(file, [head, ...more].join('\n') + '\n');
    await both(file, { mapping: mapping('perturbed-ged'), version: '3' });
    const [fifth] = await step('2010-01-01', '2010-12-31');
    assert.equal(fifth.extended, false);
    assert.equal(fifth.scored, fifth.records);
  });

  it('linking again with nothing changed scores nothing again and keeps every pair and incident', async () => {
    const before = await stored(extended);
    const [same] = await step('2010-01-01', '2010-12-31');
    assert.equal(same.extended, true);
    assert.equal(same.scored, 0);
    assert.deepEqual(await stored(extended), { ...before, runs: before.runs });
  });

  it('events placed again in another province (geo refresh) make their run stale: it is extended by their days, as linking whole gives; placed as they were, nothing goes stale', async () => {
    const week = { from: '2010-05-01', to: '2010-05-07', limit: 3 };
    const placed = (e: StoredEvent, admin1Code: string | null) =>
      ({
        ...Object.fromEntries(GEO_COLUMNS.map((c) => [c.key, e[c.key as keyof StoredEvent]])),
        id: e.id,
        admin1Code,
      }) as EventGeo & { id: string };
    const year = async () => (await linkageState(extended, '2010-01-01', '2010-12-31')).status;
    const shown = async () =>
      (await extended.linkageRuns()).map((r) =>
        r.stamp.map(({ source, version, events }) => [source, version, events]),
      );
    const was = await shown();
    for (const s of [extended, whole]) {
      const { rows } = await s.queryEvents(week);
      assert.equal(rows.length, 3);
      // Placed as stored: nothing is written.
      assert.deepEqual(await s.updatePlacements(rows.map((e) => placed(e, e.admin1Code))), {
        placed: 3,
        changed: 0,
      });
    }
    assert.equal(await year(), 'current', 'placed where they were: nothing to link again');
    // Moved to another province (a synthetic edit), on both stores.
    for (const s of [extended, whole]) {
      const { rows } = await s.queryEvents(week);
      assert.deepEqual(
        await s.updatePlacements(rows.map((e) => placed(e, e.admin1Code === 'PK-BA' ? 'PK-KP' : 'PK-BA'))),
        { placed: 3, changed: 3 },
      );
    }
    assert.equal(await year(), 'stale');
    assert.deepEqual(
      await shown(),
      was,
      'a stale run still shows the sources, versions and counts it was linked from',
    );
    const [moved] = await step('2010-01-01', '2010-12-31');
    assert.equal(moved.extended, true);
    assert.ok(
      moved.scored > 0 && moved.scored < moved.records / 4,
      `${moved.scored} of ${moved.records} scored again`,
    );
    assert.equal(await year(), 'current');
  });
});
