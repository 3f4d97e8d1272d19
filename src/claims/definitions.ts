/**
 * Definitions of what a figure counts, in three dimensions a claim can constrain: whether
 * security operations count (or attacks only), whether militants' deaths count, and whose deaths
 * count. Published statistics are classified from their publisher's own definition text; the
 * rules are listed in docs/claims.md ("How each source is matched").
 */
import type { ClaimMetric, DefinitionConstraint } from './claim-spec.ts';

/** Whether a figure includes something; `unknown` when its definition does not say. */
export type Inclusion = 'included' | 'excluded' | 'unknown';
/** Whose deaths or injuries a figure counts. */
export type VictimScope = 'all' | 'civilians' | 'security_forces' | 'militants';

/** What a figure counts, in the dimensions a claim can constrain. */
export interface DefinitionClass {
  operations: Inclusion;
  militants: Inclusion;
  victims: VictimScope;
}

/** Classifies a published statistic from its publisher's definition text. */
export function classifyStatistic(s: { definition: string; metric: string }): DefinitionClass {
  const d = s.definition.toLowerCase();
  let victims: VictimScope = 'all';
  if (/security forces? (personnel )?(killed|injured|deaths)|^security forces/.test(d))
    victims = 'security_forces';
  else if (/^civilians? (killed|injured|deaths)/.test(d)) victims = 'civilians';
  else if (/^militants? (killed|injured|deaths)/.test(d)) victims = 'militants';
  let operations: Inclusion = 'unknown';
  if (
    /operations excluded|security-force actions excluded|excluding (security |military )?operations/.test(d)
  )
    operations = 'excluded';
  else if (/operations|violence-linked/.test(d)) operations = 'included';
  else if (/terrorist attacks|militant attacks/.test(d)) operations = 'excluded';
  let militants: Inclusion = 'unknown';
  // CRSS's "outlaws" are militants killed in operations and attacks; PIPS 2023 lists militants killed in attacks.
  if (/outlaws|incl\.?[^()]*militants|including militants|militants killed/.test(d)) militants = 'included';
  else if (/excl\.?[^()]*militants|excluding militants/.test(d)) militants = 'excluded';
  else if (/violence-linked/.test(d)) militants = 'included';
  return { operations, militants, victims };
}

/**
 * UCDP GED and Candidate events: organised violence with at least one death, deaths of every party
 * (state forces, militants, civilians) in attacks, clashes and operations alike.
 */
export const UCDP_CLASS: DefinitionClass = { operations: 'included', militants: 'included', victims: 'all' };

/** ACLED events: all political violence and demonstrations; fatalities of every party. */
export const ACLED_CLASS: DefinitionClass = { operations: 'included', militants: 'included', victims: 'all' };

/** Why a figure's definition does not meet a claim's constraints, or null when it does. */
export function definitionMismatch(want: DefinitionConstraint, has: DefinitionClass): string | null {
  if (want.operations !== 'any' && has.operations !== 'unknown' && has.operations !== want.operations)
    return `the claim counts ${want.operations === 'excluded' ? 'attacks only' : 'operations too'}; this figure ${has.operations === 'included' ? 'includes' : 'excludes'} security operations`;
  if (want.militants !== 'any' && has.militants !== 'unknown' && has.militants !== want.militants)
    return `the claim ${want.militants === 'included' ? 'includes' : 'excludes'} militants; this figure ${has.militants === 'included' ? 'includes' : 'excludes'} them`;
  if (want.victims !== has.victims)
    return `the claim counts ${victimWords(want.victims)}; this figure counts ${victimWords(has.victims)}`;
  return null;
}

/** Notes on constraints a figure's definition does not speak to. */
export function definitionGaps(want: DefinitionConstraint, has: DefinitionClass): string[] {
  const gaps: string[] = [];
  if (want.operations !== 'any' && has.operations === 'unknown')
    gaps.push('the definition does not say whether security operations count');
  if (want.militants !== 'any' && has.militants === 'unknown')
    gaps.push('the definition does not say whether militants count');
  return gaps;
}

/** What counts of people moving count, in words; their own definitions say the rest (spontaneous, deported). */
const MOVEMENT_WORDS: Partial<Record<ClaimMetric, string>> = {
  returns: 'people who returned',
  deportations: 'people deported',
};

/**
 * The evidence note on what a published figure counts. A count of violence is described by its
 * class (operations, militants, victims: what a claim can constrain); returns and deportations, to
 * which those words mean nothing, by the publisher's own definition of each part, e.g. `definition:
 * people who returned, as published: "Afghan nationals ... spontaneously returning ...; forced
 * returns excluded from this count"`.
 */
export function definitionNote(
  metric: ClaimMetric,
  c: DefinitionClass,
  parts: readonly { definition: string }[],
): string {
  const movement = MOVEMENT_WORDS[metric];
  if (!movement) return `definition: ${describeClass(c)}`;
  const own = [...new Set(parts.map((p) => p.definition.trim()).filter(Boolean))];
  return `definition: ${movement}, ${own.length ? `as published: ${own.map((d) => `"${d}"`).join('; ')}` : 'the publisher gives no definition'}`;
}

/** A definition class in words: "attacks and operations, militants included, all victims". */
export function describeClass(c: DefinitionClass): string {
  const ops =
    c.operations === 'included'
      ? 'attacks and security operations'
      : c.operations === 'excluded'
        ? 'attacks only (operations excluded)'
        : 'operations not stated';
  const mil =
    c.militants === 'included'
      ? 'militants included'
      : c.militants === 'excluded'
        ? 'militants excluded'
        : 'militants not stated';
  return `${ops}, ${mil}, ${victimWords(c.victims)}`;
}

function victimWords(v: VictimScope): string {
  return {
    all: 'all victims',
    civilians: 'civilians only',
    security_forces: 'security forces only',
    militants: 'militants only',
  }[v];
}
