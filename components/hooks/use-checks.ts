"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import { checksKey, latencyKey, type Range, type ServiceViewState } from "@/components/hooks/keys";
import type { ChecksPage, LatencyView } from "@/lib/api/shapes";

export { checksKey, latencyKey } from "@/components/hooks/keys";

/** A page of a service's checks. Only the newest page polls: older pages do not change. */
export function useChecks(id: string, state: ServiceViewState) {
  return useSWR<ChecksPage>(checksKey(id, state), fetcher, { refreshInterval: state.before === undefined ? 5_000 : 0, keepPreviousData: true });
}

/** The latency chart and retry/timeout totals of a range; they move slowly, so they poll slowly. */
export function useLatency(id: string, range: Range) {
  return useSWR<LatencyView>(latencyKey(id, range), fetcher, { refreshInterval: 30_000, keepPreviousData: true });
}
