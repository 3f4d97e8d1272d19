/**
 * The files published figures come from as one line of text, for the places that carry meta beside
 * rows: the X-Faultline-Sources header of GET /statistics's CSV and NDJSON, and the `sources:` line
 * of `faultline indicators`. Figures are not events: a file is named with how many figures it gave.
 */
import { counted } from '../domain/plural.ts';
import { listedName } from '../domain/quote.ts';

/** A file of published figures as meta.sources names it (answers.ts FigureSource). */
export interface FigureFile {
  source: string;
  version: string | null;
  file: string | null;
  figures: number;
}

/** Text of a figure file whose version is unknown (stored before its file was kept). */
export const UNKNOWN_VERSION = '(version unknown)';

/**
 * One file: `statistics sha256:db8d18a3935a (afghan_returns_published.csv, 98 figures)`; a name
 * holding a comma or a parenthesis quoted (listedName), as `("reports, 2024.csv", 35 figures)`,
 * since bare it read as two items of the list (or ended early).
 */
export function figureSourceText(x: FigureFile): string {
  return `${x.source} ${x.version ?? UNKNOWN_VERSION} (${x.file === null ? 'file unknown' : listedName(x.file)}, ${counted(x.figures, 'figure')})`;
}

/** Whether a meta source counts figures (a file of published figures) rather than events. */
export function isFigureFile(x: object): x is FigureFile {
  return 'figures' in x && typeof x.figures === 'number';
}
