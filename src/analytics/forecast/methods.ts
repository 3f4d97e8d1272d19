/** The named forecasting methods: the four baselines, NBAR, and NBAR mixed with conflictology. */
import { InvalidInputError } from '../../domain/errors.ts';
import {
  bootstrapGlobalBaseline,
  conflictologyBaseline,
  poissonLastBaseline,
  recentLowMethod,
  zeroBaseline,
} from './baselines.ts';
import { ensemble, type EnsembleWeights } from './ensemble.ts';
import { NBAR_DEFAULTS, nbarMethod, type NbarOptions } from './model-nbar.ts';
import type { Method } from './types.ts';

/** Names of the baselines. */
export type BaselineName = 'zero' | 'poisson-last' | 'bootstrap' | 'conflictology';
/** Names of the models meant to beat them. */
export type ModelName = 'nbar' | 'nbar-mix';
/** Any method name. */
export type MethodName = BaselineName | ModelName;

/** Baselines in the order tables show them. */
export const BASELINE_NAMES: readonly BaselineName[] = ['zero', 'poisson-last', 'bootstrap', 'conflictology'];
/** Models in the order tables show them. */
export const MODEL_NAMES: readonly ModelName[] = ['nbar', 'nbar-mix'];
/** Every method, baselines first. */
export const METHOD_NAMES: readonly MethodName[] = [...BASELINE_NAMES, ...MODEL_NAMES];

/** Share of NBAR draws in `nbar-mix` (the rest come from conflictology); chosen on origins before 2015. */
export const MIX_WEIGHT = 0.8;

/**
 * The method called `name`; throws `unknown forecast method: <name>`. `nbar-mix` is NBAR with
 * conflictology at `mixWeight`, or, given `weights`, the skill-weighted ensemble of those components.
 */
export function methodByName(
  name: string,
  nbar: NbarOptions = NBAR_DEFAULTS,
  mixWeight = MIX_WEIGHT,
  weights?: EnsembleWeights,
): Method {
  switch (name) {
    case 'zero':
      return zeroBaseline;
    case 'poisson-last':
      return poissonLastBaseline;
    case 'bootstrap':
      return bootstrapGlobalBaseline;
    case 'conflictology':
      return conflictologyBaseline;
    case 'nbar':
      return nbarMethod(nbar);
    case 'nbar-mix':
      if (weights) {
        if (weights.components.includes('nbar-mix'))
          throw new InvalidInputError('invalid ensemble: nbar-mix cannot be its own component');
        return ensemble(
          weights.components.map((c) =>
            c === 'zero' && weights.floor === 'recent-low' ? recentLowMethod : methodByName(c, nbar),
          ),
          weights,
        );
      }
      return mixture(nbarMethod(nbar), conflictologyBaseline, mixWeight);
    default:
      throw new InvalidInputError(`unknown forecast method: ${name}`);
  }
}

/** A mixture: round(weight·m) draws from `a`, the rest from `b`, for every unit-month. */
export function mixture(a: Method, b: Method, weight: number): Method {
  if (!(weight >= 0 && weight <= 1)) throw new InvalidInputError(`invalid mixture weight: ${weight}`);
  return (input) => {
    const na = Math.round(weight * input.draws);
    const fromA = na > 0 ? a({ ...input, draws: na }) : undefined;
    const fromB = na < input.draws ? b({ ...input, draws: input.draws - na }) : undefined;
    const base = fromA ?? fromB!;
    return base.map((r, i) => ({
      ...r,
      draws: [...(fromA?.[i]?.draws ?? []), ...(fromB?.[i]?.draws ?? [])],
    }));
  };
}
