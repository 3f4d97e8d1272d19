/**
 * The provenance checker behind test/fixtures-provenance.test.ts: every committed data file and
 * fixture must be named, with its source and licence, by a listing file (README, PROVENANCE or
 * ATTRIBUTION) in its own folder or a folder above it, and a file such a listing calls synthetic in
 * a heading must say so in its name (STYLE.md habit 11).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';

/** Files that list others: a folder's README, a dataset's PROVENANCE, data/ATTRIBUTION.md. */
const LISTING = /^(README|PROVENANCE|ATTRIBUTION)[^/]*\.md$/i;

/** Whether a file is a listing file (README*.md, PROVENANCE*.md, ATTRIBUTION*.md). */
export function isListing(path: string): boolean {
  return LISTING.test(basename(path));
}

/** Every file under a folder, as paths relative to it with `/` separators, in name order. */
export function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  walk(dir);
  return out;
}

/**
 * The file names a listing names: each span in backticks and each Markdown link target, cut to
 * its last path segment (`data/ucdp-ged/conflict_data_pak.csv` names `conflict_data_pak.csv`).
 * A name in running prose does not count: `LICENSE` in a sentence is a word, `` `LICENSE` `` a file.
 */
export function namesIn(text: string): Set<string> {
  const spans = [...text.matchAll(/`([^`\n]+)`/g), ...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]!);
  return new Set(spans.map((s) => s.trim().replace(/\/+$/, '').split('/').at(-1)!).filter(Boolean));
}

/**
 * The names a listing calls synthetic in a heading: a heading that says "synthetic" and names files
 * in backticks calls those synthetic; one that names none (`# ACLED fixtures (SYNTHETIC)`) calls
 * every file the listing names.
 */
export function syntheticIn(text: string): Set<string> {
  const out = new Set<string>();
  const headings = text.split('\n').filter((l) => /^#+\s/.test(l) && /synthetic/i.test(l));
  for (const h of headings) {
    const named = namesIn(h);
    for (const n of named.size ? named : namesIn(text)) out.add(n);
  }
  return out;
}

/**
 * Offences under `root` (a data/ or fixtures/ folder), one line each naming the file: a file no
 * listing in its folder or above (up to `root`) names, and a file a listing calls synthetic whose
 * name does not say so. Listing files are the lists, and need no entry of their own.
 */
export function provenanceOffences(root: string, label: string): string[] {
  const files = filesUnder(root);
  const listings = files.filter(isListing);
  const text = new Map(listings.map((l) => [l, readFileSync(join(root, l), 'utf8')]));
  const offences: string[] = [];
  for (const f of files) {
    if (isListing(f)) continue;
    const name = basename(f);
    const folder = dirname(f);
    // Listings in the file's folder and every folder above it, up to root.
    const above = listings.filter((l) => {
      const d = dirname(l);
      return d === '.' || folder === d || folder.startsWith(d + '/');
    });
    const naming = above.filter((l) => namesIn(text.get(l)!).has(name));
    if (!naming.length)
      offences.push(
        `${label}/${f}: named by no README, PROVENANCE or ATTRIBUTION file with its source and licence`,
      );
    else if (naming.some((l) => syntheticIn(text.get(l)!).has(name)) && !/synthetic/i.test(name))
      offences.push(`${label}/${f}: listed as synthetic, but its name does not say so`);
  }
  return offences;
}
