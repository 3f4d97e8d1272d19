/** Alerts, conditions and deliveries as every surface shows them (snake_case answer types of app/answers.ts). */
import { grouped } from '../../domain/format-number.ts';
import type {
  AlertCondition,
  AlertQuery,
  DeliveryAttempt,
  StoredAlert,
  StoredAlertRule,
  StoredDelivery,
} from '../../storage/alert-records.ts';
import type { Store } from '../../storage/store.ts';
import type { AlertConditionRow, AlertRow, AlertsAnswer, DeliveryRow } from '../answers.ts';
import { parseChoice } from '../analysis/params.ts';
import { NotFoundError } from '../../domain/errors.ts';
import { quoteValue } from '../../domain/quote.ts';
import {
  shownWebhookUrl,
  withoutLocationCredentials,
  withoutWebhookCredentials,
} from './webhook-credentials.ts';

/** The columns of an alert row (AlertRow), in its order: a CSV of no alerts still has its header (API and CLI). */
export const ALERT_COLUMNS = [
  'id',
  'rule_id',
  'rule_name',
  'kind',
  'key',
  'state',
  'reason',
  'title',
  'detail',
  'trigger',
  'at',
  'last_seen_at',
  'seen',
  'cleared_at',
] as const satisfies readonly (keyof AlertRow)[];

/** The columns of a webhook delivery (DeliveryRow), in its order: a CSV of none still has its header. */
export const DELIVERY_COLUMNS = [
  'id',
  'alert_id',
  'rule_id',
  'url',
  'status',
  'attempts',
  'last_http_status',
  'last_error',
  'created_at',
  'finished_at',
  'cancel_reason',
  'attempt_log',
] as const satisfies readonly (keyof DeliveryRow)[];

/** An alert with its rule's name and kind (null when the rule is not known). */
export function alertRow(a: StoredAlert, rule: Pick<StoredAlertRule, 'name' | 'kind'> | undefined): AlertRow {
  return {
    id: a.id,
    rule_id: a.ruleId,
    rule_name: rule?.name ?? null,
    kind: rule?.kind ?? null,
    key: a.key,
    state: a.state,
    reason: a.reason,
    title: a.title,
    detail: a.detail,
    trigger: a.trigger,
    at: a.at,
    last_seen_at: a.lastSeenAt,
    seen: a.seen,
    cleared_at: a.clearedAt,
  };
}

/** A stored condition as listed. */
export function conditionRow(c: AlertCondition): AlertConditionRow {
  return {
    rule_id: c.ruleId,
    key: c.key,
    state: c.alertId === null ? 'pending' : 'alerted',
    title: c.title,
    first_seen_at: c.firstSeenAt,
    last_seen_at: c.lastSeenAt,
    evaluations: c.evaluations,
    alert_id: c.alertId,
  };
}

/** Which alerts to list (text values from the CLI or the API). */
export interface AlertListQuery {
  state?: string;
  rule?: number;
  limit?: number;
  offset?: number;
}

/** Who is listing: `desk` false for callers below the desk's roles (anonymous, viewer). */
export interface AlertListCaller {
  desk: boolean;
}

/**
 * Alerts newest first, with the conditions holding now (pending ones first to see). A caller who
 * may not see the desk (docs/desk.md: anonymous and viewer callers never see it) gets no alert or
 * condition of a desk_review rule: their titles carry unreviewed headlines and their details the
 * analysts' key ids. The total and the pages then count the alerts that caller sees.
 */
export async function listAlertsView(
  store: Store,
  q: AlertListQuery,
  caller: AlertListCaller = { desk: true },
): Promise<AlertsAnswer> {
  const state =
    q.state === undefined ? undefined : parseChoice('state', q.state, ['fired', 'suppressed'] as const);
  const limit = q.limit ?? 100;
  const offset = q.offset ?? 0;
  const rules = await store.listAlertRules(true);
  const hidden = new Set(caller.desk ? [] : rules.filter((r) => r.kind === 'desk_review').map((r) => r.id));
  // A rule that does not exist (or that this caller may not see) has no alerts to list: not found,
  // not an empty list that reads as a quiet rule.
  if (q.rule !== undefined && (hidden.has(q.rule) || !rules.some((r) => r.id === q.rule)))
    throw new NotFoundError(`no alert rule ${quoteValue(q.rule)} (see alerts rules list)`);
  const [page, conditions] = await Promise.all([
    hidden.size
      ? visiblePage(store, hidden, { state, ruleId: q.rule, limit, offset })
      : store.listAlerts({ state, ruleId: q.rule, limit, offset }),
    store.alertConditions(q.rule),
  ]);
  const byId = new Map(rules.map((r) => [r.id, r]));
  const shown = page.rows.length;
  return {
    alerts: page.rows.map((a) => alertRow(a, byId.get(a.ruleId))),
    total: page.total,
    conditions: conditions.filter((c) => !hidden.has(c.ruleId)).map(conditionRow),
    note:
      page.total > offset + shown
        ? `${grouped(shown)} of ${grouped(page.total)} alerts listed (newest first); page on with offset ${offset + shown}`
        : null,
  };
}

// A page of the alerts not of the hidden rules: the store pages every rule's alerts, so the page is
// cut here from all that match (alerts are few: one per condition that fired or was suppressed).
async function visiblePage(
  store: Store,
  hidden: ReadonlySet<number>,
  q: AlertQuery & { limit: number; offset: number },
): Promise<{ rows: StoredAlert[]; total: number }> {
  if (q.ruleId !== undefined && hidden.has(q.ruleId)) return { rows: [], total: 0 };
  const { total } = await store.listAlerts({ ...q, limit: 1, offset: 0 });
  const all = (await store.listAlerts({ ...q, limit: Math.max(1, total), offset: 0 })).rows.filter(
    (a) => !hidden.has(a.ruleId),
  );
  return { rows: all.slice(q.offset, q.offset + q.limit), total: all.length };
}

/**
 * GET /alerts/deliveries and `faultline alerts deliveries --format json`: the deliveries (at most
 * `limit`, default 100) and, when more match, a note saying so (null when every match is listed).
 */
export async function deliveriesAnswer(
  store: Store,
  q: { status?: string; alert?: number; limit?: number },
): Promise<{ deliveries: DeliveryRow[]; note: string | null }> {
  const limit = q.limit ?? 100;
  // An alert that does not exist has no deliveries to list: not found, not an empty list that reads
  // as an alert whose webhook was never called (as GET /alerts?rule= of a rule that does not exist).
  if (q.alert !== undefined && !(await store.getAlert(q.alert)))
    throw new NotFoundError(`no alert ${quoteValue(q.alert)} (see alerts list)`);
  // One more than the limit: whether more deliveries match, so a cut list says so.
  const rows = await listDeliveriesView(store, { ...q, limit: limit + 1 });
  return {
    deliveries: rows.slice(0, limit),
    note:
      rows.length > limit
        ? `the ${grouped(limit)} newest of more matching deliveries: give a larger limit (at most 10000), or filter by status or alert`
        : null,
  };
}

/**
 * Webhook deliveries newest first, each with its attempts. A URL stored with a user name or password
 * (a rule made before they were refused) is listed as `https://***@host/...`, in its errors too.
 */
export async function listDeliveriesView(
  store: Store,
  q: { status?: string; alert?: number; limit?: number },
): Promise<DeliveryRow[]> {
  const status =
    q.status === undefined
      ? undefined
      : parseChoice('status', q.status, ['pending', 'delivered', 'failed', 'cancelled'] as const);
  const rows = await store.listDeliveries({ status, alertId: q.alert, limit: q.limit ?? 100 });
  return Promise.all(rows.map(async (d) => deliveryRow(d, await store.deliveryAttempts(d.id))));
}

/** One delivery with its attempts, as listed. */
export function deliveryRow(d: StoredDelivery, attempts: readonly DeliveryAttempt[]): DeliveryRow {
  const hide = (error: string | null) =>
    error === null ? null : withoutLocationCredentials(withoutWebhookCredentials(error, d.url), d.url);
  return {
    id: d.id,
    alert_id: d.alertId,
    rule_id: d.ruleId,
    url: shownWebhookUrl(d.url),
    status: d.status,
    attempts: d.attempts,
    last_http_status: d.lastHttpStatus,
    last_error: hide(d.lastError),
    created_at: d.createdAt,
    finished_at: d.finishedAt,
    cancel_reason: d.cancelReason,
    attempt_log: attempts.map((a) => ({
      attempt: a.attempt,
      at: a.at,
      http_status: a.httpStatus,
      error: hide(a.error),
      duration_ms: a.durationMs,
    })),
  };
}
