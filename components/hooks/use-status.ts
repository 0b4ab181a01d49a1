"use client";

import useSWR, { useSWRConfig } from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import { shareUnchanged } from "@/components/hooks/live-patch";
import type { StatusView } from "@/lib/api/shapes";

/** The SWR key of the overall status. */
export const STATUS_KEY = "/api/status";

/** By identity: a refetch keeps every unchanged part (`shareUnchanged`), and SWR's default hashes the whole status. */
const sameObject = (a: StatusView | undefined, b: StatusView | undefined) => a === b;

/**
 * Live overall status: pushed updates revalidate it; polling is the fallback. `fallbackData` seeds
 * the first render; it is fetched anew on mount (the server may have sent only a first screen).
 * A fetch keeps the objects of the services that did not change, so their cards do not render again.
 */
export function useStatus(fallbackData?: StatusView) {
  const { cache } = useSWRConfig();
  const fetchShared = async (url: string) => shareUnchanged(cache.get(url)?.data as StatusView | undefined, await fetcher<StatusView>(url));
  return useSWR<StatusView>(STATUS_KEY, fetchShared, { fallbackData, refreshInterval: 5_000, keepPreviousData: true, revalidateOnMount: true, compare: sameObject });
}
