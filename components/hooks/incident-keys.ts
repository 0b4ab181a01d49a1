// SWR keys of the incident views: plain functions (no "use client"), so server pages seed
// `fallback` under exactly the keys the hooks read.
import type { IncidentView } from "@/lib/api/shapes";

/** An incident in the list, with how many notifications went out for it. */
export type IncidentItem = IncidentView & { notifications: number };

/** Key of a page of incidents (`service` limits it to one service's own). */
export function incidentsKey(opts: { open?: boolean; service?: string; limit?: number } = {}): string {
  const q = new URLSearchParams();
  if (opts.service) q.set("service", opts.service);
  if (opts.open !== undefined) q.set("open", opts.open ? "1" : "0");
  q.set("limit", String(opts.limit ?? 50));
  return `/api/incidents?${q}`;
}

/** Key of the notification log. */
export const NOTIFICATIONS_KEY = "/api/notifications?limit=50";
/** Key of the silences. */
export const SILENCES_KEY = "/api/silences";

/** Whether an SWR key belongs to incidents, notifications or silences (refreshed on `incident` events). */
export function isAlertKey(key: unknown): boolean {
  return typeof key === "string" && (key.startsWith("/api/incidents") || key.startsWith("/api/notifications") || key.startsWith("/api/silences"));
}

