/**
 * `faultline fetch gdelt --via bigquery`: one aggregate query on GDELT's BigQuery table, a dry run
 * first (bytes to be processed, and the caller's consent before spending), then the job's rows paged
 * and imported as aggregates with their provenance (query text, job id, bytes) in one transaction.
 */
import { createHash } from 'node:crypto';
import { InvalidInputError, periodReversed } from '../domain/errors.ts';
import { BigQueryClient, type BigQueryAuth } from '../ingest/gdelt-bigquery/bigquery-client.ts';
import { gdeltAggregateQuery, readAggregateRows } from '../ingest/gdelt-bigquery/bigquery-query.ts';
import type { LedgerEntry, Store } from '../storage/store.ts';

/** The ledger format of a BigQuery aggregate import. */
export const GDELT_BIGQUERY_FORMAT = 'gdelt-bigquery';

/** What a BigQuery fetch needs. */
export interface BigQueryFetchOptions {
  baseUrl: string;
  project: string;
  auth: BigQueryAuth;
  /** YYYY-MM-DD, both included (UTC DATEADDED days). */
  from: string;
  to: string;
  countries: readonly string[];
  /** Told the bytes the query would process; true runs it, false stops before any cost. */
  confirm: (bytes: number, query: string) => Promise<boolean>;
  pollMs?: number;
}

/** What a BigQuery fetch did. */
export interface BigQueryFetchReport {
  query: string;
  dry_run_bytes: number;
  ran: boolean;
  job_id: string | null;
  bytes_processed: number | null;
  bytes_billed: number | null;
  pair_rows: number;
  volume_days: number;
  ledger: LedgerEntry | null;
}

/** Runs the dry run, asks, runs the query and imports its aggregates. */
export async function fetchGdeltBigQuery(
  store: Store,
  o: BigQueryFetchOptions,
): Promise<BigQueryFetchReport> {
  if (o.from > o.to) throw periodReversed(o.from, o.to);
  const query = gdeltAggregateQuery(o.from, o.to, o.countries);
  const client = new BigQueryClient(o.baseUrl, o.project, o.auth, o.pollMs);
  const bytes = await client.dryRun(query);
  const report: BigQueryFetchReport = {
    query,
    dry_run_bytes: bytes,
    ran: false,
    job_id: null,
    bytes_processed: null,
    bytes_billed: null,
    pair_rows: 0,
    volume_days: 0,
    ledger: null,
  };
  if (!(await o.confirm(bytes, query))) return report;
  const startedAt = new Date().toISOString();
  const r = await client.query(query);
  const { pairs, volume } = readAggregateRows(r.rows);
  Object.assign(report, {
    ran: true,
    job_id: r.jobId,
    bytes_processed: r.bytesProcessed,
    bytes_billed: r.bytesBilled,
    pair_rows: pairs.length,
    volume_days: volume.length,
  });
  const sha256 = createHash('sha256').update(`${o.project}\n${r.jobId}\n${query}`).digest('hex');
  const session = await store.beginImport({
    fileName: `bigquery:${o.project}:${r.jobId}`,
    bytes: r.bytesProcessed ?? 0,
    sha256,
    format: GDELT_BIGQUERY_FORMAT,
    source: 'gdelt',
    startedAt,
    supersedeScope: false,
  });
  try {
    if (!session.importGdeltAggregates)
      throw new InvalidInputError(`this store (${store.engine}) cannot hold GDELT aggregates`);
    await session.importGdeltAggregates({
      project: o.project,
      jobId: r.jobId,
      location: r.location,
      query,
      bytesProcessed: r.bytesProcessed,
      bytesBilled: r.bytesBilled,
      from: o.from,
      to: o.to,
      rows: pairs,
      volume,
      ranAt: startedAt,
    });
    report.ledger = await session.commit({
      version: r.jobId.slice(0, 32).replace(/[^\w.+-]/g, '_'),
      versionInferred: false,
      rowsRead: r.rows.length,
      metadataRows: volume.length,
      warnings: 0,
      scope: [...o.countries].sort().join(','),
      coverage: { from: o.from, to: o.to },
    });
  } catch (e) {
    await session.rollback();
    throw e;
  }
  return report;
}
