/**
 * Desk events in DuckDB: the working copies (desk_events), the append-only audit log (desk_audit),
 * and the one canonical row a published desk event has in `events`, written in one transaction
 * with the rollup rows of its source-months.
 */
import { DESK_SOURCE } from '../../domain/desk.ts';
import { ConflictError } from '../../domain/errors.ts';
import type {
  DeskAuditEntry,
  DeskEvent,
  DeskIncidentLink,
  DeskQueueItem,
  DeskState,
} from '../../domain/desk.ts';
import { EVENT_COLUMNS } from '../event-columns.ts';
import type { DeskAuditQuery, DeskChange, DeskListQuery, DeskTransactionReads } from '../store.ts';
import type { Db, Reader } from './duckdb-connection.ts';
import type { DuckDBPool } from './duckdb-pool.ts';
import { refreshRollups } from './duckdb-rollups.ts';
import { inTransaction } from './duckdb-transaction.ts';
import { quoteValue } from '../../domain/quote.ts';

/** Migration 12: desk events, their audit log and the id sequence. */
export const DESK_DDL: readonly string[] = [
  `CREATE SEQUENCE IF NOT EXISTS desk_event_seq START 1`,
  `CREATE SEQUENCE IF NOT EXISTS desk_audit_seq START 1`,
  // One row per desk event (its working copy as JSON); no primary key: DuckDB refuses some updates under one.
  `CREATE TABLE desk_events (id INTEGER NOT NULL, state VARCHAR NOT NULL, state_since VARCHAR NOT NULL,
    created_at VARCHAR NOT NULL, record JSON NOT NULL)`,
  `CREATE TABLE desk_audit (seq INTEGER NOT NULL, event_id INTEGER NOT NULL, "at" VARCHAR NOT NULL,
    actor_id VARCHAR NOT NULL, actor_name VARCHAR, actor_role VARCHAR NOT NULL, action VARCHAR NOT NULL,
    state_before VARCHAR, state_after VARCHAR NOT NULL, reason VARCHAR, before JSON, after JSON NOT NULL)`,
];

/**
 * Migration 31: possible-same-incident links between desk events, one row per direction, so each
 * event reads its own (a later report names the earlier one, and the earlier one the later).
 */
export const DESK_LINKS_DDL: readonly string[] = [
  `CREATE TABLE IF NOT EXISTS desk_links (event_id INTEGER NOT NULL, other_id INTEGER NOT NULL,
    relation VARCHAR NOT NULL, "at" VARCHAR NOT NULL)`,
  // The pairs saved before links were kept, linked as a news draft's save linked them then (the
  // rule of desk-incident.ts sameIncident): not retracted, one of them read from the news, the same
  // day and country, and the same town or district. Two already published are linked too: a later
  // publish of either asks.
  `INSERT INTO desk_links
   WITH d AS (SELECT id, state, created_at, record->>'$.origin.kind' AS kind, record->>'$.fields.date_start' AS day,
     record->>'$.fields.country' AS country, record->>'$.fields.place' AS place, record->>'$.fields.admin2' AS admin2
     FROM desk_events WHERE state <> 'retracted')
   SELECT a.id, b.id, 'possible', greatest(a.created_at, b.created_at) FROM d a JOIN d b ON a.id <> b.id
     AND (a.kind = 'news' OR b.kind = 'news') AND a.day = b.day AND a.country = b.country
     AND (a.place = b.place OR a.admin2 = b.admin2)`,
];

/**
 * Migration 32: the pairs of desk events saved before every create was linked (hand-entered ones,
 * through desk add or the API), linked now by the rule every create follows (desk-incident.ts
 * sameIncident): not retracted, the same day and country, and the same town or district. A pair
 * linked already, however (possible, or as a publisher said), is left as it is.
 */
export const DESK_MANUAL_LINKS_DDL: readonly string[] = [
  `INSERT INTO desk_links
   WITH d AS (SELECT id, created_at, record->>'$.fields.date_start' AS day, record->>'$.fields.country' AS country,
     record->>'$.fields.place' AS place, record->>'$.fields.admin2' AS admin2
     FROM desk_events WHERE state <> 'retracted')
   SELECT a.id, b.id, 'possible', greatest(a.created_at, b.created_at) FROM d a JOIN d b ON a.id <> b.id
     AND a.day = b.day AND a.country = b.country AND (a.place = b.place OR a.admin2 = b.admin2)
   WHERE NOT EXISTS (SELECT 1 FROM desk_links l
     WHERE (l.event_id = a.id AND l.other_id = b.id) OR (l.event_id = b.id AND l.other_id = a.id))`,
];

/** A new desk event id. */
export async function nextDeskEventId(db: DuckDBPool): Promise<number> {
  const [row] = await db.write((w) => w.all<{ id: number }>(`SELECT nextval('desk_event_seq') AS id`));
  return Number(row!.id);
}

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;

/**
 * A stored working copy. One saved before events recorded the fields of each problem has no
 * `problem_fields`: each of its problems names none (known again from its next edit). One saved
 * before links and warnings were kept has none of either.
 */
function deskRecord(v: unknown): DeskEvent {
  const e = parse<DeskEvent>(v);
  return {
    ...e,
    problem_fields: e.problem_fields ?? e.problems.map(() => []),
    same_incident: e.same_incident ?? [],
    warnings: e.warnings ?? [],
  };
}

/** The working copies with their links as the links table holds them now (the record keeps them as of its last change). */
async function withLinks(db: Reader, events: DeskEvent[]): Promise<DeskEvent[]> {
  if (!events.length) return events;
  const rows = await db.all<{ event_id: number; other_id: number; relation: string }>(
    `SELECT event_id, other_id, relation FROM desk_links
     WHERE list_contains(from_json($1, '["INTEGER"]'), event_id) ORDER BY event_id, other_id`,
    [JSON.stringify(events.map((e) => e.id))],
  );
  const by = new Map<number, DeskIncidentLink[]>();
  for (const r of rows)
    by.set(Number(r.event_id), [
      ...(by.get(Number(r.event_id)) ?? []),
      { id: Number(r.other_id), relation: r.relation as DeskIncidentLink['relation'] },
    ]);
  return events.map((e) => ({ ...e, same_incident: by.get(e.id) ?? [] }));
}

/**
 * Writes a change in one transaction: working copy, audit entry, the counted row when it changes,
 * its links (written or removed), and the changes of other events made with it.
 */
export async function saveDeskChange(pool: DuckDBPool, c: DeskChange): Promise<void> {
  await decideDeskChange(pool, () => Promise.resolve(c));
}

/** The desk events (not retracted) of one day and country, as the writer's transaction reads them. */
async function deskEventsOfDay(db: Reader, day: string, country: string): Promise<DeskEvent[]> {
  const rows = await db.all<{ record: unknown }>(
    `SELECT record FROM desk_events WHERE state <> 'retracted'
     AND json_extract_string(record, '$.fields.date_start') = $1
     AND json_extract_string(record, '$.fields.country') = $2 ORDER BY id`,
    [day, country],
  );
  return withLinks(
    db,
    rows.map((r) => deskRecord(r.record)),
  );
}

/** The desk events (not retracted) whose notes are this text, newest first (as listDeskEvents orders them). */
async function deskEventsOfPassage(db: Reader, notes: string): Promise<DeskEvent[]> {
  const rows = await db.all<{ record: unknown }>(
    `SELECT record FROM desk_events WHERE state <> 'retracted'
     AND json_extract_string(record, '$.fields.notes') = $1 ORDER BY created_at DESC, id DESC`,
    [notes],
  );
  return withLinks(
    db,
    rows.map((r) => deskRecord(r.record)),
  );
}

/**
 * Decides a change from the desk as the writer reads it, then writes it, in one transaction: the
 * writer is held throughout, so no other desk change lands between the decision and the write. A
 * decision of null writes nothing.
 */
export function decideDeskChange<C extends DeskChange | null>(
  pool: DuckDBPool,
  decide: (desk: DeskTransactionReads) => Promise<C>,
): Promise<C> {
  return pool.write((db) =>
    inTransaction(
      db,
      async () => {
        const c = await decide({
          deskEventsOfDay: (day, country) => deskEventsOfDay(db, day, country),
          getDeskEvent: (id) => getDeskEvent(db, id),
          deskEventsOfPassage: (notes) => deskEventsOfPassage(db, notes),
        });
        if (c === null) return c;
        for (const one of [c, ...(c.also ?? [])]) await writeOne(db, one);
        for (const l of c.unlinks ?? [])
          await db.run(`DELETE FROM desk_links WHERE event_id = $1 AND other_id = $2`, [
            l.event_id,
            l.other_id,
          ]);
        for (const l of c.links ?? []) {
          await db.run(`DELETE FROM desk_links WHERE event_id = $1 AND other_id = $2`, [
            l.event_id,
            l.other_id,
          ]);
          await db.run(`INSERT INTO desk_links VALUES ($1, $2, $3, $4)`, [
            l.event_id,
            l.other_id,
            l.relation,
            l.at,
          ]);
        }
        if ([c, ...(c.also ?? [])].some((one) => one.counted !== undefined))
          await refreshRollups(db, { sources: [DESK_SOURCE] });
        return c;
      },
      // A decision of null is rolled back: nothing was written.
      { keep: (c) => c !== null },
    ),
  );
}

/** One event's part of a change: checked against the state it was decided on, then written. */
async function writeOne(db: Db, c: Omit<DeskChange, 'also' | 'links' | 'unlinks'>): Promise<void> {
  if (c.expected) {
    const [now] = await db.all<{ state: string; version: number }>(
      `SELECT state, CAST(json_extract(record, '$.version') AS INTEGER) AS version FROM desk_events WHERE id = $1`,
      [c.event.id],
    );
    if (!now || now.state !== c.expected.state || Number(now.version) !== c.expected.version)
      throw new ConflictError(
        `desk event ${quoteValue(c.event.id)} changed meanwhile (now ${now?.state ?? 'missing'}, edit ${now?.version ?? '-'}); reload it and try again`,
      );
  }
  await db.run(`DELETE FROM desk_events WHERE id = $1`, [c.event.id]);
  await db.run(`INSERT INTO desk_events VALUES ($1, $2, $3, $4, $5)`, [
    c.event.id,
    c.event.state,
    c.event.state_since,
    c.event.created_at,
    JSON.stringify(c.event),
  ]);
  const a = c.audit;
  await db.run(
    `INSERT INTO desk_audit VALUES (nextval('desk_audit_seq'), $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)`,
    [
      a.event_id,
      a.at,
      a.actor_id,
      a.actor_name,
      a.actor_role,
      a.action,
      a.state_before,
      a.state_after,
      a.reason,
      a.before === null ? null : JSON.stringify(a.before),
      JSON.stringify(a.after),
    ],
  );
  if (c.counted !== undefined) await writeCounted(db, c.event.id, c.counted);
}

/** Replaces (or removes) the desk event's row in `events` (the caller rebuilds the desk rollup rows). */
async function writeCounted(db: Db, id: number, row: DeskChange['counted']): Promise<void> {
  await db.run(`DELETE FROM events WHERE source = $1 AND source_id = $2`, [DESK_SOURCE, String(id)]);
  if (row) {
    const values: unknown[] = [];
    const exprs = EVENT_COLUMNS.map((c) => {
      const v = row[c.key];
      values.push(c.type === 'VARCHAR[]' ? JSON.stringify(v ?? []) : (v ?? null));
      const p = `$${values.length}`;
      return c.type === 'VARCHAR[]'
        ? `from_json(${p}, '["VARCHAR"]')`
        : c.type === 'DATE'
          ? `CAST(${p} AS DATE)`
          : p;
    });
    values.push(row.recordKey);
    await db.run(
      `INSERT INTO events (${EVENT_COLUMNS.map((c) => c.name).join(', ')}, content_hash, import_id)
       VALUES (${exprs.join(', ')}, md5($${values.length}), 0)`,
      values,
    );
  }
}

/** One desk event's working copy, or null. */
export async function getDeskEvent(db: Reader, id: number): Promise<DeskEvent | null> {
  const [row] = await db.all<{ record: unknown }>(`SELECT record FROM desk_events WHERE id = $1`, [id]);
  return row ? (await withLinks(db, [deskRecord(row.record)]))[0]! : null;
}

/** Desk events in some states (all when none given), newest first. */
export async function listDeskEvents(db: DuckDBPool, q: DeskListQuery): Promise<DeskEvent[]> {
  const states = q.states?.length ? q.states : null;
  const rows = await db.all<{ record: unknown }>(
    `SELECT record FROM desk_events ${states ? `WHERE list_contains(from_json($2, '["VARCHAR"]'), state)` : ''}
     ORDER BY created_at DESC, id DESC LIMIT $1`,
    states ? [q.limit ?? 1000, JSON.stringify(states)] : [q.limit ?? 1000],
  );
  return withLinks(
    db,
    rows.map((r) => deskRecord(r.record)),
  );
}

/** The state of each of these desk events now, by id. */
async function statesOf(db: DuckDBPool, ids: number[]): Promise<Map<number, DeskState>> {
  if (!ids.length) return new Map();
  const rows = await db.all<{ id: number; state: string }>(
    `SELECT id, state FROM desk_events WHERE list_contains(from_json($1, '["INTEGER"]'), id)`,
    [JSON.stringify(ids)],
  );
  return new Map(rows.map((r) => [Number(r.id), r.state as DeskState]));
}

/** Desk events waiting for a reviewer (submitted) or an admin (verified), oldest first, with their age at `now`. */
export async function deskReviewQueue(db: DuckDBPool, now: string): Promise<DeskQueueItem[]> {
  const rows = await db.all<{ record: unknown }>(
    `SELECT record FROM desk_events WHERE state IN ('submitted', 'verified') ORDER BY state_since, id`,
  );
  const at = Date.parse(now);
  const events = await withLinks(
    db,
    rows.map((r) => deskRecord(r.record)),
  );
  const states = await statesOf(db, [...new Set(events.flatMap((e) => e.same_incident.map((l) => l.id)))]);
  return events.map((e) => {
    return {
      id: e.id,
      state: e.state as 'submitted' | 'verified',
      version: e.version,
      headline: e.fields.headline,
      date_start: e.fields.date_start,
      country: e.fields.country,
      created_by: e.created_by,
      waiting_since: e.state_since,
      age_hours: Math.max(0, Math.floor((at - Date.parse(e.state_since)) / 3_600_000)),
      next_role: e.state === 'submitted' ? 'reviewer' : 'admin',
      warnings: e.warnings,
      same_incident: e.same_incident.map((l) => ({ ...l, state: states.get(l.id)! })),
    };
  });
}

/** Audit entries, oldest first: of one event, or all, from a sequence number on. */
export async function listDeskAudit(db: DuckDBPool, q: DeskAuditQuery): Promise<DeskAuditEntry[]> {
  const rows = await db.all<Record<string, unknown>>(
    `SELECT * FROM desk_audit WHERE (CAST($1 AS INTEGER) IS NULL OR event_id = CAST($1 AS INTEGER)) AND seq > $2 ORDER BY seq LIMIT $3`,
    [q.eventId ?? null, q.afterSeq ?? 0, q.limit ?? 10_000],
  );
  return rows.map((r) => ({
    seq: Number(r.seq),
    event_id: Number(r.event_id),
    at: String(r.at),
    actor_id: String(r.actor_id),
    actor_name: (r.actor_name as string | null) ?? null,
    actor_role: r.actor_role as DeskAuditEntry['actor_role'],
    action: r.action as DeskAuditEntry['action'],
    state_before: (r.state_before as DeskState | null) ?? null,
    state_after: r.state_after as DeskState,
    reason: (r.reason as string | null) ?? null,
    before: r.before === null || r.before === undefined ? null : deskRecord(r.before),
    after: deskRecord(r.after),
  }));
}
