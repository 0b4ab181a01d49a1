"use client";

import { usePathname } from "next/navigation";
import { ConfigBanner } from "@/components/config-banner";
import { useStatus } from "@/components/hooks/use-status";
import { StorageBanner } from "@/components/storage-banner";
import type { StorageView } from "@/lib/api/shapes";

/**
 * The rejected-config banner on every page: seeded by the server render, then kept current by the
 * shared status hook. Frozen share snapshots and the login form have no live status to show.
 */
export function SiteConfigBanner({ initialError, initialStorage }: { initialError?: string; initialStorage?: StorageView }) {
  const pathname = usePathname();
  const live = !(pathname === "/login" || pathname.startsWith("/share/"));
  return live ? <LiveBanner initialError={initialError} initialStorage={initialStorage} /> : null;
}

function LiveBanner({ initialError, initialStorage }: { initialError?: string; initialStorage?: StorageView }) {
  const { data } = useStatus();
  return (
    <>
      <StorageBanner storage={data ? data.storage : initialStorage} />
      <ConfigBanner error={data ? data.configError : initialError} />
    </>
  );
}
