import type { DiscoveredView } from "@/lib/api/shapes";

/** Marks a service found by discovery (not written in the config file), naming its container. */
export function DiscoveredTag({ from, className = "" }: { from: DiscoveredView | undefined; className?: string }) {
  if (!from) return null;
  const where = from.project !== undefined ? `Compose project ${from.project}, service ${from.composeService ?? "?"}, container ${from.container}` : `container ${from.container}`;
  return (
    <span data-discovered={from.by} title={`Discovered from Docker: ${where}`} className={`rounded border border-zinc-400 px-1 text-[11px] font-medium text-zinc-700 dark:border-zinc-500 dark:text-zinc-300 ${className}`}>
      discovered
    </span>
  );
}
