/**
 * The actor-group covariates of a live forecast (docs/forecasting.md, "Actor groups and the
 * border"): which groups the user asks for, and what the answer says about them. The values come
 * with the panel itself (buildPanel with `actorGroups`: the same cells, units and source months).
 */
import { ACTOR_GROUP_COVARIATES, type ActorGroupCovariate } from '../../analytics/forecast/actor-groups.ts';
import { isObserved } from '../../analytics/forecast/panel.ts';
import type { Panel } from '../../analytics/forecast/types.ts';
import { InvalidInputError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { ForecastActorGroups } from '../answers.ts';
import type { PanelSpan } from './panels.ts';

/** The groups `true` (or a bare `--actor-groups`) asks for: TTP, the only one that helped at both levels on validation. */
export const DEFAULT_ACTOR_GROUPS: readonly ActorGroupCovariate[] = ['group_ttp'];

/** The short names users type, each with its covariate. */
const SHORT: Readonly<Record<string, ActorGroupCovariate>> = Object.fromEntries(
  ACTOR_GROUP_COVARIATES.map((c) => [c.replace(/^group_/, ''), c]),
);

/**
 * The covariates a user's value asks for: `true` (TTP), `all`, `false` (none), or a comma-separated
 * list of ttp, baloch_insurgents, islamic_state, interstate. Throws `invalid <what>: <value> (use …)`.
 */
export function parseActorGroups(value: string, what = 'actor groups'): ActorGroupCovariate[] {
  const v = value.trim().toLowerCase();
  if (v === 'true') return [...DEFAULT_ACTOR_GROUPS];
  if (v === 'false') return [];
  if (v === 'all') return [...ACTOR_GROUP_COVARIATES];
  const asked = v.split(',').map((x) => x.trim());
  // Own names only: `constructor` and `__proto__` are on every object, and were taken as no group.
  const bad = asked.find((x) => !Object.hasOwn(SHORT, x));
  if (bad !== undefined || !asked.length)
    throw new InvalidInputError(
      `invalid ${what}: ${quoteValue(value)} (use true for ttp, all, or a comma-separated list of ${Object.keys(SHORT).join(', ')})`,
    );
  return ACTOR_GROUP_COVARIATES.filter((c) => asked.some((x) => SHORT[x] === c));
}

/** The 12 months up to the origin: beyond it every horizon reads the covariates' mean over them. */
const WINDOW = 12;

/** The actor groups of an answer, whose window also says over how many covered months its means are. */
export type ActorGroupsAnswer = ForecastActorGroups & {
  window: { from: string; to: string; covered_months: number };
};

/** What the answer says about the actor-group covariates the model used. */
export function actorGroupsInfo(
  panel: Panel,
  covariates: readonly ActorGroupCovariate[],
  restsOn: readonly PanelSpan[],
  metric: 'fatalities' | 'events',
): ActorGroupsAnswer {
  const months = panel[0]?.months ?? [];
  const window = {
    from: months.at(-WINDOW) ?? months[0] ?? '',
    to: months.at(-1) ?? '',
    // The panel's months no source covers are NaN in every unit alike.
    covered_months: (panel[0]?.values ?? []).slice(-WINDOW).filter(isObserved).length,
  };
  const what = metric === 'fatalities' ? 'deaths (best estimate)' : 'events';
  const at_origin = Object.fromEntries(
    covariates.map((c) => [
      c,
      Object.fromEntries(
        panel.map((s) => {
          const xs = (s.covariates?.[c] ?? []).slice(-WINDOW).filter(isObserved);
          return [
            s.unit,
            xs.length ? Math.round((1000 * xs.reduce((a, b) => a + b, 0)) / xs.length) / 1000 : null,
          ];
        }),
      ),
    ]),
  );
  return {
    covariates: [...covariates],
    rests_on: restsOn.map((r) => ({ ...r, versions: [...r.versions] })),
    window,
    at_origin,
    note: `${what} per unit-month in events one of whose sides the actor registry puts in the group on the event's date (interstate: both sides states), from the same events, units and source months as the panel; each enters the model as log1p of its mean over the ${WINDOW} months before the target (the ${WINDOW} months up to the origin for every horizon); not the default (see docs/forecasting.md, "Actor groups and the border")`,
  };
}
