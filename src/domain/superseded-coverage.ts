/**
 * Candidate yields to final in coverage as in every count. A UCDP Candidate event whose country and
 * start a final GED release covers is superseded: kept, never counted (storage/duckdb/duckdb-supersede.ts).
 * So a Candidate version covers only the days no final release covers in a country: over the others
 * its count is 0 whatever happened, and GED's figure is the answer (claims, and answers asked of
 * Candidate alone).
 */

/** What a loaded source version covers: its days and countries. */
export interface CoveredSpan {
  source: string;
  version: string;
  firstDate: string;
  lastDate: string;
  countries: string[];
}

// The day after an ISO date (UTC).
const dayAfter = (d: string) =>
  new Date(Date.parse(`${d}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);

// Release NN.1 is final and covers 1989 to the end of 20(NN-1), as storage reads it.
const FINAL = /^(\d{2})\.1$/;

/** Per country, the newest final GED release holding it and the last day final releases cover there. */
export function finalCover(coverage: readonly CoveredSpan[]): Map<string, { version: string; to: string }> {
  const out = new Map<string, { version: string; to: string }>();
  for (const s of coverage) {
    const m = s.source === 'ucdp-ged' ? FINAL.exec(s.version) : null;
    if (!m) continue;
    const to = `${1999 + Number(m[1])}-12-31`;
    for (const c of s.countries) {
      const held = out.get(c);
      if (!held || to > held.to) out.set(c, { version: s.version, to });
    }
  }
  return out;
}

/**
 * The coverage with each Candidate span cut, per country, to the days after the final releases'
 * cover: a span wholly covered is left out for that country, one covered in part starts the day after.
 */
export function withoutSuperseded<T extends CoveredSpan>(coverage: readonly T[]): T[] {
  const final = finalCover(coverage);
  return coverage.flatMap((s) => {
    if (s.source !== 'ucdp-candidate') return [s];
    const cut = s.countries.map((c) => [c, final.get(c)?.to ?? null] as const);
    if (cut.every(([, to]) => to === null || to < s.firstDate)) return [s];
    return cut.flatMap(([c, to]) => {
      if (to === null || to < s.firstDate) return [{ ...s, countries: [c] }];
      if (to >= s.lastDate) return [];
      return [{ ...s, firstDate: dayAfter(to), countries: [c] }];
    });
  });
}

/**
 * Why a Candidate figure is missing where a final release replaced it, or null: "ucdp-candidate's
 * events of PAK up to 2026-12-31 are superseded by the final release ucdp-ged 27.1, which covers
 * them (ask for it: source ucdp-ged)". One wording for claims, the coverage warnings of answers asked
 * of Candidate alone, and listings; null too where no loaded Candidate version held any of the days
 * the final releases cover in the span (`held`: the Candidate spans as loaded, where `coverage` has them
 * cut already). `whole` is true when the final releases cover every day from
 * `from` to `to` in every country.
 */
export function supersededReason(
  coverage: readonly CoveredSpan[],
  countries: readonly string[],
  from: string,
  to: string,
  held: readonly CoveredSpan[] = coverage,
): { reason: string; whole: boolean } | null {
  const final = finalCover(coverage);
  // A country counts only where a loaded Candidate version held days the final releases took over
  // within the asked span: where Candidate never held the days (2014 with Candidate of 2026 alone),
  // nothing was superseded, and the plain "not covered" says what is true.
  const heldIn = (c: string, to: string) =>
    held.some(
      (s) =>
        s.source === 'ucdp-candidate' && s.countries.includes(c) && s.firstDate <= to && s.lastDate >= from,
    );
  const hit = countries.flatMap((c) => {
    const f = final.get(c);
    return f && f.to >= from && heldIn(c, f.to < to ? f.to : to) ? [{ c, ...f }] : [];
  });
  if (!hit.length) return null;
  const parts = hit.map(
    (h) => `${h.c} up to ${h.to} are superseded by the final release ucdp-ged ${h.version}`,
  );
  // The parameter is named as neither surface spells it (`--source`, `source=`): one line serves both.
  return {
    reason: `ucdp-candidate's events of ${parts.join(', and of ')}, which covers them (ask for it: source ucdp-ged): Candidate events yield to GED, and are never counted where it covers them`,
    whole: hit.length === countries.length && hit.every((h) => h.to >= to),
  };
}
