"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import { NOTIFICATIONS_KEY, SILENCES_KEY, type IncidentItem } from "@/components/hooks/incident-keys";
import type { DeliveryView, IncidentView, SilenceView } from "@/lib/api/shapes";

export { incidentsKey, isAlertKey, NOTIFICATIONS_KEY, SILENCES_KEY, type IncidentItem } from "@/components/hooks/incident-keys";

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
