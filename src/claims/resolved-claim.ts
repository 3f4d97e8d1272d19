/** A claim spec with its names resolved: actors to registry ids, tolerance decided, definition defaults filled in. */
import { expandActorFilter, expandDyad } from '../domain/actors.ts';
import type { DyadFilter } from '../domain/query.ts';
import { InvalidInputError } from '../domain/errors.ts';
import { asList, definitionOf, type ClaimSpec, type DefinitionConstraint } from './claim-spec.ts';
import { toleranceFor, type Tolerance } from './tolerances.ts';

/** Who and where: the part of a claim a count is filtered by. */
export interface Scope {
  country: string;
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
}

/** A spec ready to check. */
export interface ResolvedClaim {
  spec: ClaimSpec;
  scope: Scope;
  /** The whole a share is measured against. */
  whole: Scope | null;
  definition: DefinitionConstraint;
  tolerance: Tolerance;
}

const CODE = /^[A-Z]{2}-[A-Z0-9]{2,3}$/;

/** Resolves actors and checks admin-1 codes; throws `claim <id>: unknown actor: <name> ...`. */
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
          `claim ${spec.id}: admin1 ${a} is not a code such as PK-KP (resolve names before checking)`,
        );
    const a = actors(spec.id, actor);
    const c = actors(spec.id, counterpart);
    return {
      country: geo.country,
      to: geo.to ?? null,
      admin1,
      actorIds: a?.ids ?? null,
      actorLabel: a?.label ?? null,
      counterpartIds: c?.ids ?? null,
      counterpartLabel: c?.label ?? null,
      dyad: null,
    };
  };
  const own = { ...scope(spec.geography, spec.actor, spec.counterpart), dyad: dyadOf(spec) };
  const whole =
    spec.comparator.kind === 'share'
      ? scope(
          spec.share_of?.geography ?? { country: spec.geography.country },
          spec.share_of?.actor,
          spec.share_of?.counterpart,
        )
      : null;
  return {
    spec,
    scope: own,
    whole,
    definition: definitionOf(spec),
    tolerance: toleranceFor(spec.comparator.kind, spec.tolerance),
  };
}

function dyadOf(spec: ClaimSpec): DyadFilter | null {
  if (spec.dyad === undefined) return null;
  const d = expandDyad(spec.dyad);
  if (d === null || 'unknown' in d)
    throw new InvalidInputError(
      d === null
        ? `claim ${spec.id}: invalid dyad: ${spec.dyad} (use A:B, such as pakistan:afghanistan)`
        : `claim ${spec.id}: unknown actor in dyad ${spec.dyad}: ${d.unknown} (see docs/actors.md for names and groups)`,
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
        `claim ${id}: unknown actor: ${n} (see docs/actors.md for names and groups)`,
      );
    hit.ids.forEach((i) => ids.add(i));
    labels.push(hit.label);
  }
  return { ids: [...ids].sort(), label: labels.join(' or ') };
}

/** A scope in words: "PAK (PK-KP, PK-BA), TTP and factions against Pakistani state forces". */
export function describeScope(s: Scope): string {
  const where = `${s.admin1.length ? `${s.country} (${s.admin1.join(' + ')})` : s.country}${s.to ? ` to ${s.to}` : ''}`;
  const who = s.actorLabel ? `, ${s.actorLabel}` : '';
  const against = s.counterpartLabel ? ` with ${s.counterpartLabel}` : '';
  const dyad = s.dyad ? `, ${s.dyad.label}` : '';
  return `${where}${who}${against}${dyad}`;
}
