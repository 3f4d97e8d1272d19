/**
 * Why a 15-minute slice of a GDELT fetch has no usable export, as a closed vocabulary a script can
 * act on without reading the reason's English: `unlisted` and `missing-upstream` are slices GDELT
 * does not serve (nothing to do), `download` and `checksum` failed in transit (run again later),
 * `damaged` is a file GDELT serves damaged, and `import` failed on this machine (a downloaded or
 * temporary file or the store could not be written: ours to mend). docs/fetching.md ("GDELT gaps") says what each means and does.
 */

/** Every kind of GDELT gap, in the order a fetch meets them (list, server, transfer, file, store). */
export const GDELT_GAP_KINDS = [
  'unlisted',
  'missing-upstream',
  'download',
  'checksum',
  'damaged',
  'import',
] as const;

/** Why a slice has no usable export (see GDELT_GAP_MEANINGS). */
export type GdeltGapKind = (typeof GDELT_GAP_KINDS)[number];

/** What each kind means, in a line of `--help` each (docs/fetching.md says more). */
export const GDELT_GAP_MEANINGS: Readonly<Record<GdeltGapKind, string>> = {
  unlisted: "not in GDELT's lists, though later slices are: never published",
  'missing-upstream': 'listed, but the server answers 404: not there to download',
  download: 'the download failed after its retries (HTTP or network error, HTML page, cut file)',
  checksum: "the file's size or md5 is not the list's (deleted, fetched afresh next time)",
  damaged: "matches the list but cannot be read (a damaged zip, not GDELT's layout, not UTF-8)",
  import: 'failed on this machine: the download, a temporary file or the store could not be written',
};

/** Whether a gap of this kind is this machine's failure (a fetch that imported nothing exits 4 for it, not 5). */
export const onThisMachine = (kind: GdeltGapKind): boolean => kind === 'import';
