/** Token buckets per client (API key id, or address when anonymous): `perMinute` tokens a minute, as many in a burst. */

/** Whether a request may go ahead, and if not, in how many whole seconds a token will be there. */
export interface RateDecision {
  allowed: boolean;
  retryAfterS: number;
  remaining: number;
}

/** A set of token buckets sharing one rate. */
export class RateLimiter {
  private readonly buckets = new Map<string, { tokens: number; at: number }>();
  private readonly perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.perMs = perMinute / 60_000;
  }

  /** Takes one token from the client's bucket. */
  take(client: string): RateDecision {
    const t = this.now();
    let b = this.buckets.get(client);
    if (!b) {
      if (this.buckets.size >= 50_000) this.prune(t);
      b = { tokens: this.perMinute, at: t };
      this.buckets.set(client, b);
    }
    b.tokens = Math.min(this.perMinute, b.tokens + (t - b.at) * this.perMs);
    b.at = t;
    if (b.tokens >= 1) {
      b.tokens -= 1;
      return { allowed: true, retryAfterS: 0, remaining: Math.floor(b.tokens) };
    }
    return {
      allowed: false,
      retryAfterS: Math.max(1, Math.ceil((1 - b.tokens) / this.perMs / 1000)),
      remaining: 0,
    };
  }

  // Full buckets hold nothing worth remembering.
  private prune(t: number): void {
    for (const [k, b] of this.buckets)
      if (b.tokens + (t - b.at) * this.perMs >= this.perMinute) this.buckets.delete(k);
  }
}
