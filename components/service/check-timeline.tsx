"use client";

import Link from "next/link";
import { useState } from "react";
import { formatWhen } from "@/components/format";
import { useChecks } from "@/components/hooks/use-checks";
import { viewQuery, type ServiceViewState } from "@/components/hooks/keys";
import type { CheckItem } from "@/lib/api/shapes";
import { foldRuns, OUTCOME_PHRASE } from "@/components/service/check-groups";
import { CheckRow, verdictOf } from "@/components/service/check-row";

/** `ids` added to `set` (open) or taken out of it (closed). */
function withRun(set: ReadonlySet<number>, ids: readonly number[], open: boolean): ReadonlySet<number> {
  const next = new Set(set);
  for (const id of ids) {
    if (open) next.add(id);
    else next.delete(id);
  }
  return next;
}

/**
 * Checks newest first; runs of look-alike checks fold behind one "N more like this" disclosure.
 * A fold stays open while new checks join its run: its element is keyed by the run's newest
 * check, which every arrival changes, so whether it is open is kept by the checks it held.
 */
export function CheckList({ checks, now, label, snapshotAt }: { checks: readonly CheckItem[]; now: number; label: string; snapshotAt?: number }) {
  const [opened, setOpened] = useState<ReadonlySet<number>>(() => new Set());
  return (
    <ol aria-label={label}>
      {foldRuns(checks).flatMap(({ first, rest }) => {
        const row = <CheckRow key={first.id} c={first} now={now} snapshotAt={snapshotAt} />;
        if (rest.length === 0) return [row];
        const oldest = rest[rest.length - 1]!;
        const ids = [first.id, ...rest.map((c) => c.id)];
        const open = ids.some((id) => opened.has(id));
        return [
          row,
          <li key={`more-${first.id}`} className="border-b border-zinc-200 py-1 last:border-0 dark:border-zinc-800">
            <details
              data-testid="folded-checks"
              open={open}
              onToggle={(e) => {
                const nowOpen = e.currentTarget.open;
                if (nowOpen !== open) setOpened((set) => withRun(set, ids, nowOpen));
              }}
            >
              <summary className="cursor-pointer text-xs text-zinc-700 hover:underline dark:text-zinc-300">
                {rest.length} more {rest.length === 1 ? "check" : "checks"} like this ({verdictOf(first)}), back to {formatWhen(oldest.startedAt, now, snapshotAt)}
              </summary>
              <ol aria-label={`${rest.length} more checks like this`} className="pl-3">
                {rest.map((c) => <CheckRow key={c.id} c={c} now={now} snapshotAt={snapshotAt} />)}
              </ol>
            </details>
          </li>,
        ];
      })}
    </ol>
  );
}

/** The check history of the current range and filter, newest first, with an "older" link. */
export function CheckTimeline({ id, path, state, now }: { id: string; path: string; state: ServiceViewState; now: number }) {
  const { data, error, isLoading } = useChecks(id, state);
  const checks = data?.checks ?? [];
  return (
    <div>
      {error && <p role="alert" className="text-sm text-red-800">Cannot load the history: {error.message}</p>}
      {isLoading && !data && <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}
      {data && checks.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No checks {state.outcome ? `with ${OUTCOME_PHRASE[state.outcome]} ` : ""}in the last {state.range}{state.before !== undefined ? " before this point" : ""}.</p>}
      <CheckList checks={checks} now={now} label="Check timeline" />
      <nav aria-label="History pages" className="mt-2 flex gap-3 text-sm">
        {state.before !== undefined && (
          <Link href={`${path}${viewQuery({ range: state.range, outcome: state.outcome })}`} scroll={false} className="underline">
            ← Newest
          </Link>
        )}
        {data?.next !== undefined && (
          <Link href={`${path}${viewQuery({ ...state, before: data.next })}`} scroll={false} rel="next" className="underline" data-testid="older">
            Older →
          </Link>
        )}
      </nav>
    </div>
  );
}
