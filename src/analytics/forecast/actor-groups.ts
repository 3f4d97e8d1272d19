/**
 * Actor-group covariates of the forecast panels: the deaths per unit-month in events of the TTP,
 * Baloch insurgents, IS, and interstate (government against government) dyads, read from the
 * source's side names through the actor registry (src/domain/actors.ts).
 */
import { ACTORS, resolveActor, type Actor } from '../../domain/actors.ts';
import { InvalidInputError } from '../../domain/errors.ts';

/** Covariate names, in the order NBAR's columns use them. */
export const ACTOR_GROUP_COVARIATES = [
  'group_ttp',
  'group_baloch_insurgents',
  'group_islamic_state',
  'group_interstate',
] as const;

/** One actor-group covariate name. */
export type ActorGroupCovariate = (typeof ACTOR_GROUP_COVARIATES)[number];

const BY_REGISTRY_GROUP: Readonly<Record<string, ActorGroupCovariate>> = {
  ttp: 'group_ttp',
  'baloch-insurgents': 'group_baloch_insurgents',
  'islamic-state': 'group_islamic_state',
};

/**
 * The covariates an event counts towards, from its two sides (UCDP side_a, side_b) on its date:
 * each side's registry groups, and `group_interstate` when both sides are states. Unknown names
 * count towards nothing.
 */
export function eventActorGroups(
  sideA: string | null,
  sideB: string | null,
  date: string,
): ActorGroupCovariate[] {
  return sidesActorGroups([resolveActor(sideA, date), resolveActor(sideB, date)]);
}

const byId = new Map<string, Actor>(ACTORS.map((a) => [a.id, a]));

/**
 * The covariates of an event whose sides the store has already resolved to registry ids
 * (Store.panelCells with `bySides`); the same rule as eventActorGroups. Throws on an id the registry
 * does not know (a store written with another registry).
 */
export function sideIdsActorGroups(sides: readonly [string | null, string | null]): ActorGroupCovariate[] {
  return sidesActorGroups(
    sides.map((id) => {
      if (id === null) return null;
      const actor = byId.get(id);
      if (!actor)
        throw new InvalidInputError(`unknown actor id in the store: ${id} (not in the actor registry)`);
      return actor;
    }),
  );
}

// Each side's registry groups, and interstate when both sides are states.
function sidesActorGroups(sides: readonly (Actor | null)[]): ActorGroupCovariate[] {
  const out = new Set<ActorGroupCovariate>();
  for (const actor of sides)
    for (const g of actor?.groups ?? []) {
      const c = BY_REGISTRY_GROUP[g];
      if (c) out.add(c);
    }
  if (sides.every((a) => a?.kind === 'state')) out.add('group_interstate');
  return ACTOR_GROUP_COVARIATES.filter((c) => out.has(c));
}
