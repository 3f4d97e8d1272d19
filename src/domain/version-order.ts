/**
 * Orders dataset versions: numeric parts compare as numbers (`22.1` < `26.0.6` < `26.0.10`), dates
 * as dates, anything else as text. Returns <0, 0 or >0 like a sort comparator.
 */
export function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.\-_]/);
  const pb = b.split(/[.\-_]/);
  for (let i = 0; i < Math.max(pa.length, pb.length); i++) {
    const x = pa[i] ?? '';
    const y = pb[i] ?? '';
    if (x === y) continue;
    if (/^\d+$/.test(x) && /^\d+$/.test(y)) return Number(x) - Number(y);
    return x < y ? -1 : 1;
  }
  return 0;
}

/** Orders rows by source name, then by version as `compareVersions` orders them. */
export function bySourceVersion(
  a: { source: string; version: string },
  b: { source: string; version: string },
): number {
  return a.source < b.source ? -1 : a.source > b.source ? 1 : compareVersions(a.version, b.version);
}
