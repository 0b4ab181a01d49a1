import Database from "better-sqlite3";
import { openSchema } from "@/lib/store/sqlite-schema";
import type { AlertStore, DeliveryRecord, DeliveryState, IncidentQuery, IncidentRecord, NewDelivery, NewSilence, SilenceRecord, StatusChange } from "@/lib/store/alert-types";

type IncidentRow = { id: number; root: string; started_at: number; ended_at: number | null; affected: string };
type DeliveryRow = { id: number; key: string; incident: number; channel: string; kind: string; notice: string; state: DeliveryState; attempts: number; next_at: number; created_at: number; sent_at: number | null; error: string | null };
type SilenceRow = { id: number; services: string; groups: string; reason: string; created_by: string; starts_at: number; ends_at: number; ended_at: number | null };

function incidentOf(r: IncidentRow): IncidentRecord {
  const out: IncidentRecord = { id: r.id, root: r.root, startedAt: r.started_at, affected: JSON.parse(r.affected) as string[] };
  if (r.ended_at !== null) out.endedAt = r.ended_at;
  return out;
}

function deliveryOf(r: DeliveryRow): DeliveryRecord {
  const out: DeliveryRecord = { id: r.id, key: r.key, incidentId: r.incident, channel: r.channel, kind: r.kind, notice: r.notice, state: r.state, attempts: r.attempts, nextAt: r.next_at, createdAt: r.created_at };
  if (r.sent_at !== null) out.sentAt = r.sent_at;
  if (r.error !== null) out.error = r.error;
  return out;
}

function silenceOf(r: SilenceRow): SilenceRecord {
  const out: SilenceRecord = { id: r.id, services: JSON.parse(r.services) as string[], groups: JSON.parse(r.groups) as string[], reason: r.reason, createdBy: r.created_by, startsAt: r.starts_at, endsAt: r.ends_at };
  if (r.ended_at !== null) out.endedAt = r.ended_at;
  return out;
}

/** Incidents, deliveries and silences in the history database (schema step 2 of sqlite-schema.ts). */
export class SqliteAlertStore implements AlertStore {
  constructor(private readonly db: Database.Database) {}

  private q(sql: string) {
    return this.db.prepare(sql);
  }

  openIncident(root: string, startedAt: number, affected: string[]): IncidentRecord {
    const id = Number(this.q("INSERT INTO incidents (root, started_at, affected) VALUES (?, ?, ?)").run(root, startedAt, JSON.stringify(affected)).lastInsertRowid);
    return { id, root, startedAt, affected: [...affected] };
  }

  setAffected(id: number, affected: string[]): void {
    this.q("UPDATE incidents SET affected = ? WHERE id = ?").run(JSON.stringify(affected), id);
  }

  closeIncident(id: number, endedAt: number): void {
    this.q("UPDATE incidents SET ended_at = ? WHERE id = ? AND ended_at IS NULL").run(endedAt, id);
  }

  openIncidents(): IncidentRecord[] {
    return (this.q("SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY id").all() as IncidentRow[]).map(incidentOf);
  }

  incident(id: number): IncidentRecord | undefined {
    const r = this.q("SELECT * FROM incidents WHERE id = ?").get(id) as IncidentRow | undefined;
    return r && incidentOf(r);
  }

  listIncidents(query: IncidentQuery): { incidents: IncidentRecord[]; next?: number } {
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

  enqueue(d: NewDelivery, now: number): boolean {
    const r = this.q("INSERT OR IGNORE INTO deliveries (key, incident, channel, kind, notice, state, attempts, next_at, created_at) VALUES (?, ?, ?, ?, ?, 'pending', 0, ?, ?)").run(d.key, d.incidentId, d.channel, d.kind, d.notice, now, now);
    return r.changes === 1;
  }

  hasDelivery(key: string): boolean {
    return this.q("SELECT 1 FROM deliveries WHERE key = ?").get(key) !== undefined;
  }

  due(now: number, limit: number): DeliveryRecord[] {
    return (this.q("SELECT * FROM deliveries WHERE state = 'pending' AND next_at <= ? ORDER BY next_at, id LIMIT ?").all(now, limit) as DeliveryRow[]).map(deliveryOf);
  }

  nextDue(): number | undefined {
    return (this.q("SELECT MIN(next_at) FROM deliveries WHERE state = 'pending'").pluck().get() as number | null) ?? undefined;
  }

  markSending(id: number): void {
    this.q("UPDATE deliveries SET state = 'sending', attempts = attempts + 1 WHERE id = ?").run(id);
  }

  markSent(id: number, at: number): void {
    this.q("UPDATE deliveries SET state = 'sent', sent_at = ?, error = NULL WHERE id = ?").run(at, id);
  }

  markRetry(id: number, nextAt: number, error: string): void {
    this.q("UPDATE deliveries SET state = 'pending', next_at = ?, error = ? WHERE id = ?").run(nextAt, error, id);
  }

  markFailed(id: number, error: string): void {
    this.q("UPDATE deliveries SET state = 'failed', error = ? WHERE id = ?").run(error, id);
  }

  resetSending(): number {
    return this.q("UPDATE deliveries SET state = 'pending' WHERE state = 'sending'").run().changes;
  }

  listDeliveries(query: { incidentId?: number; limit: number; before?: number }): { deliveries: DeliveryRecord[]; next?: number } {
    const rows = this.q("SELECT * FROM deliveries WHERE (@incident IS NULL OR incident = @incident) AND (@before IS NULL OR id < @before) ORDER BY id DESC LIMIT @limit").all({ incident: query.incidentId ?? null, before: query.before ?? null, limit: query.limit + 1 }) as DeliveryRow[];
    const deliveries = rows.slice(0, query.limit).map(deliveryOf);
    return rows.length > query.limit ? { deliveries, next: deliveries[deliveries.length - 1]!.id } : { deliveries };
  }

  addSilence(s: NewSilence): SilenceRecord {
    const id = Number(this.q("INSERT INTO silences (services, groups, reason, created_by, starts_at, ends_at) VALUES (?, ?, ?, ?, ?, ?)").run(JSON.stringify(s.services), JSON.stringify(s.groups), s.reason, s.createdBy, s.startsAt, s.endsAt).lastInsertRowid);
    return { ...s, id };
  }

  activeSilences(now: number): SilenceRecord[] {
    return (this.q("SELECT * FROM silences WHERE ended_at IS NULL AND ends_at > ? ORDER BY id").all(now) as SilenceRow[]).map(silenceOf);
  }

  listSilences(limit: number): SilenceRecord[] {
    return (this.q("SELECT * FROM silences ORDER BY id DESC LIMIT ?").all(limit) as SilenceRow[]).map(silenceOf);
  }

  endSilence(id: number, at: number): boolean {
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

  prune(before: number): number {
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
