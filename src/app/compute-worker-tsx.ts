/**
 * The compute worker's entry when faultline runs from its TypeScript sources through tsx (a test
 * file run on its own, development). Piscina loads a worker's file with require(), which tsx
 * compiles, but a dynamic import() made inside a worker thread misses tsx's hooks on Node 20
 * ("Unknown file extension .ts"). So this entry loads each task's module with require() on the
 * task's first call, as dist/compute-worker.js (compute-worker.ts) imports it: a worker started for
 * a forecast does not compile the renderers and the claim checker too (a second of CPU or more).
 */
import { createRequire } from 'node:module';
import { useModuleLoaders } from './compute-tasks.ts';

const load = createRequire(import.meta.url);

useModuleLoaders({
  series: () => load('./analysis/series.ts'),
  render: () => load('./render-answer.ts'),
  forecast: () => load('./forecast/run-forecast.ts'),
  views: () => load('./forecast/views-export.ts'),
  html: () => load('../report/render-html.ts'),
  markdown: () => load('../report/render-markdown.ts'),
  alerts: () => load('./alerts/forecast-check.ts'),
  claims: () => load('./claims/check-claims.ts'),
  drafts: () => load('./claims/draft-claims.ts'),
});

export { default } from './compute-worker.ts';
