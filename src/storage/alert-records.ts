/**
 * What the store keeps about alerts (docs/alerts.md): rules, the conditions a rule's last
 * evaluation saw (pending until confirmed), the alerts recorded (fired or suppressed, never
 * dropped), webhook deliveries and each delivery attempt.
 */
import type { EventFilter } from '../domain/query.ts';

/** The kinds of alert rule. */
export type AlertRuleKind = 'surge' | 'forecast' | 'relations' | 'border' | 'desk_review';

/** An alert rule as stored. `params` is the kind's own settings (checked by app/alerts/rules.ts). */
export interface StoredAlertRule {
  id: number;
  name: string;
  kind: AlertRuleKind;
  params: Record<string, unknown>;
  /** Consecutive evaluations a condition must hold before it fires (1: at once). */
  pendingEvaluations: number;
  /** Hours a condition must have held (since first seen) before it fires (0: no wait). */
  pendingHours: number;
  /** Hours after a rule fires during which it fires nothing new (anything due is recorded as suppressed). */
  cooldownHours: number;
  webhookUrl: string | null;
  /** HMAC-SHA256 key of the webhook signature (never listed). */
  webhookSecret: string | null;
  /** Events count as new for border rules when an import after this one added them. */
  afterImportId: number;
  createdAt: string;
  removedAt: string | null;
  lastEvaluatedAt: string | null;
  /** Why the last evaluation of the rule failed, or null. */
  lastError: string | null;
  /** The note of the rule's last evaluation (what it could not judge, data long behind), or null. */
  lastNote: string | null;
}

/** A rule as added: what the store does not fill in itself. */
export type NewAlertRule = Omit<
  StoredAlertRule,
  'id' | 'removedAt' | 'lastEvaluatedAt' | 'lastError' | 'lastNote'
>;

/** A condition a rule's evaluation found holding, with how long and which alert (if any) it led to. */
export interface AlertCondition {
  ruleId: number;
  /** Stable key of what holds (the rule's subject, a unit and month, an event id). */
  key: string;
  firstSeenAt: string;
  lastSeenAt: string;
  /** Consecutive evaluations it has held. */
  evaluations: number;
  /** The latest alert recorded for this run of the condition, and when; null while pending. */
  alertId: number | null;
  alertAt: string | null;
  title: string;
  detail: Record<string, unknown>;
}

/** Alert states: fired (delivered) or suppressed (recorded with the reason, not delivered). */
export type AlertState = 'fired' | 'suppressed';

/** An alert as recorded. */
export interface StoredAlert {
  id: number;
  ruleId: number;
  key: string;
  state: AlertState;
  /** Why it was suppressed; null when fired. */
  reason: string | null;
  title: string;
  detail: Record<string, unknown>;
  /** What ran the evaluation: import, update, schedule, manual. */
  trigger: string;
  at: string;
  /** The last evaluation that still found the condition holding, and how many did. */
  lastSeenAt: string;
  seen: number;
  /** When an evaluation first found the condition no longer holding; null while it holds. */
  clearedAt: string | null;
}

/** One rule's evaluation, written in one transaction. */
export interface AlertEvaluationWrite {
  ruleId: number;
  at: string;
  error: string | null;
  /** The evaluation's note, kept on the rule as its last note (absent: none). */
  note?: string | null;
  /** The rule's conditions from now on (replacing the stored ones); `alertId` null links to a new alert of the same key. */
  conditions: AlertCondition[];
  /** Alerts to record; fired ones with a webhook get a pending delivery. */
  newAlerts: Omit<StoredAlert, 'id'>[];
  /** Alerts whose condition still holds (last_seen_at = at, seen + 1). */
  seenAlertIds: number[];
  /** Alerts whose condition no longer holds. */
  clearedAlertIds: number[];
  /** URL to deliver new fired alerts to, or null. */
  webhookUrl: string | null;
}

/**
 * The alerts a rule's cool-down is checked against: of each key given, the newest alert the rule
 * recorded at or after `since` (ISO time).
 */
export interface LatestAlertsQuery {
  ruleId: number;
  keys: readonly string[];
  since: string;
}

/** Which alerts to list, newest first. */
export interface AlertQuery {
  ruleId?: number;
  state?: AlertState;
  /** Only alerts recorded at or after this ISO time. */
  since?: string;
  limit?: number;
  offset?: number;
}

/**
 * Delivery states: pending (queued or being retried), delivered, failed (for good), or cancelled
 * (never sent again: its rule was removed while it was pending).
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'cancelled';

/** Why a delivery is cancelled: its rule was removed while it was pending (the one reason there is). */
export const RULE_REMOVED = 'rule removed';

/** A webhook delivery of one alert, with its last attempt's outcome. */
export interface StoredDelivery {
  id: number;
  alertId: number;
  ruleId: number;
  url: string;
  status: DeliveryStatus;
  attempts: number;
  lastHttpStatus: number | null;
  lastError: string | null;
  createdAt: string;
  /** When it was delivered, failed for good or was cancelled; null while pending. */
  finishedAt: string | null;
  /** Why it was cancelled (`rule removed`); null unless cancelled. */
  cancelReason: string | null;
}

/** One attempt at a delivery. */
export interface DeliveryAttempt {
  deliveryId: number;
  attempt: number;
  at: string;
  /** The receiver's HTTP status; null when no answer came (refused, timed out). */
  httpStatus: number | null;
  error: string | null;
  durationMs: number;
}

/** Which deliveries to list, newest first. */
export interface DeliveryQuery {
  /** One delivery by its id. */
  id?: number;
  status?: DeliveryStatus;
  alertId?: number;
  limit?: number;
}

/**
 * Events a border rule checks, matching a filter: added by imports after `afterImportId`, and, when
 * `deskPublishedSince` is given and the filter includes desk events, published desk events first
 * published at or after that instant (an edit and republication is not new).
 */
export interface AddedEventsQuery {
  afterImportId: number;
  /** ISO instant: desk events first published from then on count as added (imports never add them). */
  deskPublishedSince?: string;
  filter: EventFilter;
  limit: number;
}
