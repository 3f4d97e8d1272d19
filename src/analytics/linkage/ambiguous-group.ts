/**
 * An ambiguous group matched as a whole (step 3 of linkage.ts). When a link has a rival within the
 * margin, its group is every link between the same two sources that could still join, connected to
 * it through shared records (and not taken yet). Taken one at a time, the links of such a group hid
 * each other: a link refused as ambiguous still counted as the rival of its records' other links, so
 * a copy torn between two GED events also kept the true twin of one of them from its own copy
 * (Khyber, 29 January 2013, on the perturbed set). The group is matched one to one with the best
 * summed score instead, and a link of that matching is kept only when every matching without it
 * scores at least the margin less: the same lead a single link needs over its rival, so a record
 * that fits two candidates equally still joins neither. Which of several best matchings the solver
 * finds cannot change what is kept (a link missing from one of them has a matching without it that
 * scores the same), except with a margin of 0, where the solver's first (records in id order) is taken.
 */

/** A link of a group: its records as numbers within their side (0.. in id order) and its score in millionths. */
export interface GroupLink {
  s: number;
  t: number;
  w: number;
}

/** The most records (both sides) a group is matched over; a larger group falls back to the rule for one link (refused as ambiguous). */
export const MAX_GROUP_RECORDS = 200;

/** Scores and the margin are compared in millionths (scores are rounded to 6 decimals), so sums are exact. */
export const micro = (x: number): number => Math.round(x * 1e6);

/** What became of each link of a group (scores and the margin in millionths): kept (null), or the reason it was refused. */
export function matchGroup(
  nS: number,
  nT: number,
  links: readonly GroupLink[],
  margin: number,
): (string | null)[] {
  const scores = links.map((l) => l.w);
  const best = new Matching(nS, nT, links, scores);
  const chosen = best.chosen(links.length);
  const total = best.sum(scores) / 1e6;
  const records = nS + nT;
  // Each link the other matching changes must lead by the margin: a matching M without link p is a
  // rival of the best A when sum(A) - sum(M) < margin x |A xor M| / 2. Weighted 2w - margin for the
  // links of A and 2w + margin for the others, A must still weigh at least every M (doubled, exact).
  const weighed = links.map((l, i) => 2 * l.w + (chosen[i] ? -margin : margin));
  const rivals = new Matching(nS, nT, links, weighed);
  const bestWeighed = weighed.reduce((sum, w, i) => sum + (chosen[i] ? w : 0), 0);
  return links.map((_, i) => {
    if (!chosen[i])
      return `not clustered: ambiguous, the best one-to-one matching of its group of ${records} records of two sources (summed score ${total.toFixed(3)}) leaves it out`;
    const without = rivals.without(i);
    if (bestWeighed - without.sum(weighed) >= 0) return null;
    return `not clustered: ambiguous, its group of ${records} records of two sources matched otherwise scores ${(without.sum(scores) / 1e6).toFixed(3)} against ${total.toFixed(3)} (within ${margin / 1e6} for each link it changes)`;
  });
}

// The best one-to-one matching of a group: the Hungarian method (shortest augmenting paths with
// potentials) minimising -weight over a square matrix of the larger side, a pair without a link (or
// a padding row) weighing 0, which is to leave both records apart. Integer weights keep it exact.
class Matching {
  private readonly n: number;
  private readonly cost: Float64Array;
  // at[cell]: the link of a cell (row-major), -1 for none.
  private readonly at: Int32Array;
  private u: Float64Array;
  private v: Float64Array;
  // row[j]: the row (1-based; 0 none) matched to column j (1-based).
  private row: Int32Array;

  constructor(
    nS: number,
    nT: number,
    links: readonly GroupLink[],
    weights: readonly number[],
    copy?: Matching,
  ) {
    const n = copy ? copy.n : Math.max(nS, nT);
    this.n = n;
    if (copy) {
      this.cost = copy.cost.slice();
      this.at = copy.at.slice();
      this.u = copy.u.slice();
      this.v = copy.v.slice();
      this.row = copy.row.slice();
      return;
    }
    this.cost = new Float64Array(n * n);
    this.at = new Int32Array(n * n).fill(-1);
    links.forEach((l, i) => {
      this.cost[l.s * n + l.t] = -weights[i]!;
      this.at[l.s * n + l.t] = i;
    });
    this.u = new Float64Array(n + 1);
    this.v = new Float64Array(n + 1);
    this.row = new Int32Array(n + 1);
    for (let i = 1; i <= n; i++) this.augment(i);
  }

  // Matches free row i along a shortest augmenting path, keeping the potentials feasible.
  private augment(i: number): void {
    const { n, cost, u, v, row } = this;
    const way = new Int32Array(n + 1);
    const minv = new Float64Array(n + 1).fill(Infinity);
    const used = new Uint8Array(n + 1);
    row[0] = i;
    let j0 = 0;
    do {
      used[j0] = 1;
      const i0 = row[j0]!;
      let delta = Infinity;
      let j1 = 0;
      for (let j = 1; j <= n; j++)
        if (!used[j]) {
          const cur = cost[(i0 - 1) * n + j - 1]! - u[i0]! - v[j]!;
          if (cur < minv[j]!) {
            minv[j] = cur;
            way[j] = j0;
          }
          if (minv[j]! < delta) {
            delta = minv[j]!;
            j1 = j;
          }
        }
      for (let j = 0; j <= n; j++)
        if (used[j]) {
          u[row[j]!]! += delta;
          v[j]! -= delta;
        } else minv[j]! -= delta;
      j0 = j1;
    } while (row[j0] !== 0);
    do {
      const j1 = way[j0]!;
      row[j0] = row[j1]!;
      j0 = j1;
    } while (j0);
  }

  /** Which of `count` links are matched. */
  chosen(count: number): boolean[] {
    const chosen = new Array<boolean>(count).fill(false);
    for (let j = 1; j <= this.n; j++) {
      const i = this.at[(this.row[j]! - 1) * this.n + j - 1]!;
      if (i >= 0) chosen[i] = true;
    }
    return chosen;
  }

  /** The summed weight of the matched links. */
  sum(weights: readonly number[]): number {
    let sum = 0;
    for (let j = 1; j <= this.n; j++) {
      const i = this.at[(this.row[j]! - 1) * this.n + j - 1]!;
      if (i >= 0) sum += weights[i]!;
    }
    return sum;
  }

  /** The best matching without link i: when it is matched, its pair is unmatched and its row matched again (the potentials stay feasible, as its cost only rises). */
  without(i: number): Matching {
    const at = this.at.indexOf(i);
    const [r, c] = [Math.floor(at / this.n) + 1, (at % this.n) + 1];
    if (this.row[c] !== r) return this;
    const m = new Matching(0, 0, [], [], this);
    m.cost[at] = 0;
    m.at[at] = -1;
    m.row[c] = 0;
    m.augment(r);
    return m;
  }
}
