import type { Statistic } from '../../domain/statistic.ts';
import { SUMMARY_EVENT_KEYS, type SummaryEvent } from '../../domain/placed-event.ts';
import { EVENT_COLUMNS, type StoredEvent } from '../event-columns.ts';
import type { LedgerEntry } from '../store.ts';

/** A ledger entry from an `imports` row. */
export function ledgerFromRow(r: Record<string, unknown>): LedgerEntry {
  return {
    id: Number(r.id),
    fileName: String(r.file_name),
    bytes: Number(r.bytes),
    sha256: String(r.sha256),
    format: String(r.format),
    source: String(r.source),
    version: String(r.version),
    versionInferred: Boolean(r.version_inferred),
    rowsRead: Number(r.rows_read),
    accepted: Number(r.accepted),
    rejected: Number(r.rejected),
    metadataRows: Number(r.metadata_rows),
    added: Number(r.added),
    changed: Number(r.changed),
    removed: Number(r.removed),
    unchanged: Number(r.unchanged),
    stale: Number(r.stale),
    warnings: Number(r.warnings),
    startedAt: String(r.started_at),
    durationMs: Number(r.duration_ms),
    coverageFrom: r.coverage_from == null ? null : String(r.coverage_from).slice(0, 10),
    coverageTo: r.coverage_to == null ? null : String(r.coverage_to).slice(0, 10),
    ...(r.out_of_scope == null ? {} : { outOfScope: Number(r.out_of_scope) }),
    ...(r.scope == null ? {} : { scope: String(r.scope) }),
    ...(r.parsed_by == null ? {} : { parsedBy: String(r.parsed_by) }),
    ...(r.mapping_sha256 == null ? {} : { mappingSha256: String(r.mapping_sha256) }),
  };
}

/** An event's fields from an `events` row read as JSON values: `columns` (null where absent). */
function fieldsFromRow(r: Record<string, unknown>, columns: typeof EVENT_COLUMNS): Record<string, unknown> {
  const e: Record<string, unknown> = {};
  for (const c of columns) {
    const v = r[c.name];
    e[c.key] = v === undefined ? null : v;
  }
  return e;
}

const supersededByOf = (r: Record<string, unknown>) => (r.superseded_by as string | undefined) ?? null;

/** A stored event from an `events` row read as JSON values. */
export function eventFromRow(r: Record<string, unknown>): StoredEvent {
  const e = fieldsFromRow(r, EVENT_COLUMNS);
  e.importId = Number(r.import_id);
  e.supersededBy = supersededByOf(r);
  return e as unknown as StoredEvent;
}

/** The event columns a summary reads (SUMMARY_EVENT_KEYS), by their SQL names. */
export const SUMMARY_EVENT_COLUMNS = EVENT_COLUMNS.filter((c) =>
  (SUMMARY_EVENT_KEYS as readonly string[]).includes(c.key),
);

/** A listing's event from a row holding SUMMARY_EVENT_COLUMNS and `superseded_by`. */
export function summaryEventFromRow(r: Record<string, unknown>): SummaryEvent {
  const e = fieldsFromRow(r, SUMMARY_EVENT_COLUMNS);
  e.supersededBy = supersededByOf(r);
  return e as unknown as SummaryEvent;
}

/** A published statistic from a `statistics` row. */
export function statisticFromRow(r: Record<string, unknown>): Statistic {
  return {
    id: String(r.id),
    organisation: String(r.organisation),
    report: String(r.report),
    reportVersion: String(r.report_version),
    published: String(r.published),
    metric: String(r.metric),
    definition: String(r.definition),
    country: (r.country as string | null) ?? null,
    admin1: (r.admin1 as string | null) ?? null,
    geography: (r.geography as string | null) ?? null,
    geographyTo: (r.geography_to as string | null) ?? null,
    countryTo: (r.country_to as string | null) ?? null,
    periodStart: r.period_start === null ? null : String(r.period_start),
    periodEnd: String(r.period_end),
    value: Number(r.value),
    qualifier: r.qualifier as Statistic['qualifier'],
    unit: String(r.unit),
    url: (r.url as string | null) ?? null,
    quote: (r.quote as string | null) ?? null,
  };
}
