/** The slice of the WHATWG fetch API the API clients use; node's global `fetch` satisfies it. */

/** The parts of a request the clients set. */
export interface HttpRequestInit {
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
  signal?: AbortSignal;
}

/** The parts of a response the clients read. */
export interface HttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** A fetch function: the global one in production, any conforming one elsewhere. */
export type FetchLike = (url: string, init?: HttpRequestInit) => Promise<HttpResponse>;

const SECRET_PARAM = /token|key|password|secret|email/i;

/** The URL with the values of credential-like query parameters replaced, for error messages. */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  for (const name of [...parsed.searchParams.keys()])
    if (SECRET_PARAM.test(name)) parsed.searchParams.set(name, 'REDACTED');
  parsed.username = '';
  parsed.password = '';
  return parsed.toString();
}
