/** A claim spec with its names resolved: actors to registry ids, tolerance decided, definition defaults filled in. */
import { expandActorFilter, expandDyad } from '../domain/actors.ts';
import type { DyadFilter } from '../domain/query.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { formatNumber } from '../domain/format-number.ts';
import { quoteValue } from '../domain/quote.ts';
import {
  asList,
  countriesOf,
  definitionOf,
  isKind,
  SHARE_KINDS,
  VAGUE_KINDS,
  VALUE_KINDS,
  type ClaimSpec,
  type ComparatorKind,
  type DefinitionConstraint,
} from './claim-spec.ts';
import { toleranceFor, VAGUE_RANGES, type Tolerance } from './tolerances.ts';

/** Who and where: the part of a claim a count is filtered by. */
export interface Scope {
  /** ISO3 codes; several are added together. */
  countries: string[];
  /** Destination of a pair metric (returns to AFG), or null. */
  to: string | null;
  /** Canonical admin-1 codes; empty for the whole country. */
  admin1: string[];
  actorIds: string[] | null;
  actorLabel: string | null;
  counterpartIds: string[] | null;
  counterpartLabel: string | null;
  /** This side against that side (the claim's `dyad`), or null. */
  dyad: DyadFilter | null;
  /** Events within the border zone, or within this many km of the border (null: anywhere). */
  borderZone: boolean;
  maxBorderKm: number | null;
}

/** The range a single-figure claim states: "nearly 3,000", "between 200 and 300", "several hundred". */
export interface StatedBound {
  kind: ComparatorKind;
  value: number;
  max?: number;
  /** The claim's words for the bound ("several hundred", "nearly 3,000"). */
  words: string;
}

/** A spec ready to check. */
export interface ResolvedClaim {
  spec: ClaimSpec;
  scope: Scope;
  /** The whole a share is measured against. */
  whole: Scope | null;
  definition: DefinitionConstraint;
  tolerance: Tolerance;
  /** The bound of a single-figure claim, or null for changes, shares and ranks. */
  bound: StatedBound | null;
}

const CODE = /^[A-Z]{2}-[A-Z0-9]{2,3}$/;

/** Resolves actors and checks admin-1 codes; throws `claim "<id>": unknown actor: "<name>" ...`. */
export function resolveClaim(spec: ClaimSpec): ResolvedClaim {
  const scope = (
    geo: ClaimSpec['geography'],
    actor: string | string[] | undefined,
    counterpart: string | string[] | undefined,
  ): Scope => {
    const admin1 = asList(geo.admin1);
    for (const a of admin1)
      if (!CODE.test(a))
        throw new InvalidInputError(
          `claim ${quoteValue(spec.id)}: admin1 ${quoteValue(a)} is not a code such as PK-KP (resolve names before checking)`,
        );
    const a = actors(spec.id, actor);
    const c = actors(spec.id, counterpart);
    return {
      countries: [...new Set(countriesOf(geo))].sort(),
      to: geo.to ?? null,
      admin1,
      actorIds: a?.ids ?? null,
      actorLabel: a?.label ?? null,
      counterpartIds: c?.ids ?? null,
      counterpartLabel: c?.label ?? null,
      dyad: null,
      borderZone: geo.border_zone === true,
      maxBorderKm: geo.max_border_km ?? null,
    };
  };
  const own = { ...scope(spec.geography, spec.actor, spec.counterpart), dyad: dyadOf(spec) };
  const whole = isKind(SHARE_KINDS, spec.comparator.kind)
    ? scope(
        spec.share_of?.geography ?? { country: spec.geography.country },
        spec.share_of?.actor,
        spec.share_of?.counterpart,
      )
    : null;
  if (whole) {
    const outside = notContained(own, whole);
    if (outside)
      throw new InvalidInputError(
        `claim ${quoteValue(spec.id)}: share_of does not contain the part: ${outside} (a share needs a whole that contains the part)`,
      );
  }
  return {
    spec,
    scope: own,
    whole,
    definition: definitionOf(spec),
    tolerance: toleranceFor(spec.comparator.kind, spec.tolerance),
    bound: boundOf(spec),
  };
}

function boundOf(spec: ClaimSpec): StatedBound | null {
  const { kind, value, max } = spec.comparator;
  if (isKind(VAGUE_KINDS, kind))
    return {
      kind,
      value: VAGUE_RANGES[kind].lo,
      max: VAGUE_RANGES[kind].hi,
      words: VAGUE_RANGES[kind].words[0]!,
    };
  if (!isKind(VALUE_KINDS, kind) || value === undefined) return null;
  const n = (x: number) => formatNumber(x, 2);
  return {
    kind,
    value,
    max,
    words:
      kind === 'between' ? `between ${n(value)} and ${n(max!)}` : `${kind.replace('_', ' ')} ${n(value)}`,
  };
}

/** Why `whole` does not contain `part` (naming the share_of field), or null when it does. */
function notContained(part: Scope, whole: Scope): string | null {
  const missing = (p: readonly string[], w: readonly string[]) => p.filter((x) => !w.includes(x));
  const lostCountries = missing(part.countries, whole.countries);
  if (lostCountries.length)
    return `share_of.geography.country (${whole.countries.join(', ')}) leaves out ${lostCountries.join(', ')}`;
  if (whole.admin1.length) {
    if (!part.admin1.length)
      return `share_of.geography.admin1 (${whole.admin1.join(', ')}) is part of the claim's country, not all of it`;
    const lost = missing(part.admin1, whole.admin1);
    if (lost.length)
      return `share_of.geography.admin1 (${whole.admin1.join(', ')}) leaves out ${lost.join(', ')}`;
  }
  if (whole.to !== null && whole.to !== part.to)
    return `share_of.geography.to (${whole.to}) is not the claim's destination (${part.to ?? 'any'})`;
  if (
    (whole.borderZone && !part.borderZone) ||
    (whole.maxBorderKm !== null && (part.maxBorderKm ?? Infinity) > whole.maxBorderKm)
  )
    return 'share_of.geography is limited to the border but the claim is not';
  for (const [field, p, w] of [
    ['actor', part.actorIds, whole.actorIds],
    ['counterpart', part.counterpartIds, whole.counterpartIds],
  ] as const) {
    if (w === null) continue;
    if (p === null)
      return `share_of.${field} (${w.join(', ')}) is narrower than the claim, which names no ${field}`;
    const lost = missing(p, w);
    if (lost.length) return `share_of.${field} (${w.join(', ')}) leaves out ${lost.join(', ')}`;
  }
  return null;
}

function dyadOf(spec: ClaimSpec): DyadFilter | null {
  if (spec.dyad === undefined) return null;
  const d = expandDyad(spec.dyad);
  if (d === null || 'unknown' in d)
    throw new InvalidInputError(
      d === null
        ? `claim ${quoteValue(spec.id)}: invalid dyad: ${quoteValue(spec.dyad)} (use A:B, such as pakistan:afghanistan)`
        : `claim ${quoteValue(spec.id)}: unknown actor in dyad ${quoteValue(spec.dyad)}: ${quoteValue(d.unknown)} (see docs/actors.md for names and groups)`,
    );
  return d;
}

function actors(id: string, names: string | string[] | undefined): { ids: string[]; label: string } | null {
  const list = asList(names);
  if (!list.length) return null;
  const ids = new Set<string>();
  const labels: string[] = [];
  for (const n of list) {
    const hit = expandActorFilter(n);
    if (!hit)
      throw new InvalidInputError(
        `claim ${quoteValue(id)}: unknown actor: ${quoteValue(n)} (see docs/actors.md for names and groups)`,
      );
    hit.ids.forEach((i) => ids.add(i));
    labels.push(hit.label);
  }
  return { ids: [...ids].sort(), label: labels.join(' or ') };
}

/** A scope in words: "PAK (PK-KP, PK-BA), TTP and factions against Pakistani state forces". */
export function describeScope(s: Scope): string {
  const country = s.countries.join(' + ');
  const border =
    s.maxBorderKm !== null
      ? ` within ${s.maxBorderKm} km of the border`
      : s.borderZone
        ? ' in the border zone'
        : '';
  const where = `${s.admin1.length ? `${country} (${s.admin1.join(' + ')})` : country}${s.to ? ` to ${s.to}` : ''}${border}`;
  const who = s.actorLabel ? `, ${s.actorLabel}` : '';
  const against = s.counterpartLabel ? ` with ${s.counterpartLabel}` : '';
  const dyad = s.dyad ? `, ${s.dyad.label}` : '';
  return `${where}${who}${against}${dyad}`;
}
