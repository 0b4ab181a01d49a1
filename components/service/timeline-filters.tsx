"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { RANGES, viewQuery, type ServiceViewState } from "@/components/hooks/keys";
import { OUTCOME_LOOK } from "@/components/service/attempt-chip";
import type { LatencyView } from "@/lib/api/shapes";
import { type Outcome, OUTCOMES } from "@/lib/model";

/** Range links and the outcome filter; changing either starts again from the newest page. */
export function TimelineFilters({ path, state, counts }: { path: string; state: ServiceViewState; counts?: LatencyView["counts"] }) {
  const router = useRouter();
  const go = (next: ServiceViewState) => router.push(`${path}${viewQuery(next)}`, { scroll: false });
  return (
    <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
      <nav aria-label="Time range" className="flex flex-wrap gap-1">
        {RANGES.map((r) => (
          <Link
            key={r}
            href={`${path}${viewQuery({ range: r, outcome: state.outcome })}`}
            scroll={false}
            aria-current={r === state.range ? "true" : undefined}
            className={`rounded border px-2 py-0.5 text-xs ${r === state.range ? "border-zinc-900 bg-zinc-900 text-white dark:border-zinc-100 dark:bg-zinc-100 dark:text-zinc-900" : "border-zinc-300 hover:bg-zinc-100 dark:border-zinc-700 dark:hover:bg-zinc-800"}`}
          >
            {r}
          </Link>
        ))}
      </nav>
      <label className="flex items-center gap-1 text-xs">
        <span>Outcome</span>
        <select
          value={state.outcome ?? ""}
          onChange={(e) => go({ range: state.range, outcome: (e.target.value || undefined) as Outcome | undefined })}
          className="rounded border border-zinc-300 bg-white px-1 py-0.5 dark:border-zinc-700 dark:bg-zinc-900"
        >
          <option value="">any</option>
          {OUTCOMES.map((o) => (
            <option key={o} value={o}>{OUTCOME_LOOK[o].label}</option>
          ))}
        </select>
      </label>
      {counts && (
        <p className="text-xs text-zinc-600 dark:text-zinc-400" aria-live="polite">
          Last {state.range}: <strong className="tabular-nums">{counts.checks}</strong> checks, <strong className="tabular-nums">{counts.failed}</strong> failed,{" "}
          <strong className="tabular-nums">{counts.retries}</strong> retries, <strong className="tabular-nums">{counts.timeouts}</strong> timeouts
        </p>
      )}
    </div>
  );
}
