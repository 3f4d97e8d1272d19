/**
 * `disagreements` judged in the store over its stored runs (Store.disagreementTally): which
 * incidents disagree, on what, how many in all, sorted and cut to the page there; only the page's
 * incidents are gathered here, with the links that joined them. Over a whole store of 95,064 events
 * this took 3.1 s and 531 MB while every record was judged in memory (docs/linkage.md, "Cost of
 * `disagreements` on a large store").
 */
import type { Store } from '../storage/store.ts';
import type { DisagreementsTally, EventScope } from '../storage/stored-disagreements.ts';
import type { BasisRecord } from './linkage-basis.ts';
import { storedBasis } from './linkage-basis.ts';
import { ensureCurrent } from './linkage-runs.ts';
import { PERPETRATOR_GROUPS } from './link-record.ts';
import {
  coverageRows,
  incidentRecord,
  joiningLinks,
  lowestScore,
  type Tally,
  type TallyAsk,
} from './disagreements-tally.ts';

/** A store that judges stored links itself. */
export type TallyingStore = Store & Required<Pick<Store, 'disagreementTally'>>;

// Each run's records per source version stand in the basis at their first and last day: it reads
// no other day of them (storedBasis counts per version and takes the first and last day).
function basisRecords(basis: DisagreementsTally['basis']): BasisRecord[] {
  return basis.flatMap((b) => [
    { date: b.first, source: b.source, version: b.version, records: 1 },
    ...(b.records > 1
      ? [{ date: b.last, source: b.source, version: b.version, records: b.records - 1 }]
      : []),
  ]);
}

/** The tally of the records under the filter (`scope`), judged in the store over the current stored runs of their days. */
export async function tallyStored(store: TallyingStore, scope: EventScope, ask: TallyAsk): Promise<Tally> {
  const empty = {
    records: 0,
    incidents: 0,
    multiSource: 0,
    disagreeingTotal: 0,
    disagreeing: [],
    single: [],
    linkedOutside: { total: 0, first: [] },
    onlyIn: ask.onlyIn === undefined ? null : { total: 0, records: [] },
    coverage: [],
  };
  if (!scope.events || scope.first === null || scope.last === null)
    return { ...empty, linkage: storedBasis([], await store.linkageRuns(), [], ask.period, false) };
  const { runs, relinked } = await ensureCurrent(store, scope.first, scope.last);
  const runIds = runs.map((r) => r.id);
  const got = await store.disagreementTally({
    filter: ask.filter,
    runIds,
    tolerances: ask.tolerances,
    differ: ask.differ ?? null,
    limit: ask.limit,
    onlyIn: ask.onlyIn ?? null,
    compared: ask.compared,
    coverage: ask.relevant,
    perpetratorGroups: PERPETRATOR_GROUPS,
  });
  // The links that joined the page's incidents: the pairs among their records that joined one.
  const page = got.page.map((d) => ({ ...d, members: d.records.map((r) => r.id) }));
  const ids = page.flatMap((d) => d.members);
  const pairs = ids.length ? (await store.storedLinkage(runIds, { events: ids, clustered: true })).pairs : [];
  const joining = joiningLinks(pairs, page);
  const single = new Map(got.single.map((s) => [s.source, s]));
  return {
    records: scope.events,
    incidents: got.incidents,
    multiSource: got.multiSource,
    disagreeingTotal: got.disagreeingTotal,
    disagreeing: page.map((d) => {
      const links = joining.get(d.id) ?? [];
      return {
        id: d.id,
        records: d.records.map(incidentRecord),
        differ: d.differ,
        score: lowestScore(links),
        links,
        through: [...new Set(d.outside)].sort(),
      };
    }),
    single: ask.sources.map((source) => ({
      source,
      incidents: single.get(source)?.incidents ?? 0,
      where_others_cover: single.get(source)?.whereOthersCover ?? 0,
      linked_outside_filter: single.get(source)?.linkedOutside ?? 0,
    })),
    linkedOutside: {
      total: got.single.reduce((n, s) => n + s.linkedOutside, 0),
      first: got.linkedOutside.map((l) => `${l.id} with ${l.outside.join(', ')}`),
    },
    onlyIn: got.onlyIn && {
      total: got.onlyIn.total,
      records: got.onlyIn.records.map((r) => ({
        ...incidentRecord(r),
        not_in: ask.compared.filter((o) => r.notIn.includes(o)),
      })),
    },
    coverage: coverageRows(
      got.coverage.map((c) => [
        `${c.month}|${c.source}|${c.other}`,
        { records: c.records, covered: c.covered, also: c.also },
      ]),
    ),
    linkage: storedBasis(
      runs,
      await store.linkageRuns(),
      basisRecords(got.basis),
      ask.period,
      relinked !== null,
    ),
  };
}
