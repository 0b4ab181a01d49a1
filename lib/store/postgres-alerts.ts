import type { Pool } from "pg";
import { deliveryOf, incidentOf as decodeIncident, silenceOf as decodeSilence, type DeliveryRow, type IncidentRow as BaseIncidentRow, type SilenceRow as BaseSilenceRow } from "@/lib/store/alert-rows";
import { withClient } from "@/lib/store/postgres-context";
import type { AlertStore, DeliveryRecord, IncidentQuery, IncidentRecord, NewDelivery, NewSilence, SilenceRecord } from "@/lib/store/alert-types";

type IncidentRow = BaseIncidentRow<string[]>;
type SilenceRow = BaseSilenceRow<string[]>;
const asIs = (v: string[]) => v;
const incidentOf = (r: IncidentRow) => decodeIncident(r, asIs);
const silenceOf = (r: SilenceRow) => decodeSilence(r, asIs);

const MS = "* interval '1 millisecond'";

/**
 * Incidents, deliveries and silences in PostgreSQL (schema step 2 of postgres-schema.ts), shared by
 * every instance: the database decides what is unique (one open incident per root, one delivery per
 * key) and who sends (a claim with an expiry taken with `FOR UPDATE SKIP LOCKED`).
 */
export class PostgresAlertStore implements AlertStore {
  constructor(private readonly pool: Pool) {}

  async openIncident(root: string, startedAt: number, affected: string[]): Promise<IncidentRecord> {
    const inserted = await this.pool.query<IncidentRow>(
      "INSERT INTO incidents (root, started_at, affected) VALUES ($1, $2, $3) ON CONFLICT (root) WHERE ended_at IS NULL DO NOTHING RETURNING *",
      [root, startedAt, affected],
    );
    const row = inserted.rows[0] ?? (await this.pool.query<IncidentRow>("SELECT * FROM incidents WHERE root = $1 AND ended_at IS NULL", [root])).rows[0];
    // Closed between the two statements by another writer: open a fresh one.
    return row ? incidentOf(row) : this.openIncident(root, startedAt, affected);
  }

  async setAffected(id: number, affected: string[]): Promise<void> {
    await this.pool.query("UPDATE incidents SET affected = $2 WHERE id = $1", [id, affected]);
  }

  async closeIncident(id: number, endedAt: number): Promise<void> {
    await this.pool.query("UPDATE incidents SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL", [id, endedAt]);
  }

  async openIncidents(): Promise<IncidentRecord[]> {
    return (await this.pool.query<IncidentRow>("SELECT * FROM incidents WHERE ended_at IS NULL ORDER BY id")).rows.map(incidentOf);
  }

  async closedSince(since: number): Promise<IncidentRecord[]> {
    return (await this.pool.query<IncidentRow>("SELECT * FROM incidents WHERE ended_at >= $1 ORDER BY id", [since])).rows.map(incidentOf);
  }

  async incident(id: number): Promise<IncidentRecord | undefined> {
    const r = (await this.pool.query<IncidentRow>("SELECT * FROM incidents WHERE id = $1", [id])).rows[0];
    return r && incidentOf(r);
  }

  async listIncidents(query: IncidentQuery): Promise<{ incidents: IncidentRecord[]; next?: number }> {
    const where: string[] = [];
    const args: (string | number)[] = [];
    const add = (clause: (n: string) => string, value: string | number | undefined) => {
      if (value === undefined) return;
      args.push(value);
      where.push(clause(`$${args.length}`));
    };
    add((n) => `id < ${n}`, query.before);
    add((n) => `(ended_at IS NULL OR ended_at >= ${n})`, query.from);
    add((n) => `started_at < ${n}`, query.to);
    add((n) => `(root = ${n} OR ${n} = ANY(affected))`, query.service);
    if (query.open !== undefined) where.push(query.open ? "ended_at IS NULL" : "ended_at IS NOT NULL");
    args.push(query.limit + 1);
    const sql = `SELECT * FROM incidents ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id DESC LIMIT $${args.length}`;
    const rows = (await this.pool.query<IncidentRow>(sql, args)).rows;
    const incidents = rows.slice(0, query.limit).map(incidentOf);
    return rows.length > query.limit ? { incidents, next: incidents[incidents.length - 1]!.id } : { incidents };
  }

  async enqueue(d: NewDelivery, now: number): Promise<boolean> {
    const r = await this.pool.query(
      `INSERT INTO deliveries (key, incident, channel, kind, notice, state, attempts, next_at, created_at) VALUES ($1, $2, $3, $4, $5, 'pending', 0, $6, $6)
       ON CONFLICT (key) DO NOTHING`,
      [d.key, d.incidentId, d.channel, d.kind, d.notice, now],
    );
    return r.rowCount === 1;
  }

  async hasDelivery(key: string): Promise<boolean> {
    return (await this.pool.query("SELECT 1 FROM deliveries WHERE key = $1", [key])).rows.length > 0;
  }

  async claimDue(now: number, limit: number, claimMs: number): Promise<DeliveryRecord[]> {
    // Rows another instance is claiming right now are skipped, not waited for; the claim's expiry
    // (on the database's clock) lets another instance retry a delivery whose sender died.
    const { rows } = await this.pool.query<DeliveryRow>(
      `UPDATE deliveries d SET state = 'sending', attempts = d.attempts + 1, claimed_until = now() + $3::int ${MS}
       FROM (SELECT id FROM deliveries WHERE (state = 'pending' AND next_at <= $1) OR (state = 'sending' AND claimed_until < now())
             ORDER BY next_at, id LIMIT $2 FOR UPDATE SKIP LOCKED) c
       WHERE d.id = c.id RETURNING d.*`,
      [now, limit, claimMs],
    );
    return rows.sort((a, b) => a.next_at - b.next_at || a.id - b.id).map(deliveryOf);
  }

  async nextDue(): Promise<number | undefined> {
    const { rows } = await this.pool.query<{ at: number | null }>(
      "SELECT least((SELECT min(next_at) FROM deliveries WHERE state = 'pending'), (SELECT (extract(epoch FROM min(claimed_until)) * 1000)::bigint FROM deliveries WHERE state = 'sending')) AS at",
    );
    return rows[0]?.at ?? undefined;
  }

  async markSent(id: number, at: number): Promise<void> {
    await this.pool.query("UPDATE deliveries SET state = 'sent', sent_at = $2, error = NULL, claimed_until = NULL WHERE id = $1", [id, at]);
  }

  async markRetry(id: number, nextAt: number, error: string): Promise<void> {
    await this.pool.query("UPDATE deliveries SET state = 'pending', next_at = $2, error = $3, claimed_until = NULL WHERE id = $1", [id, nextAt, error]);
  }

  async markFailed(id: number, error: string): Promise<void> {
    await this.pool.query("UPDATE deliveries SET state = 'failed', error = $2, claimed_until = NULL WHERE id = $1", [id, error]);
  }

  async resetSending(): Promise<number> {
    // Only claims that ran out: a live instance may be sending the others.
    return (await this.pool.query("UPDATE deliveries SET state = 'pending', claimed_until = NULL WHERE state = 'sending' AND claimed_until < now()")).rowCount ?? 0;
  }

  async listDeliveries(query: { incidentId?: number; limit: number; before?: number }): Promise<{ deliveries: DeliveryRecord[]; next?: number }> {
    const { rows } = await this.pool.query<DeliveryRow>(
      "SELECT * FROM deliveries WHERE ($1::bigint IS NULL OR incident = $1) AND ($2::bigint IS NULL OR id < $2) ORDER BY id DESC LIMIT $3",
      [query.incidentId ?? null, query.before ?? null, query.limit + 1],
    );
    const deliveries = rows.slice(0, query.limit).map(deliveryOf);
    return rows.length > query.limit ? { deliveries, next: deliveries[deliveries.length - 1]!.id } : { deliveries };
  }

  async addSilence(s: NewSilence): Promise<SilenceRecord> {
    const { rows } = await this.pool.query<{ id: number }>(
      "INSERT INTO silences (services, groups, reason, created_by, starts_at, ends_at) VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
      [s.services, s.groups, s.reason, s.createdBy, s.startsAt, s.endsAt],
    );
    return { ...s, id: rows[0]!.id };
  }

  async activeSilences(now: number): Promise<SilenceRecord[]> {
    return (await this.pool.query<SilenceRow>("SELECT * FROM silences WHERE ended_at IS NULL AND ends_at > $1 ORDER BY id", [now])).rows.map(silenceOf);
  }

  async listSilences(limit: number): Promise<SilenceRecord[]> {
    return (await this.pool.query<SilenceRow>("SELECT * FROM silences ORDER BY id DESC LIMIT $1", [limit])).rows.map(silenceOf);
  }

  async endSilence(id: number, at: number): Promise<boolean> {
    return (await this.pool.query("UPDATE silences SET ended_at = $2 WHERE id = $1 AND ended_at IS NULL AND ends_at > $2", [id, at])).rowCount === 1;
  }

  async prune(before: number): Promise<number> {
    return withClient(this.pool, async (client) => {
      try {
        await client.query("BEGIN");
        await client.query("DELETE FROM deliveries WHERE incident IN (SELECT id FROM incidents WHERE ended_at < $1) OR (incident = 0 AND created_at < $1)", [before]);
        const n = (await client.query("DELETE FROM incidents WHERE ended_at < $1", [before])).rowCount ?? 0;
        await client.query("DELETE FROM silences WHERE least(ends_at, coalesce(ended_at, ends_at)) < $1", [before]);
        await client.query("COMMIT");
        return n;
      } catch (err) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw err;
      }
    });
  }
}
