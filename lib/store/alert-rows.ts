import type { DeliveryRecord, DeliveryState, IncidentRecord, SilenceRecord } from "@/lib/store/alert-types";

/** An incident row; `L` is how a backend stores a list (JSON text in SQLite, text[] in PostgreSQL). */
export type IncidentRow<L> = { id: number; root: string; started_at: number; ended_at: number | null; affected: L };
/** A delivery row, the same in every backend. */
export type DeliveryRow = { id: number; key: string; incident: number; channel: string; kind: string; notice: string; state: DeliveryState; attempts: number; next_at: number; created_at: number; sent_at: number | null; error: string | null };
/** A silence row; `L` as in {@link IncidentRow}. */
export type SilenceRow<L> = { id: number; services: L; groups: L; reason: string; created_by: string; starts_at: number; ends_at: number; ended_at: number | null };

/** Decodes an incident row; `list` reads the backend's list column. */
export function incidentOf<L>(r: IncidentRow<L>, list: (v: L) => string[]): IncidentRecord {
  const out: IncidentRecord = { id: r.id, root: r.root, startedAt: r.started_at, affected: list(r.affected) };
  if (r.ended_at !== null) out.endedAt = r.ended_at;
  return out;
}

/** Decodes a delivery row. */
export function deliveryOf(r: DeliveryRow): DeliveryRecord {
  const out: DeliveryRecord = { id: r.id, key: r.key, incidentId: r.incident, channel: r.channel, kind: r.kind, notice: r.notice, state: r.state, attempts: r.attempts, nextAt: r.next_at, createdAt: r.created_at };
  if (r.sent_at !== null) out.sentAt = r.sent_at;
  if (r.error !== null) out.error = r.error;
  return out;
}

/** Decodes a silence row; `list` reads the backend's list columns. */
export function silenceOf<L>(r: SilenceRow<L>, list: (v: L) => string[]): SilenceRecord {
  const out: SilenceRecord = { id: r.id, services: list(r.services), groups: list(r.groups), reason: r.reason, createdBy: r.created_by, startsAt: r.starts_at, endsAt: r.ends_at };
  if (r.ended_at !== null) out.endedAt = r.ended_at;
  return out;
}
