/**
 * The CPU-heavy pure computations a compute pool runs on worker threads: plain data in, plain
 * data out (structured clone), no store. The worker entry (compute-worker.ts) calls them by name.
 */
import type { BriefingData } from '../report/briefing-data.ts';
import { renderHtml } from '../report/render-html.ts';
import { renderMarkdown } from '../report/render-markdown.ts';
import { parseClaims } from './claims/check-claims.ts';
import { forecastWithSkillOn } from './forecast/run-forecast.ts';
import { forecastExceedances } from './alerts/forecast-check.ts';
import { denseSeries, type SeriesInputs } from './analysis/series.ts';
import { render, type Format, type Rendered } from './render-answer.ts';

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
  const series = await denseSeries(inputs);
  return render({ body: series, rows: series.points }, format, maxRows);
}

/** Every compute task by name. */
export const COMPUTE_TASKS = {
  'forecast-with-skill': forecastWithSkillOn,
  'render-briefing': ({ data, format }: { data: BriefingData; format: 'html' | 'markdown' }): string =>
    format === 'html' ? renderHtml(data) : renderMarkdown(data),
  'alert-forecast': forecastExceedances,
  'parse-claims': ({ text, fileName }: { text: string; fileName: string }) => parseClaims(text, fileName),
  'render-series': renderSeries,
};

/** A compute task's name. */
export type ComputeTask = keyof typeof COMPUTE_TASKS;
/** What a task takes. */
export type ComputeInput<K extends ComputeTask> = Parameters<(typeof COMPUTE_TASKS)[K]>[0];
/** What a task gives. */
export type ComputeOutput<K extends ComputeTask> = Awaited<ReturnType<(typeof COMPUTE_TASKS)[K]>>;
