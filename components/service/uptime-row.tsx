import type { UptimeView } from "@/lib/api/shapes";
import { formatSpan } from "@/components/incidents/incident-list";

const RANGES = ["24h", "7d", "30d", "90d"] as const;

/** Uptime per range, with its own downtime, a dependency's and maintenance spelled out beside it. */
export function UptimeRow({ uptime }: { uptime: Record<(typeof RANGES)[number], UptimeView> }) {
  return (
    <section aria-labelledby="uptime-h">
      <h2 id="uptime-h" className="mb-1 text-sm font-semibold">Uptime</h2>
      <dl className="grid grid-cols-2 gap-2 text-sm sm:grid-cols-4">
        {RANGES.map((r) => {
          const u = uptime[r];
          return (
            <div key={r} data-uptime={r} className="rounded border border-zinc-200 p-2 dark:border-zinc-800">
              <dt className="text-xs text-zinc-600 dark:text-zinc-400">{r}</dt>
              <dd className="text-base font-semibold">{u.percent === null ? "no data" : `${u.percent.toFixed(2)}%`}</dd>
              <dd className="text-xs text-zinc-600 dark:text-zinc-300">
                down {formatSpan(u.downMs)} · blocked/waiting {formatSpan(u.dependencyMs)}
                {u.maintenanceMs > 0 && ` · maintenance ${formatSpan(u.maintenanceMs)}`}
              </dd>
            </div>
          );
        })}
      </dl>
    </section>
  );
}
