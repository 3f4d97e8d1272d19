/**
 * A claim's `preferred_sources`: the figures of those sources decide the verdict when one of them can
 * answer, the others are context. A source is preferred when its name is the one given, in any case,
 * or when it is the organisation given, by the rule `attributed_to` follows (attribution.ts): `IOM`
 * is "IOM (DTM Pakistan)" and "IOM DTM", `ucdp` is ucdp-ged and ucdp-candidate, `IOM` is not "IOMX".
 * A name given with brackets ("IOM (DTM Pakistan)") is that source alone. docs/claims.md,
 * "Preferred sources".
 */
import { isOrganisation } from './attribution.ts';
import type { Evidence } from './evidence.ts';

const ANSWERS = new Set(['holds', 'fails', 'inconclusive']);

/** How a source matches a preferred source as given: by its whole name, as the organisation the name holds, or not. */
export function preferredMatch(source: string, given: string): 'name' | 'organisation' | null {
  if (source.toLowerCase() === given.toLowerCase()) return 'name';
  // Brackets name one publication of an organisation: "IOM (DTM Pakistan)" is not every IOM figure.
  if (!/[()]/.test(given) && isOrganisation(source, given)) return 'organisation';
  return null;
}

/**
 * The evidence with each figure of a preferred source noted (which entry it matched, and how), and
 * the other sources' figures set to context when a preferred one can answer; and the sentence the
 * explanation ends with when an entry matches no source of the claim's figures (it was ignored
 * without a word).
 */
export function preferSources(
  items: Evidence[],
  preferred: readonly string[] | undefined,
): { items: Evidence[]; sentence: string | null } {
  if (!preferred?.length) return { items, sentence: null };
  const matchOf = (source: string) => {
    for (const given of preferred) {
      const how = preferredMatch(source, given);
      if (how) return { given, how };
    }
    return null;
  };
  const noted = items.map((e) => {
    const m = matchOf(e.source);
    if (!m) return { e, preferred: false };
    const how = m.how === 'name' ? 'the whole name' : 'the organisation in its name';
    return { e: { ...e, notes: [...e.notes, `a preferred source (${m.given}: ${how})`] }, preferred: true };
  });
  const answers = noted.some((n) => n.preferred && ANSWERS.has(n.e.outcome));
  const out = noted.map((n) => (answers && !n.preferred ? { ...n.e, role: 'context' as const } : n.e));
  // The sources that give figures: not the row saying event datasets cannot answer (source "events").
  const sources = [
    ...new Set(items.filter((e) => !(e.kind === 'events' && e.source === 'events')).map((e) => e.source)),
  ];
  const unmatched = preferred.filter((given) => !sources.some((s) => preferredMatch(s, given)));
  if (!unmatched.length) return { items: out, sentence: null };
  const matched = preferred.filter((given) => !unmatched.includes(given));
  const one = unmatched.length === 1;
  const rest = !matched.length
    ? 'every source counts'
    : matched.length === 1
      ? `${matched[0]} decides when it can answer`
      : `${matched.join(', ')} decide when one can answer`;
  return {
    items: out,
    sentence: `Preferred source${one ? '' : 's'} ${unmatched.join(', ')} match${one ? 'es' : ''} none of the sources of this claim's figures (${sources.join('; ')}): ${rest}.`,
  };
}
