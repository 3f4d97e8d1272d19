/**
 * One event's incident across sources (issue 17): the records of other sources that the stored
 * linkage holds to be the same incident, the run that says so, and what was compared. A record
 * linked to none is "reported by this source alone" only where another source covers its day and
 * country; elsewhere nothing could be compared, and the answer says so with `records: null`, never
 * an empty list (docs/linkage.md, "One event's incident").
 */
import { dayNumber, isoDate } from '../analytics/aggregate/dates.ts';
import { LINKAGE_DEFAULTS } from '../analytics/linkage/linkage.ts';
import { counted } from '../domain/plural.ts';
import type { StoredEvent } from '../domain/placed-event.ts';
import type { Coverage, Store } from '../storage/store.ts';
import type { StoredPair } from '../storage/stored-linkage.ts';
import { loadCoverage } from './analysis/coverage.ts';
import type { EventAnswer, SameIncident, SameIncidentRecord } from './answers.ts';
import { eventDetail } from './event-view.ts';
import { storedBasis } from './linkage-basis.ts';
import { ensureCurrent } from './linkage-runs.ts';
import { originalRecord } from './original-record.ts';

const shift = (iso: string, days: number) => isoDate(dayNumber(iso)! + days);
const day = (iso: string) => String(iso).slice(0, 10);
const and = (xs: readonly string[]) =>
  xs.length < 2 ? (xs[0] ?? '') : `${xs.slice(0, -1).join(', ')} and ${xs.at(-1)}`;

// The widest window of days a link may span: a twin may start this many days before or after.
const WINDOW_DAYS = Math.max(
  LINKAGE_DEFAULTS.window.days,
  ...Object.values(LINKAGE_DEFAULTS.pairWindows ?? {}).map((w) => w.days),
);

/** Whether a loaded source version covers this day in this country (desk events cover nothing). */
function covers(c: Coverage, date: string, country: string | null): boolean {
  return c.firstDate <= date && date <= c.lastDate && (country === null || c.countries.includes(country));
}

/** The linked record as the detail lists it, with how it was joined to the event. */
function linkedRecord(r: StoredEvent, pair: StoredPair | undefined): SameIncidentRecord {
  return {
    id: r.id,
    source: r.source,
    source_version: r.sourceVersion,
    date_start: r.dateStart,
    date_end: r.dateEnd,
    admin1_code: r.admin1Code,
    admin2_name: r.admin2Name ?? r.admin2Label,
    fatalities_best: r.fatalitiesBest,
    joined: pair?.clustered ? 'direct' : 'through_incident',
    score: pair?.score ?? null,
    reasons: pair?.reasons ?? [],
  };
}

/** Why a scored pair did not join its records: a refusal of clustering, the threshold, or a contradiction. */
function whyApart(p: StoredPair): string {
  if (p.linked) return p.reasons.find((r) => r.startsWith('not clustered')) ?? 'not clustered';
  if (p.score < LINKAGE_DEFAULTS.threshold) return `below the threshold ${LINKAGE_DEFAULTS.threshold}`;
  return p.reasons.find((r) => /^different (actors|countries)/.test(r)) ?? 'not linked';
}

/**
 * The records of other sources linked to an event in the stored runs of its days, linking them
 * again first when they are stale or missing (as `disagreements` does, app/linkage-runs.ts).
 */
export async function sameIncident(store: Store, e: StoredEvent): Promise<SameIncident> {
  // Stored runs hold current records only: a Candidate record a final release supersedes was never
  // compared. UCDP carries its ids into the final release, which holds the incident's current record.
  if (e.supersededBy) {
    const final = `ucdp-ged:${e.sourceId}`;
    const twin = (await store.getEvent(final)) ? final : null;
    return {
      status: 'not_checked',
      records: null,
      compared: [],
      run: null,
      relinked: false,
      note: `not checked: the final release ${e.supersededBy} supersedes this record, and linkage compares current records only; ${twin ? `the final release's record with the same UCDP id, ${twin}, is linked in its place` : 'the final release holds no record with the same UCDP id'}`,
    };
  }
  const date = day(e.dateStart);
  // Every record that may be linked to it starts within the window of its days.
  const got = await ensureCurrent(
    store,
    shift(date, -WINDOW_DAYS),
    shift(day(e.dateEnd ?? e.dateStart), WINDOW_DAYS),
  );
  const run = got.runs.find((r) => r.from <= date && date <= r.to);
  const relinked = got.relinked !== null;
  if (!run)
    return {
      status: 'not_checked',
      records: null,
      compared: [],
      run: null,
      relinked,
      note: `not checked: no stored linkage run holds ${date}`,
    };
  const links = await store.eventLinkage([run.id], e.id);
  const members = (links.clusters[0]?.members ?? []).filter((m) => m !== e.id);
  const pairOf = (id: string) => links.pairs.find((p) => p.a === id || p.b === id);
  const records: SameIncidentRecord[] = [];
  for (const m of members) {
    const r = await store.getEvent(m);
    if (r) records.push(linkedRecord(r, pairOf(m)));
  }
  records.sort((a, b) =>
    a.date_start < b.date_start ? -1 : a.date_start > b.date_start ? 1 : a.id < b.id ? -1 : 1,
  );

  // What was compared: the other sources' versions with current records in the run (its stamp). A
  // version that covers the day without any there (its records superseded by a final release) was
  // not compared, and is named apart.
  const coverage = await loadCoverage(store);
  const country = e.country ?? null;
  const coversDate = (source: string, version: string) =>
    coverage.some((c) => c.source === source && c.version === version && covers(c, date, country));
  const compared = run.stamp
    .filter((s) => s.source !== e.source)
    .map((s) => ({ source: s.source, version: s.version, covers_date: coversDate(s.source, s.version) }));
  const absent = coverage.filter(
    (c) =>
      c.source !== e.source &&
      covers(c, date, country) &&
      !compared.some((v) => v.source === c.source && v.version === c.version),
  );

  const where = `${date}${country ? ` in ${country}` : ''}`;
  const name = (v: { source: string; version: string }) => `${v.source} ${v.version}`;
  const span = (v: { source: string; version: string }) => {
    const c = coverage.find((x) => x.source === v.source && x.version === v.version);
    return c ? `${name(v)} (covers ${c.firstDate} to ${c.lastDate})` : `${name(v)} (covers no period)`;
  };
  const linkedSources = new Set(records.map((r) => r.source));
  const covering = compared.filter((v) => v.covers_date);
  const silent = covering.filter((v) => !linkedSources.has(v.source));
  const elsewhere = compared.filter((v) => !v.covers_date && !linkedSources.has(v.source));
  const basis = `the stored linkage run of ${run.from} to ${run.to} (run ${run.id}, computed ${run.computedAt})${relinked ? ', computed again for this answer because the stored links of these days were stale or missing' : ''}`;
  const parts: string[] = [];
  if (records.length)
    parts.push(
      `${counted(records.length, 'record')} of another source linked to this event by ${basis}: ${and(records.map((r) => `${r.id} (${r.source} ${r.source_version})`))}`,
    );
  else if (covering.length)
    parts.push(
      `no record of another source is linked to this event by ${basis}, though ${and(covering.map(span))} ${covering.length > 1 ? 'cover' : 'covers'} ${where}`,
    );
  else if (compared.length)
    parts.push(
      `nothing to compare: of the other sources ${basis} compared, none covers ${where} (${and(compared.map(span))}), so none could have reported this event; that is no evidence that others missed it`,
    );
  else
    parts.push(
      `nothing to compare: ${basis} holds no current record of another source, so no other source could have reported this event; that is no evidence that others missed it`,
    );
  if (records.length && silent.length)
    parts.push(
      `${and(silent.map(name))} ${silent.length > 1 ? 'cover' : 'covers'} ${where} and no record of ${silent.length > 1 ? 'theirs' : 'its'} is linked`,
    );
  if ((records.length || covering.length) && elsewhere.length)
    parts.push(
      `${and(elsewhere.map(span))} ${elsewhere.length > 1 ? 'do' : 'does'} not cover ${where}, so could not have reported it`,
    );
  if (absent.length)
    parts.push(
      `${and(absent.map(name))} ${absent.length > 1 ? 'cover' : 'covers'} ${where} but ${absent.length > 1 ? 'hold' : 'holds'} no current record in this run's period (superseded by a final release, or none at all), so ${absent.length > 1 ? 'they were' : 'it was'} not compared`,
    );
  // Candidates scored and left apart (below the threshold, a contradiction, the guard or ambiguity).
  const apart = links.pairs.filter((p) => !members.includes(p.a === e.id ? p.b : p.a));
  if (apart.length)
    parts.push(
      `${counted(apart.length, 'other candidate record')} scored and not joined: ${apart
        .slice(0, 3)
        .map((p) => `${p.a === e.id ? p.b : p.a} (score ${p.score.toFixed(2)}: ${whyApart(p)})`)
        .join(', ')}${apart.length > 3 ? ', ...' : ''}`,
    );
  // The part of the run this answer rests on: the event's day and its linked records (as an answer
  // over a period names the part of it each run supplied, app/linkage-basis.ts).
  const own = [
    { date, source: e.source, version: e.sourceVersion },
    ...records.map((r) => ({ date: day(r.date_start), source: r.source, version: r.source_version })),
  ];
  const used = storedBasis([run], [run], own, { from: date, to: date }, relinked).runs[0]!.used;
  return {
    status: records.length ? 'linked' : covering.length ? 'none_linked' : 'no_other_source',
    records: records.length || covering.length ? records : null,
    compared,
    run: {
      id: run.id,
      from: run.from,
      to: run.to,
      computed_at: run.computedAt,
      source_versions: run.stamp.map((s) => ({ source: s.source, version: s.version, events: s.events })),
      used,
    },
    relinked,
    note: parts.join('; '),
  };
}

/** One event in full with its original record and its incident across sources: GET /events/{id} and `faultline event`. */
export async function eventAnswer(store: Store, e: StoredEvent): Promise<EventAnswer> {
  const original = (await originalRecord(store, e))?.fields ?? null;
  return { event: eventDetail(e, original), same_incident: await sameIncident(store, e) };
}
