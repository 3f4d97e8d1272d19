import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dayNumber } from '../aggregate/dates.ts';
import {
  candidatePairs,
  CLUSTER_SLICE,
  clusterLinks,
  clusterLinksAsync,
  LINKAGE_DEFAULTS,
  linkCandidates,
  linkRecords,
  scorePair,
  type LinkRecord,
  type ScoredPair,
} from './linkage.ts';

// Hand-built records (synthetic: made up for these cases, not from any source).
const day = (iso: string) => dayNumber(iso)!;
const rec = (
  id: string,
  source: string,
  iso: string,
  lat: number,
  lon: number,
  over: Partial<LinkRecord> = {},
): LinkRecord => ({
  id,
  source,
  dayFrom: day(iso),
  dayTo: day(iso),
  lat,
  lon,
  placeKm: 0,
  country: 'PAK',
  admin1: 'PK-KP',
  type: 'battle',
  actorGroups: ['pakistan', 'ttp'],
  deathsBest: 5,
  deathsLow: 4,
  deathsHigh: 7,
  ...over,
});
// About 3 km east of Miranshah (North Waziristan): 0.03 degrees of longitude at 33 N is 2.8 km.
const MIRANSHAH = [33.0, 70.07] as const;

describe('cross-source linkage (issue 17)', () => {
  it('links the same attack in two sources a day apart and 3 km away, with its score and reasons', () => {
    const a = rec('ged:1', 'ucdp-ged', '2021-05-10', MIRANSHAH[0], MIRANSHAH[1]);
    const b = rec('acled:9', 'acled', '2021-05-11', MIRANSHAH[0], MIRANSHAH[1] + 0.03, {
      deathsBest: 6,
      deathsLow: 6,
      deathsHigh: 6,
    });
    const r = linkRecords([a, b]);
    assert.equal(r.pairs.length, 1);
    const p = r.pairs[0]!;
    assert.deepEqual([p.a, p.b, p.linked, p.clustered], ['acled:9', 'ged:1', true, true]);
    assert.ok(p.score >= LINKAGE_DEFAULTS.threshold && p.score < 1, String(p.score));
    assert.ok(p.reasons.includes('dates 1 day apart'));
    assert.ok(
      p.reasons.some((x) => /^2\.[0-9] km apart/.test(x)),
      p.reasons.join('; '),
    );
    assert.ok(p.reasons.includes('shared actor groups (pakistan, ttp)'));
    assert.deepEqual(r.clusters, [{ id: 'acled:9', members: ['acled:9', 'ged:1'] }]);
  });

  it('does not link two attacks on the same day in the same district by different perpetrators', () => {
    const a = rec('ged:1', 'ucdp-ged', '2021-05-10', 33.0, 70.07, { actorGroups: ['pakistan', 'ttp'] });
    const b = rec('acled:2', 'acled', '2021-05-10', 33.01, 70.08, {
      actorGroups: ['pakistan', 'islamic-state'],
    });
    const r = linkRecords([a, b]);
    assert.equal(r.pairs.length, 1, 'they are candidates (same day, 1.4 km)');
    assert.equal(r.pairs[0]!.linked, false);
    assert.ok(
      r.pairs[0]!.reasons.includes('different actors (islamic-state / ttp)'),
      r.pairs[0]!.reasons.join('; '),
    );
    assert.equal(r.clusters.length, 2);
  });

  it('does not collapse a chain A-B-C whose ends lie far apart into one incident', () => {
    // A and C are 40 km apart (beyond the 25 km window); B lies between, 20 km from each.
    const A = rec('a', 'ucdp-ged', '2021-05-10', 33.0, 70.0);
    const B = rec('b', 'acled', '2021-05-10', 33.0, 70.0 + 20 / 93.3);
    const C = rec('c', 'ucdp-candidate', '2021-05-10', 33.0, 70.0 + 40 / 93.3);
    const r = linkRecords([C, B, A]);
    const linked = r.pairs.filter((p) => p.linked).map((p) => `${p.a}-${p.b}`);
    assert.deepEqual(linked.sort(), ['a-b', 'b-c']);
    assert.ok(r.clusters.every((c) => !(c.members.includes('a') && c.members.includes('c'))));
    assert.equal(r.clusters.length, 2);
    assert.equal(
      r.pairs.filter((p) => p.linked && !p.clustered).length,
      1,
      'one link refused by the chain guard',
    );
  });

  it('keeps one record per source in a cluster, and never pairs two records of one source', () => {
    const a1 = rec('a1', 'ucdp-ged', '2021-05-10', 33.0, 70.0);
    const a2 = rec('a2', 'ucdp-ged', '2021-05-10', 33.0, 70.1);
    const b = rec('b', 'acled', '2021-05-10', 33.0, 70.005);
    const r = linkRecords([a1, a2, b]);
    assert.deepEqual(r.pairs.map((p) => `${p.a}-${p.b}`).sort(), ['a1-b', 'a2-b']);
    assert.ok(r.pairs.every((p) => p.linked));
    assert.deepEqual(
      r.clusters.map((c) => c.members),
      [['a1', 'b'], ['a2']],
    );
  });

  it('links a record to neither of two candidates of one source that nothing tells apart (ambiguous)', () => {
    const a1 = rec('a1', 'ucdp-ged', '2021-05-10', 33.0, 70.0);
    const a2 = rec('a2', 'ucdp-ged', '2021-05-10', 33.0, 70.001);
    const b = rec('b', 'acled', '2021-05-10', 33.0, 70.0005);
    const r = linkRecords([a1, a2, b]);
    assert.ok(r.pairs.every((p) => p.linked && !p.clustered));
    assert.equal(r.clusters.length, 3);
    assert.match(
      r.pairs[0]!.reasons.at(-1)!,
      /^not clustered: ambiguous, (its group of 3 records of two sources matched otherwise scores|the best one-to-one matching of its group of 3 records)/,
    );
    // With the margin off, the tie is broken by ids: b joins a1.
    const off = linkRecords([a1, a2, b], { ...LINKAGE_DEFAULTS, margin: 0 });
    assert.ok(off.clusters.some((c) => c.members.join() === 'a1,b'));
  });

  it('widens the window by date and place precision: a month-precise record and a district centroid still meet', () => {
    const exact = rec('x', 'ucdp-ged', '2021-05-20', 33.0, 70.0);
    const monthOnly = rec('y', 'acled', '2021-05-01', 33.0, 70.5, { dayTo: day('2021-05-31'), placeKm: 40 });
    assert.equal(candidatePairs([exact, monthOnly], LINKAGE_DEFAULTS).length, 1);
    assert.equal(
      candidatePairs([exact, { ...monthOnly, placeKm: 0 }], LINKAGE_DEFAULTS).length,
      0,
      '47 km apart as points',
    );
    // Without points: same province is a candidate, another province is not, another country contradicts.
    const noPoint = { lat: null, lon: null };
    assert.equal(
      candidatePairs(
        [
          { ...exact, ...noPoint },
          { ...exact, id: 'z', source: 'acled' },
        ],
        LINKAGE_DEFAULTS,
      ).length,
      1,
    );
    assert.equal(
      candidatePairs(
        [
          { ...exact, ...noPoint },
          { ...exact, id: 'z', source: 'acled', admin1: 'PK-BA' },
        ],
        LINKAGE_DEFAULTS,
      ).length,
      0,
    );
    assert.equal(
      scorePair(exact, { ...exact, id: 'z', country: 'AFG' }, LINKAGE_DEFAULTS.window).contradiction,
      true,
    );
  });

  it('gives the same pairs and clusters whatever the input order', () => {
    const rs = Array.from({ length: 30 }, (_, i) =>
      rec(
        `r${i}`,
        ['ucdp-ged', 'acled', 'ucdp-candidate'][i % 3]!,
        `2021-05-${String(10 + (i % 5)).padStart(2, '0')}`,
        33 + (i % 7) * 0.05,
        70 + (i % 4) * 0.05,
      ),
    );
    const one = linkRecords(rs);
    const two = linkRecords([...rs].reverse());
    assert.deepEqual(two, one);
    assert.ok(one.pairs.some((p) => p.linked));
  });

  it('links streamed candidate pairs as it links the records in memory', async () => {
    // Fifteen incidents 22 km apart, each in both sources (a day later and 1 km off in ACLED):
    // neighbours are candidates too, but weaker than the twins.
    const rs = Array.from({ length: 30 }, (_, i) => {
      const k = Math.floor(i / 2);
      const ged = i % 2 === 0;
      return rec(
        `r${i}`,
        ged ? 'ucdp-ged' : 'acled',
        ged ? '2021-05-10' : '2021-05-11',
        33 + k * 0.2 + (ged ? 0 : 0.01),
        70,
        {
          deathsBest: k,
          deathsLow: k,
          deathsHigh: k,
        },
      );
    });
    const mem = linkRecords(rs);
    async function* stream() {
      // Any order and any batches, as the store streams them.
      const c = candidatePairs(rs, LINKAGE_DEFAULTS).reverse();
      for (let i = 0; i < c.length; i += 7) yield c.slice(i, i + 7).map(([a, b]) => [b, a] as const);
    }
    const got = await linkCandidates(stream());
    const byIds = (x: ScoredPair, y: ScoredPair) => (x.a + x.b < y.a + y.b ? -1 : 1);
    assert.deepEqual([...got.pairs].sort(byIds), [...mem.pairs].sort(byIds));
    assert.deepEqual(
      got.clusters,
      mem.clusters.filter((c) => c.members.length > 1),
    );
    assert.equal(got.clusters.length, 15);
    assert.ok(got.pairs.length > 15);
  });

  it('clustering asynchronously gives the event loop a turn every CLUSTER_SLICE links, with the same clusters', async () => {
    const n = 3 * CLUSTER_SLICE;
    const byId = new Map<string, LinkRecord>();
    const pairs: ScoredPair[] = [];
    for (let i = 0; i < n; i++) {
      const [a, b] = [
        rec(`a${i}`, 'acled', '2021-05-10', 33, 70),
        rec(`b${i}`, 'ucdp-ged', '2021-05-10', 33, 70),
      ];
      byId.set(a.id, a).set(b.id, b);
      const p = { a: a.id, b: b.id, score: 0.9, linked: true, clustered: false, reasons: [] };
      pairs.push(p);
    }
    let turns = 0;
    let done = false;
    const tick = () => {
      turns++;
      if (!done) setImmediate(tick);
    };
    setImmediate(tick);
    const clusters = await clusterLinksAsync(pairs, byId, LINKAGE_DEFAULTS);
    done = true;
    assert.ok(turns >= 2, `${turns} turns of the event loop while clustering ${n} links`);
    assert.equal(clusters.length, n);
    const again = pairs.map((p) => ({ ...p, clustered: false }));
    assert.deepEqual(clusterLinks(again, byId, LINKAGE_DEFAULTS), clusters);
  });
});
