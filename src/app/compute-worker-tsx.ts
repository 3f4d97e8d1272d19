/**
 * The compute worker's entry when faultline runs from its TypeScript sources through tsx (a test
 * file run on its own, development). Piscina loads a worker's file with require(), which tsx
 * compiles, but a dynamic import() made inside a worker thread misses tsx's hooks on Node 20
 * ("Unknown file extension .ts"). So this entry imports every task's module up front and hands
 * them to the task table; dist/compute-worker.js (compute-worker.ts) loads each on first call.
 */
import * as render from './render-answer.ts';
import * as series from './analysis/series.ts';
import * as alerts from './alerts/forecast-check.ts';
import * as claims from './claims/check-claims.ts';
import * as drafts from './claims/draft-claims.ts';
import * as forecast from './forecast/run-forecast.ts';
import * as views from './forecast/views-export.ts';
import * as html from '../report/render-html.ts';
import * as markdown from '../report/render-markdown.ts';
import { useLoadedModules } from './compute-tasks.ts';

useLoadedModules({ series, render, forecast, views, html, markdown, alerts, claims, drafts });

export { default } from './compute-worker.ts';
