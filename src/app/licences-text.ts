/**
 * The licences of an answer's sources as one line of text, for the places that carry meta beside rows
 * (the X-Faultline-Licences header, the CLI's `licences:` line). Its own module, importing nothing:
 * the CLI loads it without the renderer (node:crypto) on every command's path.
 */
/** The licence fields of a meta source (answers.ts SourceLicence). */
export interface LicenceOfSource {
  licence: string | null;
  licence_id: string | null;
  licence_url: string | null;
}

/**
 * The licence of each source an answer counts from, versions of one source under one licence
 * together: `ucdp-ged 22.1: CC-BY-4.0 <https://creativecommons.org/licenses/by/4.0/>`, joined by
 * " | " (a licence's name may hold commas). The SPDX id when there is one, else the licence's name.
 */
export function licencesText(
  sources: readonly ({ source: string; version: string } & Partial<LicenceOfSource>)[],
): string {
  const groups = new Map<string, { source: string; versions: string[]; terms: string }>();
  for (const s of sources) {
    const name = s.licence_id ?? s.licence ?? 'terms unknown to faultline';
    const terms = s.licence_url ? `${name} <${s.licence_url}>` : name;
    const key = `${s.source}\u0000${terms}`;
    const g = groups.get(key) ?? { source: s.source, versions: [], terms };
    g.versions.push(s.version);
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => `${g.source} ${g.versions.join(', ')}: ${g.terms}`).join(' | ');
}
