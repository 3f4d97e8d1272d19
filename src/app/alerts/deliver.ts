/**
 * Webhook delivery of fired alerts: a JSON POST signed with HMAC-SHA256 over
 * `<timestamp>.<raw body>` (docs/alerts.md, "Verifying a delivery"), retried with exponential
 * backoff (p-retry) on network errors, time-outs, 408, 429 and 5xx (never on a redirect, which is
 * not followed, or another 4xx); every attempt is logged in the store. Deliveries left pending (a
 * process that stopped) are sent by the next pass; one that failed for good is sent again only when
 * an admin asks (resendDelivery); one cancelled (its rule removed) is never sent again. A webhook
 * whose host is, or resolves to, an address webhooks may not reach (link-local, unspecified: see
 * webhook-address.ts) is not sent: the attempt is logged with the reason, and not retried.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import pRetry, { AbortError } from 'p-retry';
import { ConflictError, InvalidInputError, NotFoundError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import type { StoredDelivery } from '../../storage/alert-records.ts';
import type { Store } from '../../storage/store.ts';
import { alertRow } from './views.ts';
import { RefusedAddressError, refusedWebhookHost, webhookLookup } from './webhook-address.ts';
import { shownLocation, shownWebhookUrl } from './webhook-credentials.ts';

/** Header with the Unix time (seconds) the signature covers. */
export const TIMESTAMP_HEADER = 'X-Faultline-Timestamp';
/** Header with `sha256=<hex HMAC-SHA256(secret, timestamp + "." + raw body)>`. */
export const SIGNATURE_HEADER = 'X-Faultline-Signature';
/** Header with the delivery id (the same on every retry of one delivery). */
export const DELIVERY_HEADER = 'X-Faultline-Delivery';

/** How hard to try: attempts in all, first wait and growth, and each attempt's time-out. */
export interface DeliveryPolicy {
  attempts: number;
  minTimeoutMs: number;
  factor: number;
  timeoutMs: number;
}

/** Five attempts over about 15 s (1, 2, 4, 8 s apart), 10 s each at most. */
export const DEFAULT_POLICY: DeliveryPolicy = {
  attempts: 5,
  minTimeoutMs: 1000,
  factor: 2,
  timeoutMs: 10_000,
};

let installed: DeliveryPolicy = DEFAULT_POLICY;

/** Sets the process's delivery policy (a composition root from its settings; tests, to be quick). */
export function useDeliveryPolicy(policy: DeliveryPolicy | null): void {
  installed = policy ?? DEFAULT_POLICY;
}

/** The signature header's value for a body sent at `timestamp` (seconds). */
export function signBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** What one pass did: how many it delivered, how many failed for good, and the ids of those. */
export interface DeliveryPass {
  delivered: number;
  failed: number;
  failedIds: number[];
}

class HttpStatusError extends Error {
  constructor(readonly status: number) {
    super(`the receiver answered HTTP ${status}`);
  }
}

let lookup: LookupFunction = webhookLookup();

/** Sets the name lookup deliveries connect with (tests, to resolve a name to a given address); null restores the system's. */
export function useWebhookLookup(l: LookupFunction | null): void {
  lookup = l ?? webhookLookup();
}

/** What a receiver answered: its status, and where a redirect pointed (null when it did not). */
interface Answer {
  status: number;
  location: string | null;
}

/**
 * POSTs a body and resolves to the answer's status (and Location) once its head arrives (the body is
 * not read). Through node:http rather than fetch, which takes no lookup: the connection goes to the
 * address webhookLookup checked, and no redirect is followed.
 */
function post(
  url: string,
  headers: Record<string, string>,
  body: string,
  signal: AbortSignal,
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const request = (url.startsWith('https:') ? httpsRequest : httpRequest)(
      url,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)) },
        lookup,
        signal,
      },
      (res) => {
        resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? null });
        res.destroy();
      },
    );
    request.on('error', reject);
    request.end(body);
  });
}

/**
 * Sends one delivery, logging every attempt after those it has; resolves to its final status, never
 * throws. It is tried `budget` times at most (default: the attempts it has left of the policy's),
 * and not again once cancelled (its rule removed): then it resolves to `cancelled`.
 */
async function sendOne(
  store: Store,
  d: StoredDelivery,
  policy: DeliveryPolicy,
  budget?: number,
): Promise<'delivered' | 'failed' | 'cancelled'> {
  const [alert, rules] = await Promise.all([store.getAlert(d.alertId), store.listAlertRules(true)]);
  const rule = rules.find((r) => r.id === d.ruleId);
  const at = () => new Date().toISOString();
  if (!alert || !rule) {
    await store.recordDeliveryAttempt(
      {
        deliveryId: d.id,
        attempt: d.attempts + 1,
        at: at(),
        httpStatus: null,
        error: 'the alert or its rule is gone',
        durationMs: 0,
      },
      'failed',
    );
    return 'failed';
  }
  const payload = JSON.stringify({
    delivery_id: d.id,
    alert: alertRow(alert, rule),
    rule: { id: rule.id, name: rule.name, kind: rule.kind, params: rule.params },
  });
  let attempt = d.attempts;
  // A delivery left pending by a process that stopped (a command waits 20 s for its deliveries) has
  // its earlier attempts counted: it is tried up to `attempts` times in all, not that many more each
  // pass (a receiver that is slow got five more at every evaluation). One at least, to finish it.
  const left = budget ?? Math.max(1, policy.attempts - d.attempts);
  let cancelled = false;
  try {
    await pRetry(
      async () => {
        // Its rule removed since the delivery was read (or between two attempts): it is cancelled,
        // and not sent again (a removed rule's webhook went on being called to the last attempt).
        const [now] = await store.listDeliveries({ id: d.id, limit: 1 });
        if (now?.status === 'cancelled') {
          cancelled = true;
          throw new AbortError(`cancelled: ${now.cancelReason}`);
        }
        attempt++;
        const started = Date.now();
        const timestamp = Math.floor(started / 1000);
        const headers: Record<string, string> = {
          'content-type': 'application/json',
          'user-agent': 'faultline-alerts',
          [DELIVERY_HEADER]: String(d.id),
          [TIMESTAMP_HEADER]: String(timestamp),
        };
        if (rule.webhookSecret) headers[SIGNATURE_HEADER] = signBody(rule.webhookSecret, timestamp, payload);
        let status: number | null = null;
        let error: string | null = null;
        // An address written in the URL is refused before connecting (a rule stored before the check).
        const refused = refusedWebhookHost(d.url);
        const signal = AbortSignal.timeout(policy.timeoutMs);
        try {
          if (refused) throw new RefusedAddressError(refused);
          const answer = await post(d.url, headers, payload, signal);
          status = answer.status;
          // A redirect is not followed (it could lead anywhere the address checks did not see), and
          // says where it pointed, so the rule's URL can be corrected: any user name or password in
          // it as *** (shownLocation), as every URL of alerts is shown.
          if (status >= 300 && status < 400)
            error = `HTTP ${status}: redirected ${answer.location === null ? 'with no Location' : `to ${quoteValue(shownLocation(answer.location, d.url))}`}, not followed (give the rule the URL that answers; docs/security.md)`;
          else if (status < 200 || status > 299) error = `HTTP ${status}`;
        } catch (e) {
          const code = (e as NodeJS.ErrnoException).code;
          error =
            e instanceof RefusedAddressError
              ? `not sent: ${e.message}; webhooks may not reach link-local or unspecified addresses (docs/security.md)`
              : signal.aborted
                ? `no answer within ${policy.timeoutMs} ms`
                : `cannot reach ${quoteValue(shownWebhookUrl(d.url))}: ${code ?? (e as Error).message}`;
        }
        const last = attempt - d.attempts >= left;
        // Other 4xx answers will not change on a retry (bad URL, refused signature), nor will a
        // refused address or a redirect, which is never followed (it was tried five times): stop there.
        const permanent =
          error?.startsWith('not sent: ') ||
          (status !== null && status >= 300 && status < 500 && status !== 408 && status !== 429);
        const outcome = error === null ? 'delivered' : last || permanent ? 'failed' : 'pending';
        await store.recordDeliveryAttempt(
          {
            deliveryId: d.id,
            attempt,
            at: at(),
            httpStatus: status,
            error,
            durationMs: Date.now() - started,
          },
          outcome,
        );
        if (error === null) return;
        if (permanent) throw new AbortError(error!);
        throw status === null ? new Error(error) : new HttpStatusError(status);
      },
      {
        retries: left - 1,
        minTimeout: policy.minTimeoutMs,
        factor: policy.factor,
        randomize: false,
      },
    );
    return 'delivered';
  } catch {
    return cancelled ? 'cancelled' : 'failed';
  }
}

/** The deliveries of each store being sent now, by id, so that no pass sends one another has under way. */
const sending = new WeakMap<Store, Map<number, Promise<unknown>>>();

/**
 * Sends every pending delivery of the store, each at once: a receiver that hangs holds back no other
 * delivery, of this pass or a later one (passes ran one after another, so an alert that fired while a
 * hanging receiver was retried waited up to a minute for it). A delivery another pass has under way
 * is not sent again; the pass waits for it, and counts only what it sent itself.
 */
export async function deliverPending(
  store: Store,
  policy: DeliveryPolicy = installed,
): Promise<DeliveryPass> {
  const under = sending.get(store) ?? new Map<number, Promise<unknown>>();
  sending.set(store, under);
  const pass: DeliveryPass = { delivered: 0, failed: 0, failedIds: [] };
  const waits: Promise<unknown>[] = [];
  for (const listed of await store.listDeliveries({ status: 'pending', limit: 10_000 })) {
    const going = under.get(listed.id);
    if (going) {
      waits.push(going.catch(() => {}));
      continue;
    }
    const send = (async () => {
      // Read again once claimed: a pass that finished it after the list was read has delivered it.
      const [d] = await store.listDeliveries({ id: listed.id, limit: 1 });
      if (d?.status !== 'pending') return;
      const outcome = await sendOne(store, d, policy);
      // One cancelled under way (its rule removed) is neither: listed as cancelled.
      if (outcome === 'cancelled') return;
      pass[outcome]++;
      if (outcome === 'failed') pass.failedIds.push(d.id);
    })().finally(() => under.delete(listed.id));
    under.set(listed.id, send);
    waits.push(send);
  }
  await Promise.all(waits);
  return pass;
}

/** Parses a delivery id: `invalid delivery id: "x" (use a whole number from alerts deliveries)`. */
export function parseDeliveryId(v: string): number {
  if (!/^\d{1,9}$/.test(v))
    throw new InvalidInputError(
      `invalid delivery id: ${quoteValue(v)} (use a whole number from alerts deliveries)`,
    );
  return Number(v);
}

/**
 * Sends a delivery that failed for good again, under the process's retry policy and the rule's
 * signing, as many attempts as a new delivery gets; the attempts are added to the same delivery
 * (numbered on from its last). A failed delivery was otherwise never sent again. One delivered is
 * refused (a receiver would get it twice), as is one pending or under way, which a pass sends, and
 * one of a removed rule (it was sent to the removed rule's URL, signed with its secret), cancelled
 * ones included.
 */
export async function resendDelivery(
  store: Store,
  id: number,
  policy: DeliveryPolicy = installed,
): Promise<'delivered' | 'failed' | 'cancelled'> {
  const [d] = await store.listDeliveries({ id, limit: 1 });
  if (!d) throw new NotFoundError(`no webhook delivery ${quoteValue(id)} (see alerts deliveries)`);
  // A removed rule calls no webhook: its URL (one with credentials, say, removed to be replaced) and
  // secret stay stored only so its alerts and deliveries stay listed.
  const rule = (await store.listAlertRules(true)).find((r) => r.id === d.ruleId);
  if (!rule || rule.removedAt !== null)
    throw new ConflictError(
      `delivery ${quoteValue(id)} is of alert rule ${d.ruleId}, removed${rule?.removedAt ? ` at ${rule.removedAt}` : ''}: it is not sent again (a removed rule calls no webhook; add the rule again for its next alerts)`,
    );
  const under = sending.get(store) ?? new Map<number, Promise<unknown>>();
  sending.set(store, under);
  if (d.status === 'delivered')
    throw new ConflictError(
      `delivery ${quoteValue(id)} was delivered at ${d.finishedAt}: it is not sent again (only a failed delivery is)`,
    );
  if (d.status === 'cancelled')
    throw new ConflictError(
      `delivery ${quoteValue(id)} was cancelled at ${d.finishedAt} (${d.cancelReason}): it is not sent again (only a failed delivery is)`,
    );
  if (d.status === 'pending' || under.has(id))
    throw new ConflictError(
      `delivery ${quoteValue(id)} is pending: an evaluation sends it (faultline alerts evaluate); only a failed delivery is sent again`,
    );
  const send = sendOne(store, d, policy, policy.attempts).finally(() => under.delete(id));
  under.set(id, send);
  return send;
}
