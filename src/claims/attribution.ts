/**
 * Claims attributed to an organisation ("IOM said 501,242 Afghans returned", `attributed_to: IOM`):
 * that organisation's loaded figures are checked first, and every published figure says whose it
 * is. When none of the named organisation's figures can answer, the others still do, and the
 * explanation says the verdict rests on other publishers' figures. docs/claims.md, "Claims
 * attributed to an organisation".
 */
import type { Evidence } from './evidence.ts';

const ANSWERS = new Set(['holds', 'fails', 'inconclusive']);

/** The words of a name, upper-cased, outside its brackets: "IOM (DTM Pakistan)" is [IOM]; "UNHCR-IOM (reported by ANI/Dawn)" [UNHCR, IOM]. */
function words(name: string): string[] {
  return name
    .replace(/\([^()]*\)/g, ' ')
    .toUpperCase()
    .split(/[^A-Z0-9]+/)
    .filter(Boolean);
}

/**
 * The publisher a loaded organisation names, outside its brackets: "UNHCR" for "UNHCR" and "UNHCR
 * (reported by Dawn)" (UNHCR's figure read through a news outlet), "IOM" for "IOM (DTM Pakistan)";
 * "UNHCR IOM" for the joint "UNHCR-IOM", which is neither alone.
 */
export function publisherOf(name: string): string {
  return words(name).join(' ');
}

/**
 * True when a source (a publisher as loaded, or an event dataset) is the organisation named: its
 * name outside brackets holds the named words in a row. "IOM" is "IOM (DTM Pakistan)", "IOM
 * (reported by KabulNow)" and the joint "UNHCR-IOM", not "Border Consortium (IOM-led)" nor "UN
 * agencies (UNHCR, IOM)", whose own words do not name it.
 */
export function isOrganisation(source: string, named: string): boolean {
  const have = words(source);
  const want = words(named);
  if (!want.length) return false;
  return have.some((_, i) => want.every((w, j) => have[i + j] === w));
}

/**
 * The evidence with each published figure's organisation noted against the one the claim names,
 * and every other source's figures set to context when one of the named organisation's can answer
 * (`decided`: the explanation's context line then says so); else the sentence the explanation ends
 * with, saying the verdict rests on other publishers' figures.
 */
export function attribute(
  items: Evidence[],
  named: string | undefined,
): { items: Evidence[]; decided: boolean; sentence: string | null } {
  if (!named) return { items, decided: false, sentence: null };
  const figures = items.filter((e) => e.kind === 'statistic' && e.report !== null);
  const own = figures.filter((e) => isOrganisation(e.source, named));
  const noted = items.map((e) =>
    e.kind === 'statistic' && e.report !== null
      ? {
          ...e,
          notes: [
            ...e.notes,
            isOrganisation(e.source, named)
              ? `a figure of ${e.source}: the organisation the claim names (${named})`
              : `a figure of ${e.source}, not of ${named}, the organisation the claim names`,
          ],
        }
      : e,
  );
  if (own.some((e) => ANSWERS.has(e.outcome)))
    return {
      items: noted.map((e) => (isOrganisation(e.source, named) ? e : { ...e, role: 'context' as const })),
      decided: true,
      sentence: null,
    };
  const others = [...new Set(figures.filter((e) => ANSWERS.has(e.outcome)).map((e) => e.source))];
  const why = own.length
    ? `none of the ${own.length} loaded figure${own.length > 1 ? 's' : ''} of ${named} near the claim can answer it`
    : `no loaded figure of ${named} is for the claim's place and period`;
  return {
    items: noted,
    decided: false,
    sentence: others.length
      ? `The claim names ${named}, but ${why}: the verdict rests on other publishers' figures (${others.join('; ')}), which may count otherwise.`
      : `The claim names ${named}, but ${why}.`,
  };
}
