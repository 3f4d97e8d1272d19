/**
 * The claim checker: evaluates a claim against every loaded source that can answer it, the
 * published statistics (each report version on its own) and each event dataset, and decides a
 * verdict with the evidence behind it. See docs/claims.md.
 */
import { attribute } from './attribution.ts';
import { PUBLISHED_ONLY_METRICS, type ClaimSpec } from './claim-spec.ts';
import type { ClaimSources } from './claim-sources.ts';
import { dedupedSource, dedupedSources, withLinkage } from './deduped-events.ts';
import { eventEvidence, eventSources } from './event-figures.ts';
import { evidence, type ClaimResult, type Evidence } from './evidence.ts';
import { relationsEvidence } from './relations-evidence.ts';
import { resolveClaim } from './resolved-claim.ts';
import { statisticEvidence } from './statistic-evidence.ts';
import { acceptedRange, describeRange, formatNumber } from './tolerances.ts';
import { decide, settleBounds } from './verdict.ts';
import { preferSources } from './preferred-sources.ts';

/** Why drafts are not checked. */
export const DRAFT_REASON =
  'this claim is a draft (status: draft): confirm its fields against the text, set status: confirmed, then check it';

/** Checks one claim; drafts get not_checkable with DRAFT_REASON. Throws on unknown actors or admin-1 names. */
export async function checkClaim(spec: ClaimSpec, sources: ClaimSources): Promise<ClaimResult> {
  const r = resolveClaim(spec);
  const accepts = acceptsText(spec, r.tolerance);
  if (spec.status === 'draft')
    return {
      id: spec.id,
      text: spec.text,
      verdict: 'not_checkable',
      explanation: `Not checked: ${DRAFT_REASON}.`,
      accepts,
      evidence: [],
    };
  if (spec.metric === 'relations_index') {
    const preferred = preferSources(await relationsEvidence(r, sources), spec.preferred_sources);
    const { verdict, explanation } = decide(preferred.items);
    const said = preferred.sentence ? `${explanation} ${preferred.sentence}` : explanation;
    return { id: spec.id, text: spec.text, verdict, explanation: said, accepts, evidence: preferred.items };
  }
  const items: Evidence[] = [...statisticEvidence(r, sources.statistics)];
  const datasets = eventSources(sources.coverage);
  // Why the event datasets cannot speak to this claim, if they cannot.
  const noEvents = PUBLISHED_ONLY_METRICS.includes(spec.metric)
    ? `event datasets count violence, not ${spec.metric}: only published figures can check this claim`
    : !sources.events || !datasets.length
      ? 'no event data are loaded (import UCDP GED, UCDP Candidate or ACLED files)'
      : null;
  if (noEvents)
    items.push(
      evidence({
        source: 'events',
        kind: 'events',
        version: '—',
        measure: spec.metric,
        outcome: 'unavailable',
        reason: noEvents,
      }),
    );
  else if (spec.dedupe) {
    // One count per incident across every dataset: they answer together, as one source. The claim
    // counts through an oracle of its own, so its basis says whether its own counts linked again.
    const events = sources.events?.forClaim?.() ?? sources.events;
    const deduped = { ...dedupedSources(sources, datasets), events };
    items.push(await withLinkage(await eventEvidence(r, dedupedSource(datasets), deduped), events));
  } else for (const d of datasets) items.push(await eventEvidence(r, d, sources));
  // A claim naming its organisation is checked against that organisation's figures first; the
  // preferred sources decide only when none of them can answer.
  const attributed = attribute(items, spec.attributed_to);
  const preferred = attributed.decided
    ? { items: attributed.items, sentence: null }
    : preferSources(attributed.items, spec.preferred_sources);
  const withRoles = settleBounds(preferred.items);
  const decided = decide(
    withRoles,
    attributed.decided ? `the claim names ${spec.attributed_to}: its figures decide` : undefined,
  );
  const explanation = [decided.explanation, attributed.sentence, preferred.sentence]
    .filter(Boolean)
    .join(' ');
  return {
    id: spec.id,
    text: spec.text,
    verdict: decided.verdict,
    explanation,
    accepts,
    evidence: withRoles,
  };
}

/** Checks claims one after another (they share the store's connection). */
export async function checkClaimList(
  specs: readonly ClaimSpec[],
  sources: ClaimSources,
): Promise<ClaimResult[]> {
  const out: ClaimResult[] = [];
  for (const s of specs) out.push(await checkClaim(s, sources));
  return out;
}

function acceptsText(spec: ClaimSpec, t: ReturnType<typeof resolveClaim>['tolerance']): string {
  const k = spec.comparator.kind;
  const v = spec.comparator.value;
  const sig = t.requireSignificance && (spec.metric === 'events' || spec.metric === 'attacks');
  if (spec.metric === 'relations_index' && (k === 'increase' || k === 'decrease'))
    return `a difference of the index (period minus baseline) ${k === 'increase' ? 'above 0 (relations improved)' : 'below 0 (relations worsened)'}, with its 95% bootstrap interval excluding 0`;
  if (k === 'share') return `a share within ${t.points} percentage points of ${v}%`;
  if (k === 'majority') return 'a share of more than 50% of the whole';
  if (k === 'rank') return `the ${spec.comparator.order} figure of the set (among)`;
  if (k === 'rate_ratio') return `a rate ratio ${describeRange(acceptedRange('about', v!, t), 2)}`;
  if (k === 'decrease' || k === 'sharp_decrease' || k === 'plunge')
    return `a rate ratio ${t.maxRatio >= 1 ? 'below 1' : `at most ${formatNumber(t.maxRatio, 2)}`}${sig ? `, with its ${Math.round(t.confidence * 100)}% interval below 1` : ''}`;
  if (k === 'increase' || k === 'surge' || k === 'alarming_increase')
    return `a rate ratio ${t.minRatio <= 1 ? 'above 1' : `of at least ${formatNumber(t.minRatio, 2)}`}${sig ? `, with its ${Math.round(t.confidence * 100)}% interval above 1` : ''}`;
  return describeRange(acceptedRange(k, v ?? 0, t, spec.comparator.max));
}
