/**
 * Shrinks boundary geometry for the browser: Douglas–Peucker on each ring, then coordinates
 * rounded to a fixed number of decimals. Rings that collapse below a triangle are dropped.
 */
type Pos = readonly number[];

function perpendicular(p: Pos, a: Pos, b: Pos): number {
  const dx = b[0]! - a[0]!;
  const dy = b[1]! - a[1]!;
  const len = dx * dx + dy * dy;
  if (len === 0) return Math.hypot(p[0]! - a[0]!, p[1]! - a[1]!);
  const t = Math.max(0, Math.min(1, ((p[0]! - a[0]!) * dx + (p[1]! - a[1]!) * dy) / len));
  return Math.hypot(p[0]! - (a[0]! + t * dx), p[1]! - (a[1]! + t * dy));
}

/** Douglas–Peucker simplification of a line (iterative, so long rings cannot overflow the stack). */
export function simplifyLine(line: readonly Pos[], tolerance: number): Pos[] {
  if (line.length < 3) return [...line];
  const keep = new Uint8Array(line.length);
  keep[0] = keep[line.length - 1] = 1;
  const stack: [number, number][] = [[0, line.length - 1]];
  while (stack.length) {
    const [first, last] = stack.pop()!;
    let worst = -1;
    let index = -1;
    for (let i = first + 1; i < last; i++) {
      const d = perpendicular(line[i]!, line[first]!, line[last]!);
      if (d > worst) [worst, index] = [d, i];
    }
    if (worst > tolerance) {
      keep[index] = 1;
      stack.push([first, index], [index, last]);
    }
  }
  return line.filter((_, i) => keep[i]);
}

const rounder = (decimals: number) => {
  const f = 10 ** decimals;
  return (p: Pos): number[] => [Math.round(p[0]! * f) / f, Math.round(p[1]! * f) / f];
};

/** A simplified, rounded ring, or null when fewer than four positions survive. */
export function simplifyRing(ring: readonly Pos[], tolerance: number, decimals: number): number[][] | null {
  const round = rounder(decimals);
  const out: number[][] = [];
  for (const p of simplifyLine(ring, tolerance).map(round)) {
    const prev = out.at(-1);
    if (!prev || prev[0] !== p[0] || prev[1] !== p[1]) out.push(p);
  }
  return out.length >= 4 ? out : null;
}

/** A simplified MultiPolygon: holes and parts that collapse are dropped, outer rings kept first. */
export function simplifyMultiPolygon(
  polys: readonly (readonly (readonly Pos[])[])[],
  tolerance: number,
  decimals: number,
): number[][][][] {
  const out: number[][][][] = [];
  for (const poly of polys) {
    const outer = simplifyRing(poly[0]!, tolerance, decimals);
    if (!outer) continue;
    const holes = poly
      .slice(1)
      .map((r) => simplifyRing(r, tolerance, decimals))
      .filter((r): r is number[][] => r !== null);
    out.push([outer, ...holes]);
  }
  return out;
}

/** A simplified, rounded MultiLineString. */
export function simplifyLines(
  lines: readonly (readonly Pos[])[],
  tolerance: number,
  decimals: number,
): number[][][] {
  const round = rounder(decimals);
  return lines.map((l) => simplifyLine(l, tolerance).map(round)).filter((l) => l.length >= 2);
}
