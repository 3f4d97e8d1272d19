/** Number and text formatting shared by the briefing renderers: fixed locale, fixed rounding, escaped text. */
import { readable } from '../domain/readable.ts';

/** A count with thousands separators; an en dash for unknown. */
export function num(x: number | null | undefined, digits = 0): string {
  if (x === null || x === undefined || !Number.isFinite(x)) return '–';
  return x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

/**
 * A value that is not a count (an index value, a rate) rounded as the CLI's tables round it (3
 * significant digits, domain/readable.ts), so a briefing and `faultline relations` print one value
 * alike; an en dash for unknown.
 */
export function measure(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? '–' : readable(x);
}

/** A signed difference: "+12", "−3", "0". */
export function signed(x: number | null): string {
  if (x === null) return '–';
  return x > 0 ? `+${num(x)}` : x < 0 ? `−${num(-x)}` : '0';
}

/** A ratio as a percentage change: 1.25 → "+25%", 0.8 → "−20%". */
export function pctChange(ratio: number | null): string {
  if (ratio === null || !Number.isFinite(ratio)) return '–';
  const p = Math.round((ratio - 1) * 100);
  return p > 0 ? `+${p}%` : p < 0 ? `−${-p}%` : '±0%';
}

/** Escapes text for HTML and SVG. */
export function esc(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** Escapes a Markdown table cell. */
export function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
}

/** A coordinate rounded to one decimal, for deterministic SVG. */
export function px(x: number): string {
  const r = Math.round(x * 10) / 10;
  return Object.is(r, -0) ? '0' : String(r);
}

/** Month key "2021-10" as "Oct 2021" (or "Oct 21" short). */
export function monthLabel(key: string, short = false): string {
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const [y, m] = key.split('-');
  return `${names[Number(m) - 1]} ${short ? y!.slice(2) : y}`;
}
