import { formatAgo, formatDuration, formatMs, plural } from "@/components/format";
import type { NameOf } from "@/components/names";
import { StatusBadge } from "@/components/status-badge";
import { BadgeSnippet } from "@/components/service/badge-snippet";
import { CheckNowButton } from "@/components/service/check-now-button";
import { CopyLinkButton } from "@/components/service/copy-link-button";
import type { ServiceDetail } from "@/lib/api/shapes";
import { ShareSnapshotButton } from "@/components/share/share-button";
import { BlockedBy, WaitingFor } from "@/components/blocked-by";
import { DiscoveredTag } from "@/components/discovered-tag";

/** Status, since when, what blocks it, target and type; check now, copy link, share snapshot and the badge. */
export function ServiceHeader({ s, now, nameOf, range }: { s: ServiceDetail; now: number; nameOf: NameOf; range: string }) {
  const t = s.timing;
  return (
    <header className="mb-4 space-y-2">
      <div className="flex flex-wrap items-center gap-2">
        <h1 className="min-w-0 break-words text-xl font-semibold">{s.name}</h1>
        <StatusBadge status={s.status} className="text-sm" />
        <span className="text-xs text-zinc-600 dark:text-zinc-400">since {formatAgo(s.since, now)}</span>
        <DiscoveredTag from={s.discovered} />
      </div>
      <p className="break-all text-sm text-zinc-600 dark:text-zinc-400">
        <span className="font-mono">{s.id}</span> · {s.type} · <span className="font-mono">{s.target}</span>
        {s.group && ` · group ${s.group}`}
      </p>
      <BlockedBy ids={s.blockedBy} nameOf={nameOf} className="text-sm text-violet-800 dark:text-violet-300">
        : its checks fail while a required dependency is down.
      </BlockedBy>
      <WaitingFor ids={s.waitingFor ?? []} nameOf={nameOf} className="text-sm text-sky-800 dark:text-sky-300">
        : a required dependency is still starting, so this is start-up, not an outage.
      </WaitingFor>
      {s.lastCheck && (
        <p className="break-words text-sm">
          Last check {formatAgo(s.lastCheck.at, now)}: {s.lastCheck.passed ? "passed" : `failed (${s.lastCheck.outcome})`} in {formatMs(s.lastCheck.durationMs)}
          {s.lastCheck.attempts > 1 && `, ${s.lastCheck.attempts} attempts`}
          {!s.lastCheck.passed && s.lastCheck.message && <span className="text-zinc-600 dark:text-zinc-400"> — {s.lastCheck.message}</span>}
        </p>
      )}
      <p className="text-xs text-zinc-600 dark:text-zinc-400">
        Checked every {formatDuration(t.interval)}; each attempt may take up to {formatDuration(t.timeout)}; {t.retries === 0 ? "no retries" : `up to ${plural(t.retries, "retry", "retries")}`}; down after {plural(t.failureThreshold, "failed check")} in a row.
      </p>
      <div className="flex flex-wrap items-start gap-3">
        <CheckNowButton id={s.id} hasDependents={s.dependents.length > 0} />
        <CopyLinkButton />
        <ShareSnapshotButton service={s.id} range={range} />
      </div>
      <BadgeSnippet id={s.id} name={s.name} />
    </header>
  );
}
