/** Hyper-parameter choice for NBAR on validation origins whose targets all precede the test period. */
import { InvalidInputError } from '../../domain/errors.ts';
import { runBacktest, TEST_ORIGINS, VALIDATION_ORIGINS, type MethodScores } from './backtest.ts';
import { BASELINE_NAMES } from './methods.ts';
import { NBAR_DEFAULTS, type NbarOptions } from './model-nbar.ts';
import { monthIndex } from './months.ts';
import type { Neighbours, Panel } from './types.ts';

/** A panel to tune on (country, admin-1, …). */
export interface TuneLevel {
  name: string;
  panel: Panel;
  neighbours?: Neighbours;
}

/** One candidate's validation scores: CRPS ratio to the best baseline per level, and their mean (the criterion). */
export interface TuneCandidate {
  nbar: NbarOptions;
  crpsRatio: Record<string, number>;
  meanCrpsRatio: number;
}

/** The grid `tuneNbar` searches: half-life × unit intercepts × level-dependent dispersion × parameter draws × season. */
export const NBAR_GRID: NbarOptions[] = [undefined, 12, 18, 24, 48].flatMap((halfLife) =>
  [false, true].flatMap((unitEffects) =>
    [false, true].flatMap((dispersionByLevel) =>
      [false, true].flatMap((parameterUncertainty) =>
        [false, true].map((seasonal) => ({
          ...NBAR_DEFAULTS,
          halfLife,
          unitEffects,
          dispersionByLevel,
          parameterUncertainty,
          seasonal,
        })),
      ),
    ),
  ),
);

/** Options of `tuneNbar`; the origins must leave every target before the first test origin's targets. */
export interface TuneOptions {
  origins?: readonly string[];
  horizons?: number;
  draws?: number;
  seed: number;
  grid?: readonly NbarOptions[];
}

/** Ranks NBAR settings by mean validation CRPS ratio to the best baseline (lowest first). */
export function tuneNbar(levels: readonly TuneLevel[], options: TuneOptions): TuneCandidate[] {
  const common = validationSetup(options);
  const bestBaseline = levels.map((l) => {
    const r = runBacktest(l.panel, { ...common, neighbours: l.neighbours, methods: BASELINE_NAMES });
    return Math.min(...Object.values(r.methods).map((s: MethodScores) => s.crps));
  });
  const ranked = (options.grid ?? NBAR_GRID).map((nbar): TuneCandidate => {
    const crpsRatio: Record<string, number> = {};
    levels.forEach((l, i) => {
      const r = runBacktest(l.panel, { ...common, neighbours: l.neighbours, methods: ['nbar'], nbar });
      crpsRatio[l.name] = r.methods.nbar!.crps / bestBaseline[i]!;
    });
    const ratios = Object.values(crpsRatio);
    return { nbar, crpsRatio, meanCrpsRatio: ratios.reduce((a, b) => a + b, 0) / ratios.length };
  });
  return ranked.sort((a, b) => a.meanCrpsRatio - b.meanCrpsRatio);
}

/** Ranks mixture weights of `nbar-mix` (share of NBAR draws) by mean validation CRPS ratio to the best baseline. */
export function tuneMixWeight(
  levels: readonly TuneLevel[],
  nbar: NbarOptions,
  options: TuneOptions & { weights?: readonly number[] },
): { weight: number; meanCrpsRatio: number }[] {
  const weights = options.weights ?? [0.5, 0.6, 0.7, 0.8, 0.9, 1];
  const common = validationSetup(options);
  const ranked = weights.map((weight) => {
    const ratios = levels.map((l) => {
      const r = runBacktest(l.panel, {
        ...common,
        neighbours: l.neighbours,
        methods: [...BASELINE_NAMES, 'nbar-mix'],
        nbar,
        mixWeight: weight,
      });
      return r.comparisons[0]!.crps_ratio;
    });
    return { weight, meanCrpsRatio: ratios.reduce((a, b) => a + b, 0) / ratios.length };
  });
  return ranked.sort((a, b) => a.meanCrpsRatio - b.meanCrpsRatio);
}

/** Throws `validation origin <o> reaches into the test period` unless every target precedes the first test target. */
export function checkValidationOrigins(origins: readonly string[], horizons: number): void {
  const firstTestTarget = monthIndex(TEST_ORIGINS[0]!) + 1;
  for (const o of origins) {
    if (monthIndex(o) + horizons >= firstTestTarget) {
      throw new InvalidInputError(`validation origin ${o} reaches into the test period`);
    }
  }
}

function validationSetup(options: TuneOptions) {
  const origins = options.origins ?? VALIDATION_ORIGINS;
  const horizons = options.horizons ?? 12;
  checkValidationOrigins(origins, horizons);
  return { origins, horizons, draws: options.draws ?? 300, seed: options.seed };
}
