"use client";

import { useMemo } from "react";
import { useStatus } from "@/components/hooks/use-status";
import { nameLookup, type NameOf } from "@/components/names";

/** Names of every service from the shared status (already fetched by every live page); ids until it loads. */
export function useNames(known: readonly { id: string; name: string }[] = []): NameOf {
  const { data } = useStatus();
  return useMemo(() => nameLookup([...known, ...(data?.services ?? [])]), [data, known]);
}
