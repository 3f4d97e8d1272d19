import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { compareRates } from '../../analytics/trends/rate-ratio.ts';
import { DRAFT_REASON } from '../../claims/check-claim.ts';
import type { ClaimResult, Evidence } from '../../claims/evidence.ts';
import { createStore } from '../../storage/index.ts';
import type { Store } from '../../storage/store.ts';
import { compareQuery } from '../analysis/compare.ts';
import { DATA_DIR } from '../bundled-data.ts';
import { importFile } from '../import-dataset.ts';
import { checkClaims, parseClaims } from './check-claims.ts';

const STATS = `${DATA_DIR}published-statistics/pakistan_security_reports.csv`;
const GED = `${DATA_DIR}ucdp-ged/conflict_data_pak.csv`;

async function check(store: Store, yaml: string): Promise<ClaimResult> {
  const [r] = await checkClaims(store, parseClaims(yaml, 'test.yaml').file.claims);
  return r!;
}

const CASUALTIES = `
claims:
  - id: casualties-2023
    text: nearly 3,000 casualties in 2023
    metric: casualties
    geography: { country: PAK }
    period: "2023"
    comparator: { kind: nearly, value: 3000 }
`;

const find = (r: ClaimResult, source: string, version: string): Evidence => {
  const e = r.evidence.find((x) => x.source === source && x.version === version && x.value !== null);
  assert.ok(e, `no evidence from ${source} ${version}`);
  return e;
};

describe('claims against the bundled published statistics', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, STATS);
  });
  after(() => store.close());

  it('"nearly 3,000 casualties in 2023" is partly_supported: true only for CRSS killed plus injured including militants', async () => {
    const r = await check(store, CASUALTIES);
    assert.equal(r.verdict, 'partly_supported');
    const first = find(r, 'CRSS', 'annual (first release)');
    assert.deepEqual(
      [first.value, first.outcome, first.parts.map((p) => p.value)],
      [2987, 'holds', [1524, 1463]],
    );
    assert.equal(first.definition_class?.militants, 'included');
    const restated = find(r, 'CRSS', 'revision');
    assert.deepEqual(
      [restated.report, restated.value, restated.outcome, restated.parts.map((p) => p.value)],
      ['Annual Security Report 2024', 2995, 'holds', [1533, 1462]],
    );
    const pips = find(r, 'PIPS', 'annual');
    assert.deepEqual(
      [pips.value, pips.outcome, pips.parts.map((p) => p.value)],
      [1817, 'fails', [693, 1124]],
    );
    const picss = find(r, 'PICSS', 'annual');
    assert.deepEqual(
      [picss.value, picss.outcome, picss.parts.map((p) => p.value)],
      [2325, 'fails', [974, 1351]],
    );
    assert.deepEqual(
      r.evidence.filter((e) => e.outcome === 'holds').map((e) => e.source),
      ['CRSS', 'CRSS'],
    );
    // The Q3 2024 revision restated killed only: it cannot give casualties, and says why.
    const q3 = r.evidence.find((e) => e.report === 'Q3 Security Report 2024')!;
    assert.deepEqual(
      [q3.outcome, q3.reason],
      ['unavailable', 'this version publishes killed 1,523 but no injured'],
    );
    for (const name of ['CRSS', 'PIPS', 'PICSS', '2,987', '2,995', '1,817', '2,325'])
      assert.match(r.explanation, new RegExp(name));
  });

  it('excluding militants sets CRSS and PIPS 2023 aside by definition, leaving PICSS, which contradicts the claim', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('metric: casualties', 'metric: casualties\n    definition: { militants: excluded }'),
    );
    assert.equal(r.verdict, 'contradicted');
    assert.match(
      find(r, 'CRSS', 'annual (first release)').reason,
      /^definition does not match: the claim excludes militants; this figure includes them$/,
    );
  });

  it('preferred sources decide the verdict when they can answer; the others are context', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('comparator:', 'preferred_sources: [PICSS]\n    comparator:'),
    );
    assert.equal(r.verdict, 'contradicted');
    assert.equal(find(r, 'CRSS', 'annual (first release)').role, 'context');
  });

  it('a change in published counts uses compareRates with exposures in days (CRSS killed 850 in 2021 against 1,524 in 2023)', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('casualties-2023', 'surge')
        .replace('metric: casualties', 'metric: deaths')
        .replace('{ kind: nearly, value: 3000 }', '{ kind: surge }\n    baseline: "2021"'),
    );
    const e = find(r, 'CRSS', 'annual (first release)');
    const c = compareRates({ count1: 850, exposure1: 365, count2: 1524, exposure2: 365 });
    assert.deepEqual(
      [e.test?.rate_ratio, e.test?.ci_low, e.test?.ci_high, e.test?.p_value],
      [c.rateRatio, c.ciLow, c.ciHigh, c.pValue],
    );
    assert.equal(e.outcome, 'holds');
    assert.equal(r.verdict, 'supported');
  });

  it('drafts are not checked', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('metric: casualties', 'status: draft\n    metric: casualties'),
    );
    assert.equal(r.verdict, 'not_checkable');
    assert.equal(r.explanation, `Not checked: ${DRAFT_REASON}.`);
    assert.deepEqual(r.evidence, []);
  });
});

describe('claims against UCDP GED 22.1 events alone', () => {
  let store: Store;
  before(async () => {
    store = await createStore({ path: ':memory:' });
    await importFile(store, GED);
  });
  after(() => store.close());

  it('a claim about 2023 events is not_checkable and says the loaded events end on 2021-12-31', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('metric: casualties', 'metric: events').replace(
        '{ kind: nearly, value: 3000 }',
        '{ kind: more_than, value: 100 }',
      ),
    );
    assert.equal(r.verdict, 'not_checkable');
    const ged = r.evidence.find((e) => e.source === 'ucdp-ged')!;
    assert.equal(ged.outcome, 'unavailable');
    assert.match(
      ged.reason,
      /^the loaded events end on 2021-12-31 \(ucdp-ged 22\.1\); checking this claim needs ucdp-ged events for PAK from 2023-01-01 to 2023-12-31/,
    );
    assert.match(r.explanation, /the loaded events end on 2021-12-31/);
    assert.match(r.explanation, /no published statistics are loaded/);
  });

  it('an increase claim gives the same rate ratio and interval as the API compare (TTP events, 71 in 2020 against 119 in 2021)', async () => {
    const r = await check(
      store,
      `
claims:
  - id: ttp-rise-2021
    text: TTP violence rose in 2021
    metric: events
    actor: Pakistani Taliban
    geography: { country: PAK }
    period: "2021"
    baseline: "2020"
    comparator: { kind: increase }
`,
    );
    const e = r.evidence.find((x) => x.source === 'ucdp-ged')!;
    const api = (
      await compareQuery(store, {
        kind: 'periods',
        filter: { country: ['PAK'], source: ['ucdp-ged'], actorIds: e.query!.filter.actorIds },
        metric: 'events',
        period1: '2020',
        period2: '2021',
      })
    ).comparison;
    const direct = compareRates({ count1: 71, exposure1: 366, count2: 119, exposure2: 365 });
    assert.deepEqual([e.test!.count1, e.test!.count2, e.test!.days1, e.test!.days2], [71, 119, 366, 365]);
    assert.deepEqual(
      [e.test!.rate_ratio, e.test!.ci_low, e.test!.ci_high, e.test!.p_value],
      [api.rate_ratio, api.ci_low, api.ci_high, api.p_value],
    );
    assert.deepEqual(
      [e.test!.rate_ratio, e.test!.ci_low, e.test!.ci_high],
      [direct.rateRatio, direct.ciLow, direct.ciHigh],
    );
    assert.equal(Math.round(e.test!.rate_ratio! * 1000) / 1000, 1.681);
    assert.deepEqual([r.verdict, e.outcome], ['supported', 'holds']);
    assert.equal(e.query!.event_ids.length, 25);
    assert.equal(e.query!.query_id, 'aggregate');
  });

  it('an injured claim cannot be checked against UCDP, which records no injuries', async () => {
    const r = await check(
      store,
      CASUALTIES.replace('metric: casualties', 'metric: injured').replace('"2023"', '"2021"'),
    );
    assert.equal(r.verdict, 'not_checkable');
    assert.match(
      r.evidence.find((e) => e.source === 'ucdp-ged')!.reason,
      /^ucdp-ged records deaths, not injuries/,
    );
  });

  it('deaths alone can establish "more than N casualties" (a lower bound) but not "nearly N"', async () => {
    const over = await check(
      store,
      CASUALTIES.replace('"2023"', '"2021"').replace(
        '{ kind: nearly, value: 3000 }',
        '{ kind: more_than, value: 400 }',
      ),
    );
    assert.equal(over.verdict, 'supported', over.explanation);
    const nearly = await check(
      store,
      CASUALTIES.replace('"2023"', '"2021"').replace('value: 3000', 'value: 460'),
    );
    assert.equal(nearly.verdict, 'not_checkable');
    assert.match(
      nearly.evidence.find((e) => e.source === 'ucdp-ged')!.reason,
      /only a lower bound of casualties/,
    );
  });
});
