"use client";

import { usePathname } from "next/navigation";
import { ConfigBanner } from "@/components/config-banner";
import { useStatus } from "@/components/hooks/use-status";
import { StorageBanner } from "@/components/storage-banner";
import type { StorageView } from "@/lib/api/shapes";

/**
 * The rejected-config banner on every page, and the warning that instances sharing the database
 * run different configs: seeded by the server render, then kept current by the
 * shared status hook. Frozen share snapshots and the login form have no live status to show.
 */
export function SiteConfigBanner({ initialError, initialStorage, initialClusterWarning }: { initialError?: string; initialStorage?: StorageView; initialClusterWarning?: string }) {
  const pathname = usePathname();
  const live = !(pathname === "/login" || pathname.startsWith("/share/"));
  return live ? <LiveBanner initialError={initialError} initialStorage={initialStorage} initialClusterWarning={initialClusterWarning} /> : null;
}

function LiveBanner({ initialError, initialStorage, initialClusterWarning }: { initialError?: string; initialStorage?: StorageView; initialClusterWarning?: string }) {
  const { data } = useStatus();
  const clusterWarning = data ? data.cluster?.configDiffers : initialClusterWarning;
  return (
    <>
      <StorageBanner storage={data ? data.storage : initialStorage} />
      <ConfigBanner error={data ? data.configError : initialError} />
      {clusterWarning ? (
        <div role="alert" data-testid="cluster-config-differs" className="mb-3 rounded border border-amber-400 bg-amber-50 p-2 text-sm text-amber-950 dark:bg-amber-950 dark:text-amber-100">
          <strong>Instances run different configs</strong> — {clusterWarning}.
        </div>
      ) : null}
    </>
  );
}
