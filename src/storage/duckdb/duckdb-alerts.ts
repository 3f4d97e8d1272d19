/** Alert rules, conditions, alerts and webhook deliveries in DuckDB (tables of migration 13). */
import type {
  AddedEventsQuery,
  AlertCondition,
  AlertEvaluationWrite,
  AlertQuery,
  LatestAlertsQuery,
  DeliveryAttempt,
  DeliveryQuery,
  DeliveryStatus,
  NewAlertRule,
  StoredAlert,
  StoredAlertRule,
  StoredDelivery,
} from '../alert-records.ts';
import { RULE_REMOVED } from '../alert-records.ts';
import { DESK_SOURCE } from '../../domain/desk.ts';
import type { StoredEvent } from '../event-columns.ts';
import type { DuckDBPool } from './duckdb-pool.ts';
import { Params, whereClause } from './duckdb-filters.ts';
import { eventFromRow } from './duckdb-rows.ts';
import { inTransaction } from './duckdb-transaction.ts';

type Row = Record<string, unknown>;
const str = (v: unknown) => (v === null || v === undefined ? null : String(v));
const num = (v: unknown) => (v === null || v === undefined ? null : Number(v));
const json = (v: unknown) => JSON.parse(String(v ?? '{}')) as Record<string, unknown>;

const ruleFromRow = (r: Row): StoredAlertRule => ({
  id: Number(r.id),
  name: String(r.name),
  kind: r.kind as StoredAlertRule['kind'],
  params: json(r.params),
  pendingEvaluations: Number(r.pending_evaluations),
  pendingHours: Number(r.pending_hours),
  cooldownHours: Number(r.cooldown_hours),
  webhookUrl: str(r.webhook_url),
  webhookSecret: str(r.webhook_secret),
  afterImportId: Number(r.after_import_id),
  createdAt: String(r.created_at),
  removedAt: str(r.removed_at),
  lastEvaluatedAt: str(r.last_evaluated_at),
  lastError: str(r.last_error),
  lastNote: str(r.last_note),
});

const conditionFromRow = (r: Row): AlertCondition => ({
  ruleId: Number(r.rule_id),
  key: String(r.key),
  firstSeenAt: String(r.first_seen_at),
  lastSeenAt: String(r.last_seen_at),
  evaluations: Number(r.evaluations),
  alertId: num(r.alert_id),
  alertAt: str(r.alert_at),
  title: String(r.title),
  detail: json(r.detail),
});

const alertFromRow = (r: Row): StoredAlert => ({
  id: Number(r.id),
  ruleId: Number(r.rule_id),
  key: String(r.key),
  state: r.state as StoredAlert['state'],
  reason: str(r.reason),
  title: String(r.title),
  detail: json(r.detail),
  trigger: String(r.trigger),
  at: String(r.recorded_at),
  lastSeenAt: String(r.last_seen_at),
  seen: Number(r.seen),
  clearedAt: str(r.cleared_at),
});

const deliveryFromRow = (r: Row): StoredDelivery => ({
  id: Number(r.id),
  alertId: Number(r.alert_id),
  ruleId: Number(r.rule_id),
  url: String(r.url),
  status: r.status as DeliveryStatus,
  attempts: Number(r.attempts),
  lastHttpStatus: num(r.last_http_status),
  lastError: str(r.last_error),
  createdAt: String(r.created_at),
  finishedAt: str(r.finished_at),
  cancelReason: str(r.cancel_reason),
});

/** The alert tables' reads and writes over one DuckDB pool. */
export class DuckDBAlerts {
  constructor(private readonly db: DuckDBPool) {}

  addRule(r: NewAlertRule): Promise<StoredAlertRule> {
    return this.db.write(async (db) => {
      const [row] = await db.all<Row>(
        `INSERT INTO alert_rules (id, name, kind, params, pending_evaluations, pending_hours, cooldown_hours,
          webhook_url, webhook_secret, after_import_id, created_at)
         VALUES (nextval('alert_rule_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *`,
        [
          r.name,
          r.kind,
          JSON.stringify(r.params),
          r.pendingEvaluations,
          r.pendingHours,
          r.cooldownHours,
          r.webhookUrl,
          r.webhookSecret,
          r.afterImportId,
          r.createdAt,
        ],
      );
      return ruleFromRow(row!);
    });
  }

  async listRules(includeRemoved: boolean): Promise<StoredAlertRule[]> {
    const where = includeRemoved ? '' : 'WHERE removed_at IS NULL';
    return (await this.db.all<Row>(`SELECT * FROM alert_rules ${where} ORDER BY id`)).map(ruleFromRow);
  }

  removeRule(id: number, at: string): Promise<{ cancelledDeliveries: number } | null> {
    return this.db.write((db) =>
      inTransaction(db, async () => {
        const gone = await db.all(
          `UPDATE alert_rules SET removed_at = $2 WHERE id = $1 AND removed_at IS NULL RETURNING id`,
          [id, at],
        );
        let cancelled = 0;
        if (gone.length) {
          // A removed rule has no pending conditions left to confirm, and calls its webhook no more:
          // its pending deliveries are cancelled (delivered and failed ones stay as they were).
          await db.run(`DELETE FROM alert_conditions WHERE rule_id = $1`, [id]);
          cancelled = (
            await db.all(
              `UPDATE alert_deliveries SET status = 'cancelled', cancel_reason = $2, finished_at = $3
               WHERE rule_id = $1 AND status = 'pending' RETURNING id`,
              [id, RULE_REMOVED, at],
            )
          ).length;
        }
        return gone.length ? { cancelledDeliveries: cancelled } : null;
      }),
    );
  }

  async conditions(ruleId?: number): Promise<AlertCondition[]> {
    const rows = await this.db.all<Row>(
      `SELECT * FROM alert_conditions ${ruleId === undefined ? '' : 'WHERE rule_id = $1'} ORDER BY rule_id, first_seen_at, key`,
      ruleId === undefined ? [] : [ruleId],
    );
    return rows.map(conditionFromRow);
  }

  applyEvaluation(w: AlertEvaluationWrite): Promise<StoredAlert[]> {
    return this.db.write((db) =>
      inTransaction(db, async () => {
        const added: StoredAlert[] = [];
        for (const a of w.newAlerts) {
          const [row] = await db.all<Row>(
            `INSERT INTO alerts VALUES (nextval('alert_id_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING *`,
            [
              a.ruleId,
              a.key,
              a.state,
              a.reason,
              a.title,
              JSON.stringify(a.detail),
              a.trigger,
              a.at,
              a.lastSeenAt,
              a.seen,
              a.clearedAt,
            ],
          );
          const alert = alertFromRow(row!);
          added.push(alert);
          // A rule removed while it was evaluated gets its delivery cancelled, as removal cancels
          // those pending then (writes take turns, so one or the other comes first).
          if (alert.state === 'fired' && w.webhookUrl)
            await db.run(
              `INSERT INTO alert_deliveries (id, alert_id, rule_id, url, status, attempts, created_at, finished_at, cancel_reason)
               SELECT nextval('alert_delivery_id_seq'), $1, $2, $3,
                 CASE WHEN r.removed_at IS NULL THEN 'pending' ELSE 'cancelled' END, 0, $4, r.removed_at,
                 CASE WHEN r.removed_at IS NULL THEN NULL ELSE $5 END
               FROM alert_rules r WHERE r.id = $2`,
              [alert.id, alert.ruleId, w.webhookUrl, w.at, RULE_REMOVED],
            );
        }
        if (w.seenAlertIds.length)
          await db.run(
            `UPDATE alerts SET last_seen_at = $1, seen = seen + 1 WHERE id IN (${w.seenAlertIds.map(Number).join(', ')})`,
            [w.at],
          );
        if (w.clearedAlertIds.length)
          await db.run(
            `UPDATE alerts SET cleared_at = $1 WHERE cleared_at IS NULL AND id IN (${w.clearedAlertIds.map(Number).join(', ')})`,
            [w.at],
          );
        await db.run(`DELETE FROM alert_conditions WHERE rule_id = $1`, [w.ruleId]);
        // A rule removed while it was evaluated keeps no conditions, as removal leaves none: they
        // would be pending confirmation by evaluations that never come.
        const [live] = await db.all<{ n: number }>(
          `SELECT count(*) AS n FROM alert_rules WHERE id = $1 AND removed_at IS NULL`,
          [w.ruleId],
        );
        const byKey = new Map(added.map((a) => [a.key, a]));
        for (const c of Number(live?.n) ? w.conditions : []) {
          const fresh = c.alertId === null ? byKey.get(c.key) : undefined;
          await db.run(`INSERT INTO alert_conditions VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`, [
            w.ruleId,
            c.key,
            c.firstSeenAt,
            c.lastSeenAt,
            c.evaluations,
            fresh?.id ?? c.alertId,
            fresh?.at ?? c.alertAt,
            c.title,
            JSON.stringify(c.detail),
          ]);
        }
        await db.run(
          `UPDATE alert_rules SET last_evaluated_at = $2, last_error = $3, last_note = $4 WHERE id = $1`,
          [w.ruleId, w.at, w.error, w.note ?? null],
        );
        return added;
      }),
    );
  }

  async listAlerts(q: AlertQuery): Promise<{ rows: StoredAlert[]; total: number }> {
    const p = new Params();
    const c: string[] = [];
    if (q.ruleId !== undefined) c.push(`rule_id = ${p.add(q.ruleId)}`);
    if (q.state !== undefined) c.push(`state = ${p.add(q.state)}`);
    if (q.since !== undefined) c.push(`recorded_at >= ${p.add(q.since)}`);
    const where = c.length ? `WHERE ${c.join(' AND ')}` : '';
    const [{ n }] = (await this.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM alerts ${where}`,
      p.values,
    )) as [{ n: number }];
    const limit = p.add(Math.max(0, q.limit ?? 100));
    const offset = p.add(Math.max(0, q.offset ?? 0));
    const rows = await this.db.all<Row>(
      `SELECT * FROM alerts ${where} ORDER BY recorded_at DESC, id DESC LIMIT ${limit} OFFSET ${offset}`,
      p.values,
    );
    return { rows: rows.map(alertFromRow), total: Number(n) };
  }

  /** Of each key, the rule's newest alert since the time: one row per key, in SQL, with no limit to cut it. */
  async latestAlerts(q: LatestAlertsQuery): Promise<StoredAlert[]> {
    if (!q.keys.length) return [];
    const p = new Params();
    const rows = await this.db.all<Row>(
      `SELECT * FROM alerts
       WHERE rule_id = ${p.add(q.ruleId)} AND recorded_at >= ${p.add(q.since)}
         AND key IN (SELECT unnest(${p.strings(q.keys)}))
       QUALIFY row_number() OVER (PARTITION BY key ORDER BY recorded_at DESC, id DESC) = 1`,
      p.values,
    );
    return rows.map(alertFromRow);
  }

  async getAlert(id: number): Promise<StoredAlert | null> {
    const [row] = await this.db.all<Row>(`SELECT * FROM alerts WHERE id = $1`, [id]);
    return row ? alertFromRow(row) : null;
  }

  async listDeliveries(q: DeliveryQuery): Promise<StoredDelivery[]> {
    const p = new Params();
    const c: string[] = [];
    if (q.id !== undefined) c.push(`id = ${p.add(q.id)}`);
    if (q.status !== undefined) c.push(`status = ${p.add(q.status)}`);
    if (q.alertId !== undefined) c.push(`alert_id = ${p.add(q.alertId)}`);
    const rows = await this.db.all<Row>(
      `SELECT * FROM alert_deliveries ${c.length ? `WHERE ${c.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT ${p.add(Math.max(0, q.limit ?? 100))}`,
      p.values,
    );
    return rows.map(deliveryFromRow);
  }

  async deliveryAttempts(deliveryId: number): Promise<DeliveryAttempt[]> {
    const rows = await this.db.all<Row>(
      `SELECT * FROM alert_delivery_attempts WHERE delivery_id = $1 ORDER BY attempt`,
      [deliveryId],
    );
    return rows.map((r) => ({
      deliveryId: Number(r.delivery_id),
      attempt: Number(r.attempt),
      at: String(r.attempted_at),
      httpStatus: num(r.http_status),
      error: str(r.error),
      durationMs: Number(r.duration_ms),
    }));
  }

  recordAttempt(a: DeliveryAttempt, status: DeliveryStatus): Promise<void> {
    return this.db.write((db) =>
      inTransaction(db, async () => {
        await db.run(`INSERT INTO alert_delivery_attempts VALUES ($1, $2, $3, $4, $5, $6)`, [
          a.deliveryId,
          a.attempt,
          a.at,
          a.httpStatus,
          a.error,
          a.durationMs,
        ]);
        // An attempt under way when the delivery was cancelled is logged (its request was sent): one
        // answered 2xx was delivered after all; any other leaves it cancelled, never tried again.
        await db.run(
          `UPDATE alert_deliveries SET attempts = $3, last_http_status = $4, last_error = $5,
             status = CASE WHEN status = 'cancelled' AND $2 <> 'delivered' THEN status ELSE $2 END,
             finished_at = CASE WHEN status = 'cancelled' AND $2 <> 'delivered' THEN finished_at
               WHEN $2 = 'pending' THEN NULL ELSE $6 END,
             cancel_reason = CASE WHEN $2 = 'delivered' THEN NULL ELSE cancel_reason END
           WHERE id = $1`,
          [a.deliveryId, status, a.attempt, a.httpStatus, a.error, a.at],
        );
      }),
    );
  }

  async addedEvents(q: AddedEventsQuery): Promise<{ rows: StoredEvent[]; total: number }> {
    const p = new Params();
    const where = whereClause(q.filter, p);
    const after = p.add(q.afterImportId);
    const and = where ? `${where} AND` : 'WHERE';
    const imported = `e.id IN (SELECT event_id FROM event_changes WHERE change = 'added' AND import_id > ${after})`;
    // A published desk event is no import's: it is new from its first publication (desk_audit), so an
    // edit and republication of one published before is not new, as a changed import is not.
    const published =
      q.deskPublishedSince === undefined
        ? ''
        : ` OR (e.source = '${DESK_SOURCE}' AND e.source_id IN (SELECT CAST(event_id AS VARCHAR) FROM desk_audit
            WHERE action = 'publish' GROUP BY event_id
            HAVING min(CAST("at" AS TIMESTAMPTZ)) >= CAST(${p.add(q.deskPublishedSince)} AS TIMESTAMPTZ)))`;
    const added = `${and} (${imported}${published})`;
    const [{ n }] = (await this.db.all<{ n: number }>(
      `SELECT count(*) AS n FROM events e ${added}`,
      p.values,
    )) as [{ n: number }];
    const rows = await this.db.all(
      `SELECT e.* FROM events e ${added} ORDER BY e.date_start, e.id LIMIT ${p.add(q.limit)}`,
      p.values,
    );
    return { rows: rows.map(eventFromRow), total: Number(n) };
  }
}
