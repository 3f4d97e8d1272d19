/** How the records of one incident were joined, as `disagreements` lists them (CLI and dashboard alike). */

/** A scored pair of an incident's records whose link joined them. */
export interface IncidentLink {
  a: string;
  b: string;
  score: number;
  /** In words: days and km apart, and the type, actor groups and toll they share or not. */
  reasons: string[];
}

/**
 * The link by which the k-th of an incident's records (by id) joined the others: its best link to a
 * record listed above it, else to any listed record (`links` come best first); null when it has
 * none (it was joined through records the filter leaves out).
 */
export function joiningLink(
  ids: readonly string[],
  links: readonly IncidentLink[],
  k: number,
): { link: IncidentLink; other: string } | null {
  const id = ids[k];
  const other = (l: IncidentLink) => (l.a === id ? l.b : l.b === id ? l.a : null);
  const above = new Set(ids.slice(0, k));
  const link = links.find((l) => above.has(other(l) ?? '')) ?? links.find((l) => other(l) !== null);
  return link ? { link, other: other(link)! } : null;
}
