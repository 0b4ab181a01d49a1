"use client";

import Link from "next/link";
import { useChecks } from "@/components/hooks/use-checks";
import { viewQuery, type ServiceViewState } from "@/components/hooks/keys";
import { CheckRow } from "@/components/service/check-row";

/** The check history of the current range and filter, newest first, with an "older" link. */
export function CheckTimeline({ id, path, state, now }: { id: string; path: string; state: ServiceViewState; now: number }) {
  const { data, error, isLoading } = useChecks(id, state);
  const checks = data?.checks ?? [];
  return (
    <div>
      {error && <p role="alert" className="text-sm text-red-800">Cannot load the history: {error.message}</p>}
      {isLoading && !data && <p className="text-sm text-zinc-500">Loading…</p>}
      {data && checks.length === 0 && <p className="text-sm text-zinc-500">No checks {state.outcome ? `with a ${state.outcome} attempt ` : ""}in this range{state.before !== undefined ? " before this point" : ""}.</p>}
      <ol aria-label="Check timeline">
        {checks.map((c) => <CheckRow key={c.id} c={c} now={now} />)}
      </ol>
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
