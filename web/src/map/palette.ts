/** Map colours, read from the theme's CSS variables so the map follows light and dark. */

/** The colours the map layers use. */
export interface MapPalette {
  background: string;
  land: string;
  outline: string;
  border: string;
  zone: string;
  noData: string;
  /** A unit in a country no loaded source covers in the period: nothing is known, unlike a zero. */
  notCovered: string;
  ramp: [string, string, string, string, string];
  exact: string;
  centroid: string;
  halo: string;
}

const v = (style: CSSStyleDeclaration, name: string) => style.getPropertyValue(name).trim();

/** The palette of the current theme. */
export function currentPalette(): MapPalette {
  const s = getComputedStyle(document.documentElement);
  return {
    background: v(s, '--map-water'),
    land: v(s, '--map-land'),
    outline: v(s, '--map-outline'),
    border: v(s, '--map-border'),
    zone: v(s, '--map-zone'),
    noData: v(s, '--map-nodata'),
    notCovered: v(s, '--map-notcovered'),
    ramp: [v(s, '--ramp-1'), v(s, '--ramp-2'), v(s, '--ramp-3'), v(s, '--ramp-4'), v(s, '--ramp-5')],
    exact: v(s, '--point-exact'),
    centroid: v(s, '--point-centroid'),
    halo: v(s, '--map-halo'),
  };
}

/** Class breaks for a choropleth: five steps on a log scale from 1 to the maximum. */
export function breaks(max: number): number[] {
  if (max <= 1) return [1, 1, 1, 1];
  const l = Math.log(max);
  return [1, 2, 3, 4].map((i) => Math.max(1, Math.round(Math.exp((l * i) / 5))));
}

/** The ramp colour of a value given the breaks (0 or unknown is no data). */
export function colourOf(value: number, b: readonly number[], p: MapPalette): string {
  if (!(value > 0)) return p.noData;
  let i = 0;
  while (i < b.length && value > b[i]!) i++;
  return p.ramp[Math.min(i, 4)]!;
}

/** Class breaks for rates (per 100,000 people): the quintiles of the positive values, three significant digits. */
export function rateBreaks(values: readonly number[]): number[] {
  const v = values.filter((x) => x > 0).sort((a, b) => a - b);
  if (!v.length) return [0, 0, 0, 0];
  return [1, 2, 3, 4].map((i) =>
    Number(v[Math.min(v.length - 1, Math.floor((v.length * i) / 5))]!.toPrecision(3)),
  );
}

/** Rate classes for one country's units, or for every unit drawn (`country` null). */
export interface RateClasses {
  country: string | null;
  breaks: number[];
}

/**
 * Rate class breaks per country when more than one country has a positive rate: pooled quintiles
 * let the country with more units (Afghanistan's 34 provinces against Pakistan's 7) or the higher
 * rates set every class, and the other's units then share one or two colours. With one country (or
 * none) with rates, one set over every unit (Afghan districts have no population, so no rates).
 */
export function rateBreaksByCountry(
  units: readonly { country: string; rate: number | null | undefined }[],
): RateClasses[] {
  const rates = new Map<string, number[]>();
  for (const u of units)
    if (u.rate != null && u.rate > 0) rates.set(u.country, [...(rates.get(u.country) ?? []), u.rate]);
  if (rates.size < 2) return [{ country: null, breaks: rateBreaks([...rates.values()].flat()) }];
  return [...rates.keys()].sort().map((country) => ({ country, breaks: rateBreaks(rates.get(country)!) }));
}
