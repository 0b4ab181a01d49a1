"use client";

import { usePathname } from "next/navigation";
import { useLiveEvents, type LiveState } from "@/components/hooks/use-live-events";

const LOOK: Record<LiveState, { icon: string; text: string; title: string; cls: string }> = {
  live: { icon: "●", text: "live", title: "Updates are pushed as checks finish", cls: "text-green-800 dark:text-green-300" },
  polling: { icon: "○", text: "polling", title: "The live stream is down; refreshing every few seconds", cls: "text-amber-800 dark:text-amber-300" },
  connecting: { icon: "○", text: "connecting", title: "Opening the live stream", cls: "text-zinc-500" },
};

function Indicator() {
  const state = useLiveEvents();
  const look = LOOK[state];
  return (
    <span role="status" aria-live="polite" data-live={state} title={look.title} className={`inline-flex items-center gap-1 text-xs ${look.cls}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.text}
    </span>
  );
}

/** Keeps every page's SWR data live over Server-Sent Events; mounted once in the layout. */
export function LiveUpdates() {
  // A shared snapshot is frozen and may be opened without the dashboard's credentials; the login
  // form has nothing live either.
  const pathname = usePathname();
  return pathname.startsWith("/share/") || pathname === "/login" ? null : <Indicator />;
}
