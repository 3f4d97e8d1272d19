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
