"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import type { StartupView } from "@/lib/api/shapes";

/** The SWR key of the start-up timeline. */
export const STARTUP_KEY = "/api/startup";

/** The live start-up timeline and critical path; refreshed with the status. */
export function useStartup(fallbackData?: StartupView) {
  return useSWR<StartupView>(STARTUP_KEY, fetcher, { fallbackData, refreshInterval: 5_000, keepPreviousData: true });
}
