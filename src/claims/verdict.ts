/**
 * From evidence to a verdict. Only decisive figures count (those of the preferred sources when any
 * of them can answer, else all): every one holds → supported; some hold and some do not →
 * partly_supported, naming which; none holds and some fail → contradicted; nothing answers (or
 * everything is inconclusive) → not_checkable, saying what is missing.
 */
import type { Evidence, Verdict } from './evidence.ts';
import { noBoundSummary } from '../domain/statistic.ts';
import { formatNumber } from './tolerances.ts';
import { releaseOf } from '../domain/release.ts';

/**
 * A figure over another period that bounds the claim without settling it (a lower bound below the
 * claim's number) says nothing against the claim: when another decisive figure holds or fails, it
 * is shown as context, so "at least 714,572 by June" does not make "over 1.5 million in 2025"
 * partly supported when "at least 1.7 million by October" supports it.
 */
export function settleBounds(items: Evidence[]): Evidence[] {
  if (!items.some((e) => e.role === 'decisive' && (e.outcome === 'holds' || e.outcome === 'fails')))
    return items;
  return items.map((e) =>
    isBound(e) && e.role === 'decisive' && e.outcome === 'inconclusive'
      ? { ...e, role: 'context' as const }
      : e,
  );
}

/** Whether the item is read from bounds: a figure over another period, or a change from two periods' bounds. */
function isBound(e: Evidence): boolean {
  return e.bound !== undefined || e.change_bound !== undefined;
}

/**
 * The verdict and a plain-words explanation. `decider` says who decides when other sources' figures
 * are context: the preferred sources, or the organisation a claim is attributed to.
 */
export function decide(
  items: readonly Evidence[],
  decider = 'preferred sources decide',
): { verdict: Verdict; explanation: string } {
  // A figure over another period that gives no bound is counted once, in the no-bound line, whatever
  // its role: the line is `noBoundSummary` of the whole evidence, the very line `claims check` prints
  // under its table and the dashboard shows, so the three never count differently.
  const noBound = noBoundSummary(items);
  const rest = items.filter((e) => e.no_bound === undefined);
  const decisive = rest.filter((e) => e.role === 'decisive');
  const by = (o: string) => decisive.filter((e) => e.outcome === o);
  const [holds, fails, unsure, missing] = [by('holds'), by('fails'), by('inconclusive'), by('unavailable')];
  const shown = rest.filter((e) => e.role === 'context');
  // Context: bounds from other periods that settle nothing (named), other sources' figures that
  // could answer (counted), and those that cannot (named with the decisive ones that cannot).
  const loose = shown.filter((e) => isBound(e) && e.outcome === 'inconclusive');
  const context = shown.filter((e) => !loose.includes(e) && e.outcome !== 'unavailable').length;
  const named = [...missing, ...shown.filter((e) => e.outcome === 'unavailable')];
  const tail = [
    named.length
      ? `Cannot be checked against: ${named.map((e) => `${e.source}${e.report ? ` ${e.report} (${e.version})` : ''}: ${e.reason}`).join('; ')}.`
      : '',
    noBound ? `${noBound} (each listed in the evidence).` : '',
    context
      ? `${context} figure${context > 1 ? 's' : ''} from other sources shown as context (${decider}).`
      : '',
    loose.length ? `Bounds that settle nothing, shown as context: ${list(loose)}.` : '',
  ].filter(Boolean);
  const join = (parts: string[]) => parts.filter(Boolean).join(' ');
  if (holds.length && !fails.length && !unsure.length)
    return { verdict: 'supported', explanation: join([`Supported by ${list(holds)}.`, ...tail]) };
  if (holds.length)
    return {
      verdict: 'partly_supported',
      explanation: join([
        `True only under some definitions or sources: holds for ${list(holds)};`,
        fails.length ? `not for ${list(fails)}.` : '',
        unsure.length ? `Inconclusive for ${list(unsure)}.` : '',
        ...tail,
      ]),
    };
  if (fails.length)
    return {
      verdict: 'contradicted',
      explanation: join([
        `Contradicted by ${list(fails)}.`,
        unsure.length ? `Inconclusive for ${list(unsure)}.` : '',
        ...tail,
      ]),
    };
  if (unsure.length)
    return {
      verdict: 'not_checkable',
      explanation: join([
        `The loaded data cannot settle it: ${unsure.map((e) => `${label(e)}: ${e.reason}`).join('; ')}.`,
        ...tail,
      ]),
    };
  return {
    verdict: 'not_checkable',
    explanation: join(['No loaded source can answer this claim.', ...tail]),
  };
}

function list(items: readonly Evidence[]): string {
  return items.map(label).join('; ');
}

/**
 * "CRSS Annual Security Report 2023 (annual (first release)): casualties (killed + injured) 2,987";
 * a figure over part of its period says how much ("deaths, best estimate 744 (on the 31 of 184 days
 * covered)"), so that a verdict quoted alone does not pass a part for the whole; a preliminary
 * release says so ("ucdp-candidate 26.0.6 (preliminary): ..."), as UCDP revises it before GED.
 */
export function label(e: Evidence): string {
  // A report titled with its publisher ("UNHCR Afghanistan Situation Update #42") is not prefixed
  // with it again, and a version the file does not give ("unspecified") is left out.
  const report = e.report ?? '';
  const title = report.toLowerCase().startsWith(`${e.source.toLowerCase()} `)
    ? report
    : `${e.source} ${report}`;
  const what =
    e.kind === 'statistic'
      ? `${title}${e.version && e.version !== 'unspecified' ? ` (${e.version})` : ''}`
      : `${e.source} ${e.version}${releaseOf(e.source) === 'preliminary' ? ' (preliminary)' : ''}`;
  const part = e.covered && e.covered.days < e.covered.of ? ` ${coveredDays(e.covered)}` : '';
  return `${what}: ${e.measure}${valueText(e)}${part}`;
}

/** "(on the 31 of 184 days covered)". */
export function coveredDays(c: { days: number; of: number }): string {
  return `(on the ${formatNumber(c.days)} of ${formatNumber(c.of)} days covered)`;
}

// A value in words as its qualifier reads: every rate ratio as a ratio (a lower bound "at least").
function valueText(e: Evidence): string {
  if (e.value === null) return '';
  if (e.bound)
    return ` ${e.bound.kind === 'lower' ? 'at least' : 'at most'} ${formatNumber(e.value)} (a figure of ${e.period!.from} to ${e.period!.to})`;
  if (e.qualifier === 'rate_ratio') return ` rate ratio ${formatNumber(e.value, 2)}`;
  if (e.qualifier === 'rate_ratio_upper_bound') return ` rate ratio at most ${formatNumber(e.value, 2)}`;
  if (e.qualifier.startsWith('rate_ratio')) return ` rate ratio at least ${formatNumber(e.value, 2)}`;
  if (e.qualifier === 'percent') return ` ${formatNumber(e.value, 1)}%`;
  return ` ${formatNumber(e.value)}`;
}
