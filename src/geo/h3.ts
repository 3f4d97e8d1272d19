/**
 * H3 hexagon cells for events at two resolutions: a coarse one for district-scale maps and
 * hot-spot tests, a fine one for town-scale clustering.
 */
import { createRequire } from 'node:module';
import type { cellToParent as CellToParent, latLngToCell as LatLngToCell } from 'h3-js';

// Required, not imported: importing this CommonJS package (one large file) from an ES module made
// Node scan it for its export names first (cjs-module-lexer): 0.15 s of CPU in every process that
// places events (each import, `serve`, `start`), against 0.05 s to require it.
const { cellToParent, latLngToCell } = createRequire(import.meta.url)('h3-js') as {
  cellToParent: typeof CellToParent;
  latLngToCell: typeof LatLngToCell;
};

/** Coarse H3 resolution: average cell ≈ 253 km² (edge ≈ 9 km), finer than a district (AFG ≈ 1,600 km², PAK ≈ 6,000 km²) so a few cells tile one. */
export const H3_COARSE_RES = 5;

/** Fine H3 resolution: average cell ≈ 5.2 km² (edge ≈ 1.4 km), about a town or a city quarter. */
export const H3_FINE_RES = 7;

/** The two cells of a point. */
export interface H3Cells {
  coarse: string;
  fine: string;
}

/** The coarse and fine H3 cells containing a lon/lat point (the coarse one is the fine one's parent). */
export function h3Cells(lon: number, lat: number): H3Cells {
  const fine = latLngToCell(lat, lon, H3_FINE_RES);
  return { coarse: cellToParent(fine, H3_COARSE_RES), fine };
}
