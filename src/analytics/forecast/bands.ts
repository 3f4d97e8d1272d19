/** Horizon bands: results are reported by them and the ensemble is weighted by them. */

/** A run of horizons, `from` to `to` months ahead (inclusive). */
export interface HorizonBand {
  label: string;
  from: number;
  to: number;
}

/** Short, middle and long horizons: months 1-3, 4-6 and 7-12 ahead. */
export const HORIZON_BANDS: readonly HorizonBand[] = [
  { label: '1-3', from: 1, to: 3 },
  { label: '4-6', from: 4, to: 6 },
  { label: '7-12', from: 7, to: 12 },
];

/** Position in HORIZON_BANDS of horizon h (the last band for any h beyond it). */
export function bandOf(h: number): number {
  const i = HORIZON_BANDS.findIndex((b) => h >= b.from && h <= b.to);
  return i < 0 ? HORIZON_BANDS.length - 1 : i;
}
