/**
 * Backtests kept in this process. A backtest is a pure function of its panel and options (every
 * method draws from a stream seeded by the seed, method and origin), and a shown forecast's skill
 * is one backtest whatever the forecast's format or number of draws: a server answering the same
 * forecast as JSON, CSV and ViEWS, or a briefing beside the forecasts page, ran it again for each.
 * Callers only read a kept result.
 */
import { createHash, type Hash } from 'node:crypto';
import { LRUCache } from 'lru-cache';
import { runBacktest, type BacktestOptions, type BacktestResult } from '../../analytics/forecast/backtest.ts';
import type { Panel } from '../../analytics/forecast/types.ts';

/** How many backtests are kept, the last used last (each holds its scores per method and month: a few kB). */
export const KEPT_BACKTESTS = 16;
const kept = new LRUCache<string, BacktestResult>({ max: KEPT_BACKTESTS });

/** runBacktest(panel, options), from the kept backtests when the same arguments were run before (the least recently used go first). */
export function keptBacktest(panel: Panel, options: KeptBacktestOptions): BacktestResult {
  const key = backtestKey([panel, options]);
  const hit = kept.get(key);
  if (hit) return hit;
  const result = runBacktest(panel, options);
  kept.set(key, result);
  return result;
}

/** A digest of every value in the arguments: numbers by their bits, maps and objects by their entries. */
function backtestKey(args: readonly unknown[]): string {
  const h = createHash('sha256');
  feed(h, args);
  return h.digest('base64');
}

const bits = new Float64Array(1);
const bitsBytes = new Uint8Array(bits.buffer);

function feed(h: Hash, v: unknown): void {
  if (typeof v === 'number') {
    bits[0] = v;
    h.update('n').update(bitsBytes);
  } else if (typeof v === 'string') h.update(`s${v.length}:`).update(v);
  else if (typeof v === 'boolean' || v === undefined || v === null) h.update(`${String(v)};`);
  else if (Array.isArray(v)) {
    h.update(`a${v.length}[`);
    if (v.every((x) => typeof x === 'number')) h.update(new Uint8Array(new Float64Array(v).buffer));
    else for (const x of v) feed(h, x);
    h.update(']');
  } else if (v instanceof Map) feed(h, ['map', [...v]]);
  else if (typeof v === 'object') {
    // Keys in order: equal options written in another order are the same backtest.
    const entries = Object.entries(v as Record<string, unknown>)
      .filter(([, x]) => x !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    feed(h, ['object', entries]);
  } else throw new TypeError(`a backtest argument of type ${typeof v} has no key`);
}

/** A kept backtest's options: all but onDraws (a callback: its backtest is run, not kept). */
export type KeptBacktestOptions = Omit<BacktestOptions, 'onDraws'>;
