/** Sends hostile requests to an API in-process, a few at a time, and tallies what came back. */
import { loadavg } from 'node:os';
import type { Api } from '../../src/api/server.ts';
import type { HostileRequest } from './hostile-requests.ts';

const RANK = {
  anonymous: 0,
  forged: 0,
  public: 0,
  viewer: 1,
  read: 1,
  analyst: 2,
  reviewer: 2.5,
  admin: 3,
} as const;
// Control characters, U+FFFD, and the invisible ones that hide or reorder text: a zero-width space,
// bidi marks, embeddings, overrides and isolates (U+202E reversed the rest of the line), the BOM.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\ufffd\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff]/;

/** What a campaign found. */
export interface CampaignReport {
  sent: number;
  statuses: Record<number, number>;
  serverErrors: string[];
  unauthorised: string[];
  badMessages: string[];
  ms: number;
  summary: string;
}

/** Sends every request (`concurrency` at a time) and checks each answer. */
export async function runCampaign(
  api: Api,
  requests: readonly HostileRequest[],
  concurrency: number,
): Promise<CampaignReport> {
  const statuses: Record<number, number> = {};
  const serverErrors: string[] = [];
  const unauthorised: string[] = [];
  const badMessages: string[] = [];
  const t0 = performance.now();
  let next = 0;
  const one = async (r: HostileRequest) => {
    const res = await api.app.request(r.path, { method: r.method, headers: r.headers, body: r.body });
    const text = await res.text();
    statuses[res.status] = (statuses[res.status] ?? 0) + 1;
    const where = `${r.label}: ${r.method} ${r.path.slice(0, 120)} -> ${res.status} ${text.slice(0, 200)}`;
    if (res.status >= 500 && res.status !== 503) serverErrors.push(where);
    if (res.status < 300 && RANK[r.as] < RANK[r.needs]) unauthorised.push(where);
    if (res.status >= 400 && (res.headers.get('content-type') ?? '').includes('json')) {
      const message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? '';
      // One printable line: at most 500 characters, no run without a space of more than 205 (a value
      // quoteValue cut, `"` + 200 + `"...`, stays whole) and the `...` printableMessage cuts a longer one with.
      if (!message || message.length > 530 || /\S{209,}/.test(message) || UNPRINTABLE.test(message))
        badMessages.push(where);
    }
  };
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < requests.length) await one(requests[next++]!);
    }),
  );
  const ms = Math.round(performance.now() - t0);
  const counts = Object.entries(statuses)
    .map(([s, n]) => `${s}: ${n}`)
    .join(', ');
  const summary = `hostile HTTP: ${requests.length} requests over ${new Set(requests.map((r) => r.path.split('?')[0])).size} paths in ${ms} ms: ${serverErrors.length} answers of 500, ${unauthorised.length} unauthorised successes, ${badMessages.length} bad messages, 0 process exits (statuses ${counts}; load average ${loadavg()[0]!.toFixed(1)})`;
  return { sent: requests.length, statuses, serverErrors, unauthorised, badMessages, ms, summary };
}
