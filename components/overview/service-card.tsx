import Link from "next/link";
import { memo } from "react";
import { formatMs, formatWhen, plural } from "@/components/format";
import type { NameOf } from "@/components/names";
import { OutcomeIcon } from "@/components/service/outcome-icon";
import { StatusBadge } from "@/components/status-badge";
import type { ServiceView } from "@/lib/api/shapes";
import { BlockedBy, WaitingFor } from "@/components/blocked-by";
import { DiscoveredTag } from "@/components/discovered-tag";
import { isRootCause } from "@/lib/status";

function attemptsLine(s: ServiceView): string | null {
  const c = s.lastCheck;
  if (!c) return null;
  if (c.passed) return c.attempts > 1 ? `passed after ${c.attempts - 1} ${c.attempts === 2 ? "retry" : "retries"}` : "passed first time";
  return `failed: ${c.outcome} after ${c.attempts} ${c.attempts === 1 ? "attempt" : "attempts"}`;
}

/** "1 of 3 failures": a failed check that has not reached the failure threshold yet. */
export function belowThreshold(s: Pick<ServiceView, "status" | "lastCheck" | "failures">): string | null {
  if (!s.lastCheck || s.lastCheck.passed || !s.failures) return null;
  const { count, threshold } = s.failures;
  if (count === 0 || count >= threshold || !["up", "degraded", "starting"].includes(s.status)) return null;
  return `${count} of ${threshold} failures`;
}

/**
 * One service on the overview: status, latency, last check, retries and timeouts, root cause
 * links. `snapshotAt` marks a frozen card: its times count back from the snapshot, not from now.
 */
function ServiceCardView({ s, now, rootOf, nameOf, snapshotAt }: { s: ServiceView; now: number; rootOf: number; nameOf: NameOf; snapshotAt?: number }) {
  const root = isRootCause(s.status) && rootOf > 0;
  const hung = s.recent?.timeouts ?? 0;
  return (
    <li
      data-service={s.id}
      data-status={s.status}
      className={`rounded-md border bg-white p-2.5 text-sm shadow-sm dark:bg-zinc-900 ${root ? "border-red-600 ring-2 ring-red-600/40" : "border-zinc-200 dark:border-zinc-800"}`}
    >
      <div className="flex items-start justify-between gap-2">
        <Link href={`/services/${encodeURIComponent(s.id)}`} className="min-w-0 truncate font-medium hover:underline" title={s.name}>
          {s.name}
        </Link>
        <StatusBadge status={s.status} />
      </div>
      <div className="mt-0.5 truncate text-xs text-zinc-600 dark:text-zinc-400" title={s.target}>
        <DiscoveredTag from={s.discovered} className="mr-1" />
        {s.type} · {s.target}
      </div>
      {root && <div className="mt-1 text-xs font-semibold text-red-700 dark:text-red-300">Root cause: blocks {rootOf} {rootOf === 1 ? "service" : "services"}</div>}
      <BlockedBy ids={s.blockedBy} nameOf={nameOf} className="mt-1 text-xs text-violet-800 dark:text-violet-300" />
      <WaitingFor ids={s.waitingFor ?? []} nameOf={nameOf} className="mt-1 text-xs text-sky-800 dark:text-sky-300" />
      {belowThreshold(s) && <p data-below-threshold className="mt-1 text-xs font-medium text-amber-800 dark:text-amber-300">{belowThreshold(s)}{s.status === "starting" ? " before down" : `: still ${s.status} until ${s.failures.threshold} in a row`}</p>}
      <dl className="mt-1.5 grid grid-cols-4 gap-1 text-xs">
        <div><dt className="text-zinc-600 dark:text-zinc-400">Latency</dt><dd>{s.lastCheck ? formatMs(s.lastCheck.durationMs) : "—"}</dd></div>
        <div><dt className="text-zinc-600 dark:text-zinc-400">Checked</dt><dd data-testid="checked-at">{s.lastCheck ? formatWhen(s.lastCheck.at, now, snapshotAt) : "not yet"}</dd></div>
        <div title="uptime over the last 24 hours"><dt className="text-zinc-600 dark:text-zinc-400">24 h uptime</dt><dd>{s.uptime24h == null ? "—" : `${s.uptime24h.toFixed(2)}%`}</dd></div>
        <div><dt className="text-zinc-600 dark:text-zinc-400">{snapshotAt === undefined ? "Last hour" : "Hour before"}</dt><dd>{s.recent ? plural(s.recent.retries, "retry", "retries") : "—"}</dd></div>
      </dl>
      {hung > 0 && (
        <p data-testid="timeouts" className="mt-1 flex items-start gap-1 text-xs font-medium text-orange-800 dark:text-orange-300">
          <OutcomeIcon outcome="timeout" />
          <span>{plural(hung, "attempt")} timed out (no answer) in the {snapshotAt === undefined ? "last" : "previous"} hour</span>
        </p>
      )}
      {s.lastCheck && (
        <p className="mt-1 break-words text-xs text-zinc-700 dark:text-zinc-300">
          {attemptsLine(s)}{s.lastCheck.message ? ` — ${s.lastCheck.message}` : ""}
        </p>
      )}
    </li>
  );
}

/**
 * One service on the overview (see ServiceCardView). Memoised: a keystroke in search or a check
 * of another service re-renders only the cards whose data changed (README.md, "Performance").
 */
export const ServiceCard = memo(ServiceCardView);
