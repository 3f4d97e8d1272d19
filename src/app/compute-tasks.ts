/**
 * The CPU-heavy pure computations a compute pool runs on worker threads: plain data in, plain
 * data out (structured clone), no store. The worker entry (compute-worker.ts) calls them by name.
 * Each task loads its code on its first call: a worker started for a large series does not load
 * the forecast's statistics libraries, nor one started for a forecast the renderers.
 */
import type { BriefingData } from '../report/briefing-data.ts';
import type { forecastExceedances } from './alerts/forecast-check.ts';
import type { forecastWithSkillOn } from './forecast/run-forecast.ts';
import type { viewsDrawsOn } from './forecast/views-export.ts';
import type { SeriesInputs } from './analysis/series.ts';
import type { Format, Rendered } from './render-answer.ts';

/** The tasks' modules, each imported on first use. */
const MODULES = {
  series: () => import('./analysis/series.ts'),
  render: () => import('./render-answer.ts'),
  forecast: () => import('./forecast/run-forecast.ts'),
  views: () => import('./forecast/views-export.ts'),
  html: () => import('../report/render-html.ts'),
  markdown: () => import('../report/render-markdown.ts'),
  alerts: () => import('./alerts/forecast-check.ts'),
  claims: () => import('./claims/check-claims.ts'),
  drafts: () => import('./claims/draft-claims.ts'),
};

/** The tasks' modules, loaded. */
export type TaskModules = { [K in keyof typeof MODULES]: Awaited<ReturnType<(typeof MODULES)[K]>> };

/**
 * Loads the tasks' modules with these functions (each called on a task's first use), in place of
 * their dynamic imports: the worker entry used under tsx does so with require()
 * (compute-worker-tsx.ts), since a worker thread there cannot import TypeScript dynamically.
 */
export function useModuleLoaders(loaders: { [K in keyof TaskModules]: () => TaskModules[K] }): void {
  for (const key of Object.keys(MODULES) as (keyof typeof MODULES)[])
    (MODULES as Record<string, () => Promise<unknown>>)[key] = () => Promise.resolve(loaders[key]());
}

/** Builds a dense series from its inputs and renders it (a large one: tens of thousands of points). */
export async function renderSeries({
  inputs,
  format,
  maxRows,
}: {
  inputs: SeriesInputs;
  format: Format;
  maxRows: number;
}): Promise<Rendered> {
  const [{ denseSeries }, { render }] = await Promise.all([MODULES.series(), MODULES.render()]);
  const series = await denseSeries(inputs);
  return render({ body: series, rows: series.points }, format, maxRows);
}

/** Every compute task by name. */
export const COMPUTE_TASKS = {
  'forecast-with-skill': async (input: Parameters<typeof forecastWithSkillOn>[0]) =>
    (await MODULES.forecast()).forecastWithSkillOn(input),
  'views-draws': async (input: Parameters<typeof viewsDrawsOn>[0]) =>
    (await MODULES.views()).viewsDrawsOn(input),
  'render-briefing': async ({ data, format }: { data: BriefingData; format: 'html' | 'markdown' }) =>
    format === 'html'
      ? (await MODULES.html()).renderHtml(data)
      : (await MODULES.markdown()).renderMarkdown(data),
  'alert-forecast': async (input: Parameters<typeof forecastExceedances>[0]) =>
    (await MODULES.alerts()).forecastExceedances(input),
  'parse-claims': async ({ text, fileName }: { text: string; fileName: string | null }) =>
    (await MODULES.claims()).parseClaims(text, fileName),
  'draft-claims': async ({ text, sourceName }: { text: string; sourceName: string }) =>
    (await MODULES.drafts()).draftClaimsAnswer(text, sourceName),
  'render-series': renderSeries,
};

/** A compute task's name. */
export type ComputeTask = keyof typeof COMPUTE_TASKS;
/** What a task takes. */
export type ComputeInput<K extends ComputeTask> = Parameters<(typeof COMPUTE_TASKS)[K]>[0];
/** What a task gives. */
export type ComputeOutput<K extends ComputeTask> = Awaited<ReturnType<(typeof COMPUTE_TASKS)[K]>>;
