// Text helpers for a share link's snapshot (the shape is lib/api/shapes.ts `Snapshot`).
import type { Snapshot } from "@/lib/api/shapes";
import { isFailing } from "@/lib/status";

/** "All 5 services healthy", "2 of 5 services down or blocked", "Orders API was down". */
export function snapshotSummary(snap: Snapshot): string {
  if (snap.service !== undefined) {
    const s = snap.status.services.find((x) => x.id === snap.service);
    const nameOf = (id: string) => snap.status.services.find((x) => x.id === id)?.name ?? id;
    const why = s && s.blockedBy.length > 0 ? ` (blocked by ${s.blockedBy.map(nameOf).join(", ")})` : s && (s.waitingFor ?? []).length > 0 ? ` (waiting for ${s.waitingFor.map(nameOf).join(", ")})` : "";
    return s ? `${s.name} was ${s.status}${why}` : `${snap.service}`;
  }
  const all = snap.status.services;
  const bad = all.filter((x) => isFailing(x.status)).length;
  return bad === 0 ? `All ${all.length} services healthy` : `${bad} of ${all.length} services down or blocked`;
}

/** "2025-06-01 14:03:22 UTC": absolute, because a snapshot is read long after it was taken. */
export function formatUtc(iso: string): string {
  return `${iso.slice(0, 19).replace("T", " ")} UTC`;
}
