/**
 * Memoised label lookups for the placer: sources repeat a few dozen labels across millions of
 * events, and normalising each one every time would cost more than the point-in-polygon test.
 */
import { type Admin1Resolution, isPreMergerFataLabel, resolveAdmin1Label } from './admin-labels.ts';
import { FATA_MERGER_DATE } from './units.ts';

// Bounds memory when a file has free-text labels; past this, lookups run uncached.
const LIMIT = 10_000;

interface FataLabel {
  /** Pre-merger whatever the date (FATA, "… agency", a Frontier Region). */
  always: boolean;
  /** Pre-merger when dated before the merger (a bare agency name). */
  beforeMerger: boolean;
}

/** Cached `resolveAdmin1Label` and `isPreMergerFataLabel`. */
export class LabelCache {
  private readonly admin1 = new Map<string, Map<string, Admin1Resolution | null>>();
  private size = 0;
  private readonly fata = new Map<string, FataLabel>();

  /** `resolveAdmin1Label(country, label)`, remembered. */
  resolve(country: string, label: string | null): Admin1Resolution | null {
    if (label === null) return null;
    let byLabel = this.admin1.get(country);
    if (byLabel === undefined) this.admin1.set(country, (byLabel = new Map()));
    let found = byLabel.get(label);
    if (found === undefined) {
      found = resolveAdmin1Label(country, label);
      if (this.size++ < LIMIT) byLabel.set(label, found);
    }
    return found;
  }

  /** `isPreMergerFataLabel(label, date)`, remembered per label. */
  isPreMerger(label: string | null, date: string | undefined): boolean {
    if (label === null) return false;
    let kind = this.fata.get(label);
    if (kind === undefined) {
      kind = { always: isPreMergerFataLabel(label), beforeMerger: isPreMergerFataLabel(label, '0000-01-01') };
      if (this.fata.size < LIMIT) this.fata.set(label, kind);
    }
    return kind.always || (kind.beforeMerger && date !== undefined && date < FATA_MERGER_DATE);
  }
}
