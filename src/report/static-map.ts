/**
 * The briefing's static map as a self-contained SVG: admin-1 outlines (the briefing's countries
 * filled, neighbours faint), the Afghanistan-Pakistan border, and one dot per event sized by its
 * deaths. Equirectangular projection scaled by the cosine of the middle latitude; deterministic.
 */
import { counted } from '../domain/plural.ts';
import type { BriefingMap } from './briefing-data.ts';
import { esc, px } from './format.ts';

const W = 640;

/** Douglas-Peucker simplification of a line or ring of [lon, lat] to `tolerance` degrees (a ring keeps its closing point; tiny rings may shrink below 4 points). */
export function simplifyLine(points: readonly (readonly number[])[], tolerance: number): [number, number][] {
  const pts = points.map((p) => [p[0]!, p[1]!] as [number, number]);
  if (pts.length <= 4) return pts;
  const keep = new Uint8Array(pts.length);
  keep[0] = keep[pts.length - 1] = 1;
  const stack: [number, number][] = [[0, pts.length - 1]];
  while (stack.length) {
    const [a, b] = stack.pop()!;
    let best = -1;
    let at = -1;
    for (let i = a + 1; i < b; i++) {
      const d = distance(pts[i]!, pts[a]!, pts[b]!);
      if (d > best) [best, at] = [d, i];
    }
    if (best > tolerance) {
      keep[at] = 1;
      stack.push([a, at], [at, b]);
    }
  }
  return pts.filter((_, i) => keep[i]);
}

function distance(p: [number, number], a: [number, number], b: [number, number]): number {
  const [dx, dy] = [b[0] - a[0], b[1] - a[1]];
  const len = dx * dx + dy * dy;
  const t = len ? Math.max(0, Math.min(1, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / len)) : 0;
  return Math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy);
}

/** Renders the map. */
export function renderMap(map: BriefingMap): string {
  const [west, south, east, north] = map.bbox;
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const scale = (W - 20) / ((east - west) * k);
  const H = Math.round((north - south) * scale + 20 + 24);
  const x = (lon: number) => 10 + (lon - west) * k * scale;
  const y = (lat: number) => 10 + (north - lat) * scale;
  const path = (rings: readonly (readonly [number, number])[][], close: boolean) =>
    rings
      .map(
        (r) =>
          r.map(([lon, lat], i) => `${i ? 'L' : 'M'}${px(x(lon))} ${px(y(lat))}`).join('') +
          (close ? 'Z' : ''),
      )
      .join('');
  const parts: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}" font-family="DejaVu Sans, Arial, sans-serif" font-size="10" role="img" aria-label="Map of events">`,
    `<defs><clipPath id="frame"><rect x="10" y="10" width="${W - 20}" height="${H - 44}"/></clipPath></defs>`,
    `<rect width="${W}" height="${H}" fill="#ffffff"/>`,
    `<rect x="10" y="10" width="${W - 20}" height="${H - 44}" fill="#eef3f7"/>`,
    '<g clip-path="url(#frame)">',
  ];
  for (const u of map.units.filter((v) => !v.focus))
    parts.push(
      `<path d="${path(u.rings, true)}" fill="#f7f7f7" stroke="#bbb" stroke-width="0.5"><title>${esc(u.name)}</title></path>`,
    );
  for (const u of map.units.filter((v) => v.focus))
    parts.push(
      `<path d="${path(u.rings, true)}" fill="#fdfbf5" stroke="#777" stroke-width="0.7"><title>${esc(`${u.name} (${u.code})`)}</title></path>`,
    );
  if (map.border.length)
    parts.push(
      `<path d="${path(map.border, false)}" fill="none" stroke="#444" stroke-width="1.4" stroke-dasharray="4 2"/>`,
    );
  const dots = [...map.dots].sort(
    (a, b) => (b.deaths ?? 0) - (a.deaths ?? 0) || a.lon - b.lon || a.lat - b.lat,
  );
  for (const d of dots) {
    const r = d.deaths === null ? 2 : Math.min(14, 2 + Math.sqrt(d.deaths) * 1.1);
    parts.push(
      `<circle cx="${px(x(d.lon))}" cy="${px(y(d.lat))}" r="${px(r)}" fill="#b2182b" fill-opacity="0.45" stroke="#67001f" stroke-width="0.5"/>`,
    );
  }
  parts.push('</g>');
  const ly = H - 14;
  parts.push(
    `<circle cx="18" cy="${ly - 3}" r="3" fill="#b2182b" fill-opacity="0.45" stroke="#67001f" stroke-width="0.5"/><text x="26" y="${ly}">event (area grows with deaths)</text>`,
  );
  parts.push(
    `<line x1="200" x2="224" y1="${ly - 3}" y2="${ly - 3}" stroke="#444" stroke-width="1.4" stroke-dasharray="4 2"/><text x="230" y="${ly}">Afghanistan–Pakistan border</text>`,
  );
  if (map.events_without_coordinates)
    parts.push(
      `<text x="${W - 10}" y="${ly}" text-anchor="end" fill="#555">${counted(map.events_without_coordinates, 'event')} without coordinates not shown</text>`,
    );
  parts.push('</svg>');
  return parts.join('\n');
}
