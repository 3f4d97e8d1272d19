/** Observable Plot, loaded on first use so the first paint does not wait for it. */
export type PlotModule = typeof import('@observablehq/plot');

let plot: Promise<PlotModule> | null = null;
let loaded: PlotModule | null = null;

/** The Plot module (one download, shared by every chart). */
export const loadPlot = (): Promise<PlotModule> =>
  (plot ??= import('@observablehq/plot').then((m) => (loaded = m)));

/** The Plot module if it has arrived, so a chart can redraw in the same frame as its data. */
export const plotIfLoaded = (): PlotModule | null => loaded;

/**
 * The bottom margin, in pixels, of a chart with a time axis: room for a tick label of two lines
 * ("Jan" over "2021", as Plot labels months). Plot's default of 30 cut the year's lower part off
 * at the chart's edge, and on Border and relations the next panel's legend sat right against it.
 */
export const TIME_AXIS_MARGIN_BOTTOM = 36;
