"use client";

import { usePathname } from "next/navigation";
import { ConfigBanner } from "@/components/config-banner";
import { useStatus } from "@/components/hooks/use-status";

/**
 * The rejected-config banner on every page: seeded by the server render, then kept current by the
 * shared status hook. Frozen share snapshots and the login form have no live status to show.
 */
export function SiteConfigBanner({ initialError }: { initialError?: string }) {
  const pathname = usePathname();
  const live = !(pathname === "/login" || pathname.startsWith("/share/"));
  return live ? <LiveBanner initialError={initialError} /> : null;
}

function LiveBanner({ initialError }: { initialError?: string }) {
  const { data } = useStatus();
  return <ConfigBanner error={data ? data.configError : initialError} />;
}
