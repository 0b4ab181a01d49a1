"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import type { StatusView } from "@/lib/api/shapes";

/** The SWR key of the overall status. */
export const STATUS_KEY = "/api/status";

/** Live overall status: pushed updates revalidate it; polling is the fallback. */
export function useStatus(fallbackData?: StatusView) {
  return useSWR<StatusView>(STATUS_KEY, fetcher, { fallbackData, refreshInterval: 5_000, keepPreviousData: true });
}
