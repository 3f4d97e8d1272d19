/**
 * The two parts of the sources answer (GET /sources, `faultline sources`): JSON and the table give
 * both; csv and ndjson, which hold one kind of row, give the part named (`part`, `--part`). Apart
 * from sources-view.ts so that the command's options load no store code.
 */
export const SOURCES_PARTS = ['imports', 'coverage'] as const;

/** A part of the sources answer. */
export type SourcesPart = (typeof SOURCES_PARTS)[number];

/** The part csv and ndjson give when none is named: the ledger, which `faultline sources` is named for. */
export const DEFAULT_SOURCES_PART: SourcesPart = 'imports';
