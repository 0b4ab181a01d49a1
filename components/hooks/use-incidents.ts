"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import type { DeliveryView, IncidentView, SilenceView } from "@/lib/api/shapes";

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

/** A page of incidents, polled as a fallback to the `incident` event. */
export function useIncidents(key: string) {
  return useSWR<{ incidents: IncidentItem[]; next?: number }>(key, fetcher, { refreshInterval: 15_000, keepPreviousData: true });
}

/** One incident with its notifications. */
export function useIncident(id: string) {
  return useSWR<IncidentView & { notifications: DeliveryView[] }>(`/api/incidents/${encodeURIComponent(id)}`, fetcher, { refreshInterval: 15_000 });
}

/** The notification log and the channels (id and type only). */
export function useNotifications() {
  return useSWR<{ notifications: DeliveryView[]; channels: { id: string; type: string }[] }>(NOTIFICATIONS_KEY, fetcher, { refreshInterval: 10_000 });
}

/** Active and recent silences. */
export function useSilences() {
  return useSWR<{ silences: SilenceView[] }>(SILENCES_KEY, fetcher, { refreshInterval: 15_000 });
}
