/**
 * Stored cross-source linkage (issue 17): after each import the affected period is linked again
 * (every source) and the run stored with the source versions it was computed from. A run joins
 * every stored run its period overlaps or touches within the window, so that an incident whose
 * records straddle two imports' periods is always linked in one run. A stored run whose stamp
 * (events per source version, latest import) no longer matches the events is stale: readers link
 * that period again before using it, and never serve it as current.
 */
import { createHash } from 'node:crypto';
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import { clusterColumns } from '../analytics/linkage/cluster-columns.ts';
import { LINKAGE_DEFAULTS, WEIGHTS, type LinkageParams } from '../analytics/linkage/linkage.ts';
import type { LedgerEntry, Store } from '../storage/store.ts';
import { invalidateMemo } from './analysis/memo.ts';
import type { LinkageRun, LinkageStamp, LinkageWithin, StoredLinkage } from '../storage/stored-linkage.ts';
import { ACTOR_GROUPS, PLACE_RADII } from './link-record.ts';

/** What one linkage run did: its period, pairs scored, links, and incidents of two or more records. */
export interface LinkSummary {
  from: string;
  to: string;
  records: number;
  pairs: number;
  links: number;
  incidents: number;
  /**
   * The records whose pairs were scored again: all of them when the period was linked whole; when
   * a stored run was extended (`extended`), those within reach of the days whose records changed.
   */
  scored: number;
  extended: boolean;
}

/** Whether stored runs cover a period and are current. */
export interface LinkageState {
  /** `current`: every event of the period lies in a current run; `stale`: a run's versions changed; `missing`: events lie outside every run. */
  status: 'current' | 'stale' | 'missing';
  runs: LinkageRun[];
}

const shift = (iso: string, days: number) => isoDate(dayNumber(iso)! + days);
const sameStamp = (a: readonly LinkageStamp[], b: readonly LinkageStamp[]) =>
  JSON.stringify(a) === JSON.stringify(b);

/**
 * Which events a run takes as candidates, recorded with its parameters: runs stored before published
 * desk events were candidates (2026-12-05) hold no desk link, so their key differs and they are
 * linked again at the next read.
 */
const CANDIDATES = 'sources and published desk events';
/**
 * How an unidentified actor counts, recorded likewise: runs stored while UCDP's XXX770 was a group
 * of its own (and so contradicted every named actor; before 2026-12-05) are linked again.
 */
const UNIDENTIFIED = 'names no group';
/**
 * How a run's period is drawn, recorded likewise: runs stored before a run reached the far day of
 * the records spanning its edges (2026-12-06) may have left a link between two runs, and are linked again.
 */
const PERIOD = 'records spanning its edges whole';

/**
 * The scoring rules a run was computed by, as one key stored with it: a stored run is extended
 * (its changed days alone scored again) only by a run of the same rules and parameters. SCORING
 * names the engine's scoring: change it when the scores or reasons of a pair change.
 */
const SCORING = 'scored in the engine, reasons as of 2026-12-07';
export const RULES_KEY = createHash('sha256')
  .update(
    JSON.stringify({ radii: PLACE_RADII, weights: WEIGHTS, actorGroups: ACTOR_GROUPS, scoring: SCORING }),
  )
  .digest('hex')
  .slice(0, 16);

/** The parameters a stored run records, as JSON. */
export const paramsKey = (p: LinkageParams): string =>
  JSON.stringify({ ...p, candidates: CANDIDATES, unidentified_actor: UNIDENTIFIED, period: PERIOD });

// Runs whose period overlaps [from, to] widened by the window (an incident may straddle the edge).
function touching(runs: readonly LinkageRun[], from: string, to: string, days: number): LinkageRun[] {
  const [f, t] = [shift(from, -days), shift(to, days)];
  return runs.filter((r) => r.from <= t && r.to >= f);
}

/** The store's reads of stored runs and of the events' span and stamp, which a linking makes. */
type LinkageReads = Pick<Store, 'linkageRuns' | 'linkageSpan' | 'linkageStamp'>;

/**
 * The store's linkage reads, each made once per arguments: for a look at a period's state and the
 * linking of it right after, in turn (`oneAtATime`), which read the same runs, span and stamp again
 * (after an import, 9 reads became 3).
 */
function readsOnce(store: Store): LinkageReads {
  const made = new Map<string, Promise<unknown>>();
  const once = <T>(key: string, read: () => Promise<T>): Promise<T> => {
    if (!made.has(key)) made.set(key, read());
    return made.get(key) as Promise<T>;
  };
  return {
    linkageRuns: () => once('runs', () => store.linkageRuns()),
    linkageSpan: (from, to) => once(`span ${from} ${to}`, () => store.linkageSpan(from, to)),
    linkageStamp: (from, to) => once(`stamp ${from} ${to}`, () => store.linkageStamp(from, to)),
  };
}

/**
 * Links every source's events in the period (joined with the stored runs it touches) and stores the
 * run: stored runs of the same rules are extended (only the days whose records changed are scored
 * again), unless `extend` is false; `slice` (for tests) is the rows
 * (records or candidate pairs) one statement of the engine takes.
 */
export async function linkPeriod(
  store: Store,
  from: string,
  to: string,
  params: LinkageParams = LINKAGE_DEFAULTS,
  { reads = store, extend = true, slice }: { reads?: LinkageReads; extend?: boolean; slice?: number } = {},
): Promise<LinkSummary> {
  const runs = await reads.linkageRuns();
  const joined: LinkageRun[] = [];
  // Joining may touch further runs, and a record may span the edge: grow until nothing more joins.
  let [f, t] = [from, to];
  for (let grew = true; grew;) {
    grew = false;
    // The records that span an edge are taken whole, so the run reaches their far day: a record of
    // another source within the window of it (a log's record of 4 July 2026 and a Candidate record
    // of 21 June to 1 July, the Candidate file's months ending 30 June) falls in the same run.
    // Until 2026-12-06 each fell in a run of its own, and the two were never compared.
    const span = await reads.linkageSpan(f, t);
    if (span && (span.from < f || span.to > t))
      [f, t, grew] = [span.from < f ? span.from : f, span.to > t ? span.to : t, true];
    for (const r of touching(runs, f, t, params.window.days)) {
      if (!joined.includes(r)) joined.push(r);
      if (r.from < f || r.to > t) [f, t, grew] = [r.from < f ? r.from : f, r.to > t ? r.to : t, true];
    }
  }
  const stamp = await reads.linkageStamp(f, t);
  const run = {
    from: f,
    to: t,
    computedAt: new Date().toISOString(),
    params: paramsKey(params),
    stamp,
    replaces: joined.map((r) => r.id),
  };
  const records = stamp.reduce((a, s) => a + s.events, 0);
  // One source alone has nothing to link: the run is stored (current, empty) without reading events.
  if (new Set(stamp.map((s) => s.source)).size < 2) {
    await store.saveLinkageRun({ ...run, pairs: [], clusters: [], rules: RULES_KEY });
    return { from: f, to: t, records, pairs: 0, links: 0, incidents: 0, scored: 0, extended: false };
  }
  // Candidate pairs found and scored in the engine; clustered here over typed columns; stored by the engine.
  const r = await store.linkInEngine(
    {
      ...run,
      radii: PLACE_RADII,
      window: params.window,
      pairWindows: params.pairWindows ?? {},
      threshold: params.threshold,
      weights: WEIGHTS,
      actorGroups: ACTOR_GROUPS,
      rules: RULES_KEY,
      extend,
      ...(slice === undefined ? {} : { slice }),
    },
    (links) => clusterColumns(links, params),
  );
  const { pairs, links, incidents, scored, extended } = r;
  return { from: f, to: t, records, pairs, links, incidents, scored, extended };
}

/** Whether the stored runs cover a period (start dates, both included) with current results. */
export async function linkageState(
  store: LinkageReads,
  from: string,
  to: string,
  params: LinkageParams = LINKAGE_DEFAULTS,
): Promise<LinkageState> {
  // The runs of the records that span the period's edges too: one stored before the rule above, a
  // run that ends within such a record, is checked (and found stale) with the period's own.
  const span = await store.linkageSpan(from, to);
  const [f, t] = span ? [span.from < from ? span.from : from, span.to > to ? span.to : to] : [from, to];
  const runs = touching(await store.linkageRuns(), f, t, 0);
  for (const r of runs)
    if (r.params !== paramsKey(params) || !sameStamp(r.stamp, await store.linkageStamp(r.from, r.to)))
      return { status: 'stale', runs };
  // The parts of the period no run covers must hold no event.
  let cursor = from;
  for (const r of [...runs].sort((a, b) => (a.from < b.from ? -1 : 1))) {
    if (r.from > cursor && (await store.linkageStamp(cursor, shift(r.from, -1))).length)
      return { status: 'missing', runs };
    if (r.to >= cursor) cursor = shift(r.to, 1);
  }
  if (cursor <= to && (await store.linkageStamp(cursor, to)).length) return { status: 'missing', runs };
  return { status: 'current', runs };
}

/**
 * The current stored runs of a period, linking it again first when it is stale or missing; with what
 * was done. No link is read: a reader that needs only the runs (an event's detail, `--dedupe`) read
 * every pair of them until 2026-12-06 (1.8 s of CPU and 435 MB for one event of a run of 160k pairs).
 */
export async function ensureCurrent(
  store: Store,
  from: string,
  to: string,
): Promise<{ runs: LinkageRun[]; relinked: LinkSummary | null }> {
  let state = await linkageState(store, from, to);
  let relinked: LinkSummary | null = null;
  if (state.status !== 'current')
    await oneAtATime(store, async () => {
      // Looked at again in turn: an answer linking the period at the same time has made it current.
      state = await linkageState(store, from, to);
      if (state.status === 'current') return;
      relinked = await linkPeriod(store, from, to);
      // Relinking wrote the store, so kept answers are cleared, as after an import. That also keeps
      // the answer being computed now (event detail, disagreements, --dedupe), which says it linked
      // again, from being served to later readers, for whom nothing is linked again.
      invalidateMemo(store);
      state = await linkageState(store, from, to);
    });
  return { runs: state.runs, relinked };
}

/**
 * The current stored linkage of a period, linking it again first when it is stale or missing; with
 * what was done; only the part of it `within` names is read (Store.storedLinkage).
 */
export async function ensureLinked(
  store: Store,
  from: string,
  to: string,
  within?: LinkageWithin,
): Promise<{ linkage: StoredLinkage; runs: LinkageRun[]; relinked: LinkSummary | null }> {
  const { runs, relinked } = await ensureCurrent(store, from, to);
  const linkage = await store.storedLinkage(
    runs.map((r) => r.id),
    within,
  );
  return { linkage, runs, relinked };
}

/** Each store's linking in progress (the last one queued), see `oneAtATime`. */
const linking = new WeakMap<Store, Promise<unknown>>();

/**
 * Runs `work` (a look at a period's stored runs and any linking of it) after every linking already
 * queued on `store` in this process: two answers at once over stale links (two requests to the
 * server, a claim's two periods) each linked them again and stored two runs of one period. The server
 * owns the store, so one process is all there is to order.
 */
function oneAtATime<T>(store: Store, work: () => Promise<T>): Promise<T> {
  const mine = (linking.get(store) ?? Promise.resolve()).then(work);
  linking.set(
    store,
    mine.catch(() => undefined),
  );
  return mine;
}

/**
 * After an import: links the period the import covers (its declared coverage, else its source
 * version's first to last event) again, unless the stored runs there are still current. Null when
 * the import holds no events (statistics, dyad indexes) or nothing needed linking.
 */
export async function relinkAfterImport(store: Store, ledger: LedgerEntry): Promise<LinkSummary | null> {
  let from = ledger.coverageFrom;
  let to = ledger.coverageTo;
  if (!from || !to) {
    const period = await store.versionPeriod(ledger.source, ledger.version);
    if (!period) return null;
    ({ from, to } = period);
  }
  // Looked at in turn only (unlike ensureCurrent's readers, an import may wait for a linking queued
  // before it), and with the linking that follows reading what the look read once.
  return oneAtATime(store, async () => {
    const reads = readsOnce(store);
    return (await linkageState(reads, from, to)).status === 'current'
      ? null
      : linkPeriod(store, from, to, LINKAGE_DEFAULTS, { reads });
  });
}
