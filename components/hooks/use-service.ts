"use client";

import useSWR from "swr";
import { fetcher } from "@/components/hooks/fetcher";
import { serviceKey } from "@/components/hooks/keys";
import type { ServiceDetail } from "@/lib/api/shapes";

export { serviceKey, servicePrefix } from "@/components/hooks/keys";

/** One service's status, config and neighbours; polled (pushed updates may `mutate(serviceKey(id))`). */
export function useService(id: string) {
  return useSWR<ServiceDetail>(serviceKey(id), fetcher, { refreshInterval: 5_000, keepPreviousData: true });
}
