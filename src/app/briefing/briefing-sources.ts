/** A briefing's sources block (dataset versions and files), caveats, citation and reproducibility id. */
import { grouped } from '../../domain/format-number.ts';
import { dayNumber, isoDate } from '../../analytics/aggregate/dates.ts';
import type { EventFilter } from '../../domain/query.ts';
import type { BriefingDataset, BriefingPeriod, KeyFigure } from '../../report/briefing-data.ts';
import type { StoredEvent } from '../../domain/placed-event.ts';
import type { Coverage, Store } from '../../storage/store.ts';
import type { CoverageStatus } from '../answers.ts';
import { coverageStatus, coverageWarning } from '../analysis/meta.ts';
import type { LoadedClaims } from '../claims/check-claims.ts';
import { echoFilter } from '../filters.ts';
import { canonicalJson, reproducibilityId } from './reproducibility.ts';
import { agree, counted } from '../../domain/plural.ts';
import { gedReleaseArticle, sourceLicence } from '../data-credits.ts';

/** Version of the briefing's content and layout, hashed into the id so a new layout gets a new id. */
export const BRIEFING_FORMAT = 'faultline-briefing/2';

/** Days before the period's end the briefing reads (the surge signal's 1,095-day lookback plus its 30-day window). */
const SURGE_REACH_DAYS = 1095 + 30;

// Each dataset's name and the short citation its publisher asks for; its licence is the credits
// table's (data-credits.ts), never worded here (UCDP's "CC BY 4.0" and ACLED's terms were typed twice).
const DATASET_NAMES: Record<string, { name: string; cite: string | null }> = {
  // The release's own "Organized violence" article follows, by version (datasetName).
  'ucdp-ged': {
    name: 'UCDP Georeferenced Event Dataset (GED), Uppsala Conflict Data Program',
    cite: 'Sundberg & Melander 2013',
  },
  'ucdp-candidate': {
    name: 'UCDP Candidate Events Dataset (preliminary monthly releases), Uppsala Conflict Data Program',
    cite: 'Hegre et al. 2020',
  },
  acled: { name: 'Armed Conflict Location & Event Data (ACLED)', cite: null },
  statistics: {
    name: 'published statistics (PIPS, PICSS, CRSS, IOM) as compiled in data/published-statistics',
    cite: null,
  },
};

/**
 * A source's name, licence and citation as the briefing gives them; GED's names the article of each
 * release loaded (the 2022 one for 22.1: it named 2023's, GED 23.1's, whatever the release).
 */
function datasetName(source: string, versions: readonly string[]): string {
  const named = DATASET_NAMES[source] ?? { name: source, cite: null };
  const licence = sourceLicence(source, versions[0] ?? '').licence;
  const cites = named.cite ? [named.cite] : [];
  if (source === 'ucdp-ged')
    for (const v of versions) {
      const a = gedReleaseArticle(v);
      // The version follows the name anyway; only a list of several says which article is whose.
      const whose = versions.length > 1 ? ` for ${v}` : '';
      cites.push(a ? `${a}${whose}` : `the "Organized violence" article of ${v}`);
    }
  return `${named.name}${licence ? `, ${licence}` : ''}${cites.length ? ` (${cites.join('; ')})` : ''}`;
}

/** What the sources block needs. */
export interface SourcesInput {
  filter: EventFilter;
  period: BriefingPeriod;
  coverage: Coverage[];
  rows: StoredEvent[];
  total: number;
  keyFigures: KeyFigure[];
  claims: LoadedClaims | null;
  top: number;
  /** Events of the period without a low or a high death estimate (null when the period is not covered). */
  rangeUnknown?: { low: number; high: number } | null;
}

/** Datasets behind the briefing (ledger files of the relevant source versions), caveats, citation and id. */
export async function briefingSources(store: Store, a: SourcesInput) {
  const ledger = await store.listImports();
  // Versions whose dates overlap what the briefing reads: the surge lookback (three years and a
  // window before the period ends) reaches furthest back.
  const first = isoDate(dayNumber(a.period.to)! - SURGE_REACH_DAYS);
  // A period no source covers has no figure and no surge signal: only the versions of the periods its
  // figures are compared with (if they are covered) are behind it, never one that merely reaches its lookback.
  const covered = a.coverage.length ? coverageStatus(a.coverage, a.period.from, a.period.to) : 'not_covered';
  const spans =
    covered === 'not_covered'
      ? a.keyFigures[0]
        ? [a.keyFigures[0].previous.period, a.keyFigures[0].year_earlier.period]
        : []
      : [{ from: first, to: a.period.to }];
  const used = new Set(
    a.coverage
      .filter((c) => spans.some((p) => c.lastDate >= p.from && c.firstDate <= p.to))
      .map((c) => `${c.source}\u0000${c.version}`),
  );
  const datasets: BriefingDataset[] = ledger
    .filter((l) => used.has(`${l.source}\u0000${l.version}`) || (a.claims && l.source === 'statistics'))
    .map((l) => {
      const c = a.coverage.find((x) => x.source === l.source && x.version === l.version);
      return {
        source: l.source,
        version: l.version,
        file: l.fileName,
        sha256: l.sha256,
        first_date: c?.firstDate ?? null,
        last_date: c?.lastDate ?? null,
        events: c?.events ?? null,
        // As the credits part of GET /sources gives them for this version: the one table, never retyped.
        ...sourceLicence(l.source, l.version),
      };
    })
    .sort((x, y) => (x.source + x.version + x.file < y.source + y.version + y.file ? -1 : 1));
  const inputs = canonicalJson({
    format: BRIEFING_FORMAT,
    period: a.period.key,
    // Under the API's parameter names, as the briefing shows it (format 2; format 1 hashed the store's names).
    filter: echoFilter(a.filter),
    top: a.top,
    datasets: datasets.map((d) => ({ source: d.source, version: d.version, sha256: d.sha256 })),
    claims: a.claims ? a.claims.sha256 : null,
  });
  const id = reproducibilityId(JSON.parse(inputs));
  const names = [...new Set(datasets.map((d) => d.source))].map((s) => {
    const versions = datasets.filter((d) => d.source === s).map((d) => d.version);
    return `${datasetName(s, versions)} (${versions.join(', ')})`;
  });
  const built =
    covered === 'not_covered'
      ? `no loaded source covers ${a.period.from} to ${a.period.to}${names.length ? `; earlier periods compared from ${names.join('; ')}` : ''}`
      : `built from ${names.join('; ') || 'no loaded data'}`;
  const citation = `faultline briefing, ${a.period.key}, ${a.filter.country?.join(', ') ?? 'all loaded countries'}; ${built}; reproducibility id ${id}.`;
  return { datasets, citation, reproducibility_id: id, inputs, caveats: caveats(a, covered) };
}

function caveats(a: SourcesInput, covered: CoverageStatus): string[] {
  const out: string[] = [];
  const own = a.coverage.length ? coverageWarning(a.coverage, a.period.from, a.period.to) : null;
  if (own) out.push(`Period ${a.period.key}: ${own}.`);
  for (const k of a.keyFigures.slice(0, 1)) {
    if (k.previous.warning) out.push(`Previous period ${k.previous.period.key}: ${k.previous.warning}.`);
    if (k.year_earlier.warning && k.year_earlier.period.key !== k.previous.period.key)
      out.push(`Year-earlier period ${k.year_earlier.period.key}: ${k.year_earlier.warning}.`);
  }
  const sources = [...new Set(a.rows.map((e) => e.source))];
  if (!a.coverage.length)
    out.push(
      'No loaded source version matches the filters: every figure shows no reporting, not no violence.',
    );
  // An uncovered period is unobserved, not empty: the coverage line above says so.
  else if (a.rows.length === 0 && covered !== 'not_covered')
    out.push(
      'No events match the filters in the period; check the coverage table before reading this as calm.',
    );
  if (sources.length > 1)
    out.push(
      `The figures add events from ${sources.join(' and ')}, which may record the same incident twice; filter by --source to avoid double counting.`,
    );
  if (sources.some((s) => s.startsWith('ucdp')))
    out.push(
      'UCDP records organised violence with at least one death: non-fatal attacks are not events, and deaths include all parties (state forces, militants and civilians).',
    );
  if (sources.includes('ucdp-candidate'))
    out.push(
      'UCDP Candidate events are preliminary: monthly releases are revised and some events are dropped before the annual GED.',
    );
  const unknown = a.keyFigures.find((k) => k.metric === 'fatalities_best')?.unknown ?? 0;
  if (unknown)
    out.push(
      `${counted(unknown, 'event')} ${agree(unknown, 'has', 'have')} no death estimate; ${agree(unknown, 'it is counted as an event', 'they are counted as events')} but ${agree(unknown, 'adds', 'add')} nothing to deaths.`,
    );
  const range = a.rangeUnknown;
  if (range && (range.low || range.high)) {
    const give = (n: number) => `${counted(n, 'event')} ${agree(n, 'gives', 'give')}`;
    const which =
      range.low === range.high
        ? `${give(range.low)} no low or high death estimate`
        : !range.low
          ? `${give(range.high)} no high death estimate`
          : !range.high
            ? `${give(range.low)} no low death estimate`
            : `${give(range.low)} no low and ${range.high} no high death estimate`;
    out.push(
      `The deaths range (low, high) leaves out what it does not know: ${which}; their deaths count in the best estimate only.`,
    );
  }
  if (a.total > a.rows.length)
    out.push(
      `The province table, map and lists use the ${grouped(a.rows.length)} deadliest of ${grouped(a.total)} events; the key figures use all of them.`,
    );
  out.push(
    'Rate ratios assume Poisson counts; deaths cluster (one attack can kill dozens), so only event counts get an interval (docs/methods.md).',
  );
  return out;
}
