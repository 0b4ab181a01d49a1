import type { DeliveryView, IncidentView, SilenceView } from "@/lib/api/shapes";
import type { DeliveryRecord, IncidentRecord, SilenceRecord } from "@/lib/store/alert-types";

const iso = (t: number) => new Date(t).toISOString();

/** An incident in its API shape. */
export function incidentView(i: IncidentRecord, now = Date.now()): IncidentView {
  return { id: i.id, root: i.root, startedAt: iso(i.startedAt), endedAt: i.endedAt === undefined ? null : iso(i.endedAt), open: i.endedAt === undefined, durationMs: (i.endedAt ?? now) - i.startedAt, affected: i.affected };
}

/** A delivery in its API shape (the notice itself, with its links, stays server-side). */
export function deliveryView(d: DeliveryRecord): DeliveryView {
  return {
    id: d.id,
    incidentId: d.incidentId === 0 ? null : d.incidentId,
    channel: d.channel,
    kind: d.kind,
    state: d.state,
    attempts: d.attempts,
    createdAt: iso(d.createdAt),
    sentAt: d.sentAt === undefined ? null : iso(d.sentAt),
    nextAt: d.state === "pending" ? iso(d.nextAt) : null,
    error: d.error ?? null,
  };
}

/** A silence in its API shape. */
export function silenceView(s: SilenceRecord, now = Date.now()): SilenceView {
  return { id: s.id, services: s.services, groups: s.groups, reason: s.reason, createdBy: s.createdBy, startsAt: iso(s.startsAt), endsAt: iso(s.endsAt), endedAt: s.endedAt === undefined ? null : iso(s.endedAt), active: s.endedAt === undefined && s.startsAt <= now && now < s.endsAt };
}
