import Database from "better-sqlite3";
import { openSchema } from "@/lib/store/sqlite-schema";
import { deliveryOf, incidentOf as decodeIncident, silenceOf as decodeSilence, type DeliveryRow, type IncidentRow as BaseIncidentRow, type SilenceRow as BaseSilenceRow } from "@/lib/store/alert-rows";
import type { AlertStore, DeliveryRecord, IncidentQuery, IncidentRecord, NewDelivery, NewSilence, SilenceRecord, StatusChange, StatusLogStore } from "@/lib/store/alert-types";

type IncidentRow = BaseIncidentRow<string>;
type SilenceRow = BaseSilenceRow<string>;
const fromJson = (v: string) => JSON.parse(v) as string[];
const incidentOf = (r: IncidentRow) => decodeIncident(r, fromJson);
const silenceOf = (r: SilenceRow) => decodeSilence(r, fromJson);

/**
 * Incidents, deliveries, silences and the status log in the history database (schema step 2 of
 * sqlite-schema.ts). One process writes it, so its promises are settled at once.
 */
export class SqliteAlertStore implements AlertStore, StatusLogStore {
  constructor(private readonly db: Database.Database) {}

  private q(sql: string) {
    return this.db.prepare(sql);
  }

  async openIncident(root: string, startedAt: number, affected: string[]): Promise<IncidentRecord> {
    const id = Number(this.q("INSERT INTO incidents (root, started_at, affected) VALUES (?, ?, ?)").run(root, startedAt, JSON.stringify(affected)).lastInsertRowid);
    return { id, root, startedAt, affected: [...affected] };
  }

  async setAffected(id: number, affected: string[]): Promise<void> {
    this.q("UPDATE incidents SET affected = ? WHERE id = ?").run(JSON.stringify(affected), id);
  }

  async closeIncident(id: number, endedAt: number): Promise<void> {
    this.q("UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL").run(endedAt, id);
  }

  async openIncidents(): Promise<IncidentRecord[]> {
    return (this.q("SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY id").all() as IncidentRow[]).map(incidentOf);
  }

  async incident(id: number): Promise<IncidentRecord | undefined> {
    const r = this.q("SELECT * FROM incidents WHERE id = ?").get(id) as IncidentRow | undefined;
    return r && incidentOf(r);
  }

  async listIncidents(query: IncidentQuery): Promise<{ incidents: IncidentRecord[]; next?: number }> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: string, value: number | undefined) => {
      if (value === undefined) return;
      where.push(clause);
      args.push(value);
    };
    add("id < ?", query.before);
    add("(ended_at IS NULL OR ended_at >= ?)", query.from);
    add("started_at < ?", query.to);
    if (query.open !== undefined) where.push(query.open ? "ended_at IS NULL" : "ended_at IS NOT NULL");
    if (query.service !== undefined) {
      where.push("(root = ? OR EXISTS (SELECT 1 FROM json_each(affected) WHERE value = ?))");
      args.push(query.service, query.service);
    }
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT ?`;
    const rows = this.q(sql).all(...args, query.limit + 1) as IncidentRow[];
    const incidents = rows.slice(0, query.limit).map(incidentOf);
    return rows.length > query.limit ? { incidents, next: incidents[incidents.length - 1]!.id } : { incidents };
  }

  async enqueue(d: NewDelivery, now: number): Promise<boolean> {
    const r = this.q("INSERT OR IGNORE INTO deliveries (key, incident, channel, kind, notice, state, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)").run(d.key, d.incidentId, d.channel, d.kind, d.notice, now, now);
    return r.changes === 1;
  }

  async hasDelivery(key: string): Promise<boolean> {
    return this.q("SELECT 1 FROM deliveries WHERE key = ?").get(key) !== undefined;
  }

  async claimDue(now: number, limit: number, _claimMs?: number): Promise<DeliveryRecord[]> {
    // One process sends from this file, so a due delivery is simply taken.
    return this.db.transaction(() => {
      const rows = this.q("SELECT * FROM deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?").all(now, limit) as DeliveryRow[];
      const mark = this.q("UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ?");
      for (const r of rows) mark.run(r.id);
      return rows.map((r) => deliveryOf({ ...r, state: "sending", attempts: r.attempts + 1 }));
    })();
  }

  async closedSince(since: number): Promise<IncidentRecord[]> {
    return (this.q("SELECT * FROM incidents WHERE ended_at >= ? ORDER BY id").all(since) as IncidentRow[]).map(incidentOf);
  }

  async nextDue(): Promise<number | undefined> {
    return (this.q("SELECT MIN(next_at) FROM deliveries WHERE state = 'pending'").pluck().get() as number | null) ?? undefined;
  }

  async markSent(id: number, at: number): Promise<void> {
    this.q("UPDATE deliveries SET state = 'sent', sent_at = ?, error = NULL WHERE id = ?").run(at, id);
  }

  async markRetry(id: number, nextAt: number, error: string): Promise<void> {
    this.q("UPDATE deliveries SET state = 'pending', next_at = ?, error = ? WHERE id = ?").run(nextAt, error, id);
  }

  async markFailed(id: number, error: string): Promise<void> {
    this.q("UPDATE deliveries SET state = 'failed', error = ? WHERE id = ?").run(error, id);
  }

  async resetSending(): Promise<number> {
    return this.q("UPDATE deliveries SET state = 'pending' WHERE state = 'sending'").run().changes;
  }

  async listDeliveries(query: { incidentId?: number; limit: number; before?: number }): Promise<{ deliveries: DeliveryRecord[]; next?: number }> {
    const rows = this.q("SELECT * FROM deliveries WHERE (@incident IS NULL OR incident = @incident) AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit").all({ incident: query.incidentId ?? null, before: query.before ?? null, limit: query.limit + 1 }) as DeliveryRow[];
    const deliveries = rows.slice(0, query.limit).map(deliveryOf);
    return rows.length > query.limit ? { deliveries, next: deliveries[deliveries.length - 1]!.id } : { deliveries };
  }

  async addSilence(s: NewSilence): Promise<SilenceRecord> {
    const id = Number(this.q("INSERT INTO silences (services, groups, reason, created_by, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)").run(JSON.stringify(s.services), JSON.stringify(s.groups), s.reason, s.createdBy, s.startsAt, s.endsAt).lastInsertRowid);
    return { ...s, id };
  }

  async activeSilences(now: number): Promise<SilenceRecord[]> {
    return (this.q("SELECT * FROM silences WHERE ended_at IS NULL AND ends_at > ? ORDER BY id").all(now) as SilenceRow[]).map(silenceOf);
  }

  async listSilences(limit: number): Promise<SilenceRecord[]> {
    return (this.q("SELECT * FROM silences ORDER BY id DESC LIMIT ?").all(limit) as SilenceRow[]).map(silenceOf);
  }

  async endSilence(id: number, at: number): Promise<boolean> {
    return this.q("UPDATE silences SET ended_at = ? WHERE id = ? AND ended_at IS NULL AND ends_at > ?").run(at, id, at).changes === 1;
  }

  logStatuses(changes: readonly StatusChange[]): void {
    if (changes.length === 0) return;
    const stmt = this.q("INSERT OR REPLACE INTO status_log (service, at, status) VALUES (?, ?, ?)");
    this.db.transaction(() => {
      for (const c of changes) stmt.run(c.service, c.at, c.status);
    })();
  }

  statusLog(service: string, from: number, to: number): StatusChange[] {
    const before = this.q("SELECT service, at, status FROM status_log WHERE service = ? AND at < ? ORDER BY at DESC LIMIT 1").get(service, from) as StatusChange | undefined;
    const rows = this.q("SELECT service, at, status FROM status_log WHERE service = ? AND at >= ? AND at < ? ORDER BY at").all(service, from, to) as StatusChange[];
    return before ? [before, ...rows] : rows;
  }

  statusLogAll(from: number, to: number): Map<string, StatusChange[]> {
    const out = new Map<string, StatusChange[]>();
    // SQLite returns the other columns of the row holding MAX(at): the last change before `from`.
    const before = this.q("SELECT service, MAX(at) AS at, status FROM status_log WHERE at < ? GROUP BY service").all(from) as StatusChange[];
    for (const r of before) out.set(r.service, [r]);
    for (const r of this.q("SELECT service, at, status FROM status_log WHERE at >= ? AND at < ? ORDER BY service, at").all(from, to) as StatusChange[]) {
      const list = out.get(r.service);
      if (list) list.push(r);
      else out.set(r.service, [r]);
    }
    return out;
  }

  lastStatuses(): Map<string, string> {
    const rows = this.q("SELECT service, status FROM status_log s WHERE at = (SELECT MAX(at) FROM status_log WHERE service = s.service)").all() as { service: string; status: string }[];
    return new Map(rows.map((r) => [r.service, r.status]));
  }

  async prune(before: number): Promise<number> {
    return this.db.transaction(() => {
      this.q("DELETE FROM deliveries WHERE incident IN (SELECT id FROM incidents WHERE ended_at < @before) OR (incident = 0 AND created_at < @before)").run({ before });
      const n = this.q("DELETE FROM incidents WHERE ended_at < ?").run(before).changes;
      this.q("DELETE FROM silences WHERE MIN(ends_at, COALESCE(ended_at, ends_at)) < ?").run(before);
      // Uptime reaches back 90 days; the log is tiny, so it is kept a year whatever the retention.
      this.q("DELETE FROM status_log WHERE at < ? AND at < (SELECT MAX(at) FROM status_log l WHERE l.service = status_log.service)").run(Math.min(before, Date.now() - 365 * 86_400_000));
      return n;
    })();
  }
}

/** An alert store in an in-memory SQLite database, for stores that keep no file (lost on exit). */
export function memoryAlertStore(): SqliteAlertStore {
  const db = new Database(":memory:");
  openSchema(db);
  return new SqliteAlertStore(db);
}
