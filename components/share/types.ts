// The snapshot of a share link as the page receives it (JSON); kept apart from server modules.
import type { CheckItem } from "@/components/service/api-types";
import type { StatusResponse } from "@/components/types";

/** A frozen status: everything, or one service with its neighbours and recent checks. */
export interface SnapshotData {
  version: 1;
  takenAt: string;
  expiresAt: string;
  service?: string;
  range?: string;
  status: StatusResponse;
  checks?: CheckItem[];
}

/** `POST /api/share`. */
export interface ShareLinkResult {
  url: string;
  token: string;
  expiresAt: string;
}

/** "All 5 services healthy", "2 of 5 services down or blocked", "Orders API was down". */
export function snapshotSummary(snap: SnapshotData): string {
  if (snap.service !== undefined) {
    const s = snap.status.services.find((x) => x.id === snap.service);
    const nameOf = (id: string) => snap.status.services.find((x) => x.id === id)?.name ?? id;
    const why = s && s.blockedBy.length > 0 ? ` (blocked by ${s.blockedBy.map(nameOf).join(", ")})` : s && (s.waitingFor ?? []).length > 0 ? ` (waiting for ${s.waitingFor.map(nameOf).join(", ")})` : "";
    return s ? `${s.name} was ${s.status}${why}` : `${snap.service}`;
  }
  const all = snap.status.services;
  const bad = all.filter((x) => x.status === "down" || x.status === "blocked").length;
  return bad === 0 ? `All ${all.length} services healthy` : `${bad} of ${all.length} services down or blocked`;
}

/** "2025-06-01 14:03:22 UTC": absolute, because a snapshot is read long after it was taken. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}
