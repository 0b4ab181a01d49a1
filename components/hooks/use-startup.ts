"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import type { StartupResponse } from "@/components/types";

/** The SWR key of the start-up timeline. */
export const STARTUP_KEY = "/api/startup";

/** The live start-up timeline and critical path; refreshed with the status. */
export function useStartup(fallbackData?: StartupResponse) {
  return useSWR<StartupResponse>(STARTUP_KEY, fetcher, { fallbackData, refreshInterval: 5_000, keepPreviousData: true });
}
