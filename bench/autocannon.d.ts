// The slice of autocannon (v9, no bundled types) that bench/api.bench.ts uses.
declare module 'autocannon' {
  interface Options {
    url: string;
    connections?: number;
    duration?: number;
    requests?: { setupRequest?: (req: Record<string, unknown>) => Record<string, unknown> }[];
  }
  interface Result {
    requests: { total: number; average: number };
    errors: number;
    timeouts: number;
    non2xx: number;
    /** Responses by status code. */
    statusCodeStats: Record<string, { count: number }>;
  }
  interface Instance extends PromiseLike<Result> {
    on(event: 'response', fn: (client: unknown, status: number, bytes: number, ms: number) => void): void;
    /** A request that failed without an answer (a reset socket, a time-out). */
    on(event: 'reqError', fn: (error: Error) => void): void;
  }
  function autocannon(options: Options): Instance;
  export default autocannon;
}
