"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import type { StatusView } from "@/lib/api/shapes";

/** The SWR key of the overall status. */
export const STATUS_KEY = "/api/status";

/**
 * Live overall status: pushed updates revalidate it; polling is the fallback. `fallbackData` seeds
 * the first render; it is fetched anew on mount (the server may have sent only a first screen).
 */
export function useStatus(fallbackData?: StatusView) {
  return useSWR<StatusView>(STATUS_KEY, fetcher, { fallbackData, refreshInterval: 5_000, keepPreviousData: true, revalidateOnMount: true });
}
