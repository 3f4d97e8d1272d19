/** The import ledger, coverage and credits as answers give them (GET /sources, `faultline sources --format json`). */
import type { LedgerEntry, Store } from '../storage/store.ts';
import type { LedgerRow, SourcesAnswer } from './answers.ts';
import { coverageEntry, loadCoverage } from './analysis/coverage.ts';
import { creditRows } from './data-credits.ts';

/** One ledger entry, snake_case. */
export function ledgerRow(l: LedgerEntry): LedgerRow {
  return {
    id: l.id,
    file: l.fileName,
    format: l.format,
    source: l.source,
    version: l.version,
    version_inferred: l.versionInferred,
    sha256: l.sha256,
    bytes: l.bytes,
    rows_read: l.rowsRead,
    accepted: l.accepted,
    rejected: l.rejected,
    metadata_rows: l.metadataRows,
    out_of_scope: l.outOfScope ?? null,
    warnings: l.warnings,
    added: l.added,
    changed: l.changed,
    removed: l.removed,
    unchanged: l.unchanged,
    stale: l.stale,
    started_at: l.startedAt,
    duration_ms: l.durationMs,
    coverage_from: l.coverageFrom,
    coverage_to: l.coverageTo,
    parsed_by: l.parsedBy ?? null,
    scope: l.scope ?? null,
    mapping_sha256: l.mappingSha256 ?? null,
  };
}

/**
 * Every import in the ledger (in import order), what each loaded source version covers, by source
 * and then by version as numbers order them (26.0.9 before 26.0.10; loadCoverage), and the licence
 * and credit of each loaded source and of the bundled reference data.
 */
export async function sourcesAnswer(store: Store): Promise<SourcesAnswer> {
  // Two reads at once: each on a read connection of its own.
  const [ledger, covered] = await Promise.all([store.listImports(), loadCoverage(store)]);
  const imports = ledger.map(ledgerRow);
  return { imports, coverage: covered.map(coverageEntry), credits: creditRows(imports) };
}
