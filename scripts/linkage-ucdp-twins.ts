/**
 * Precision and recall of cross-source linkage against UCDP's own ids (docs/linkage.md,
 * "Evaluation"): UCDP carries an event's id from its Candidate release into the final GED release,
 * so a Candidate event and the GED event with the same id are one incident. This links the GED and
 * Candidate events of the days both loaded sources cover, as `faultline disagreements
 * --include-superseded` does (a final release supersedes the Candidate events of its days, and stored
 * runs hold current events only), and scores the links against those twins.
 *
 * `FAULTLINE_HOME=... npm run --silent eval:ucdp-twins` prints the report as JSON. With the bundled
 * data there is nothing to measure, and the report says why: GED 22.1 (Pakistan) ends on 2021-12-31
 * and the Candidate files (Pakistan and Afghanistan) begin on 2026-01-01.
 */
import { fileURLToPath } from 'node:url';
import { LINKAGE_DEFAULTS, linkRecords, type ScoredPair } from '../src/analytics/linkage/linkage.ts';
import { linkRecordOf } from '../src/app/link-record.ts';
import { loadSettings } from '../src/config/settings.ts';
import type { EventSummary } from '../src/domain/event-summary.ts';
import { createStore, type Store } from '../src/storage/index.ts';

const GED = 'ucdp-ged';
const CANDIDATE = 'ucdp-candidate';
const ucdpId = (id: string) => id.slice(id.indexOf(':') + 1);

/** A true pair the links missed or a predicted pair that is not true, with the pair's score and reasons when it was scored. */
export interface TwinMiss {
  candidate: string;
  ged: string;
  score: number | null;
  reasons: string[];
}

/** What the measurement found. */
export interface TwinReport {
  /** The days both sources cover (the overlap of their loaded versions), or null when none. */
  period: { from: string; to: string } | null;
  /** What each source's loaded versions cover, as `faultline sources` says. */
  coverage: { source: string; version: string; from: string; to: string; countries: string[] }[];
  /** Candidate events of the period with a GED event of the same id (the truth). */
  truth: number;
  /** Candidate-GED pairs the links put in one incident. */
  predicted: number;
  correct: number;
  /** correct / predicted, and correct / truth: null when there is nothing to divide. */
  precision: number | null;
  recall: number | null;
  /** Up to ten of each, by Candidate id. */
  wrong: TwinMiss[];
  missed: TwinMiss[];
  note: string;
}

/** Links the GED and Candidate events of the days both cover and scores the links against UCDP's ids. */
export async function ucdpTwins(store: Store): Promise<TwinReport> {
  const coverage = (await store.coverage())
    .filter((c) => c.source === GED || c.source === CANDIDATE)
    .map((c) => ({
      source: c.source,
      version: c.version,
      from: c.firstDate,
      to: c.lastDate,
      countries: c.countries,
    }));
  const span = (source: string) => {
    const cs = coverage.filter((c) => c.source === source);
    return cs.length
      ? {
          from: cs.map((c) => c.from).sort()[0]!,
          to: cs
            .map((c) => c.to)
            .sort()
            .at(-1)!,
        }
      : null;
  };
  const [g, c] = [span(GED), span(CANDIDATE)];
  const period =
    g && c && g.from <= c.to && c.from <= g.to
      ? { from: g.from > c.from ? g.from : c.from, to: g.to < c.to ? g.to : c.to }
      : null;
  const empty = { truth: 0, predicted: 0, correct: 0, precision: null, recall: null, wrong: [], missed: [] };
  if (!period) {
    const said = coverage.map(
      (v) => `${v.source} ${v.version} covers ${v.from} to ${v.to} (${v.countries.join(', ')})`,
    );
    return {
      period,
      coverage,
      ...empty,
      note: `nothing to measure: no day is covered by both ${GED} and ${CANDIDATE}${said.length ? ` (${said.join('; ')})` : ''}`,
    };
  }
  const events: EventSummary[] = [];
  for await (const batch of store.streamEventSummaries({
    ...period,
    source: [GED, CANDIDATE],
    sort: 'date',
    includeSuperseded: true,
  }))
    events.push(...batch);
  const ged = new Set(events.filter((e) => e.source === GED).map((e) => ucdpId(String(e.id))));
  const truth = events
    .filter((e) => e.source === CANDIDATE && ged.has(ucdpId(String(e.id))))
    .map((e) => String(e.id));
  const { pairs, clusters } = linkRecords(events.map(linkRecordOf), LINKAGE_DEFAULTS);
  const pairOf = new Map<string, ScoredPair>(pairs.map((p) => [`${p.a} ${p.b}`, p]));
  const miss = (candidate: string, gedId: string): TwinMiss => {
    const p = pairOf.get(candidate < gedId ? `${candidate} ${gedId}` : `${gedId} ${candidate}`);
    return { candidate, ged: gedId, score: p?.score ?? null, reasons: p?.reasons ?? [] };
  };
  const predicted: [string, string][] = [];
  for (const cl of clusters) {
    const cand = cl.members.find((m) => m.startsWith(`${CANDIDATE}:`));
    const twin = cl.members.find((m) => m.startsWith(`${GED}:`));
    if (cand && twin) predicted.push([cand, twin]);
  }
  const right = predicted.filter(([a, b]) => ucdpId(a) === ucdpId(b));
  const found = new Set(right.map(([a]) => a));
  const wrong = predicted.filter(([a, b]) => ucdpId(a) !== ucdpId(b)).map(([a, b]) => miss(a, b));
  const missed = truth.filter((t) => !found.has(t)).map((t) => miss(t, `${GED}:${ucdpId(t)}`));
  const rate = (n: number, d: number) => (d ? Math.round((n / d) * 1000) / 1000 : null);
  return {
    period,
    coverage,
    truth: truth.length,
    predicted: predicted.length,
    correct: right.length,
    precision: rate(right.length, predicted.length),
    recall: rate(right.length, truth.length),
    wrong: wrong.slice(0, 10),
    missed: missed.slice(0, 10),
    note: `${right.length} of ${predicted.length} linked Candidate-GED pairs share their UCDP id; ${right.length} of ${truth.length} Candidate events with a GED event of the same id are linked to it (${period.from} to ${period.to}, every event of both, superseded ones included; up to ten wrong and missed pairs listed)`,
  };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const store = await createStore({ path: loadSettings().db });
  try {
    console.log(JSON.stringify(await ucdpTwins(store), null, 2));
  } finally {
    await store.close();
  }
}
