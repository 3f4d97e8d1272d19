/** Observable Plot, loaded on first use so the first paint does not wait for it. */
export type PlotModule = typeof import('@observablehq/plot');

let plot: Promise<PlotModule> | null = null;
let loaded: PlotModule | null = null;

/** The Plot module (one download, shared by every chart). */
export const loadPlot = (): Promise<PlotModule> =>
  (plot ??= import('@observablehq/plot').then((m) => (loaded = m)));

/** The Plot module if it has arrived, so a chart can redraw in the same frame as its data. */
export const plotIfLoaded = (): PlotModule | null => loaded;
