import { formatMs, formatWhen } from "@/components/format";
import { AttemptChip, BackoffGap, OUTCOME_LOOK } from "@/components/service/attempt-chip";
import type { CheckItem } from "@/lib/api/shapes";

/** "passed first time", "passed after 2 retries", "failed after 3 attempts". */
export function verdictOf(c: Pick<CheckItem, "passed" | "attempts">): string {
  const n = c.attempts.length;
  if (c.passed) return n > 1 ? `passed after ${n - 1} ${n === 2 ? "retry" : "retries"}` : "passed first time";
  return `failed after ${n} ${n === 1 ? "attempt" : "attempts"}`;
}

/** One check of the timeline: verdict, when, its attempts as chips with the backoff between them. */
export function CheckRow({ c, now, snapshotAt }: { c: CheckItem; now: number; snapshotAt?: number }) {
  const last = c.attempts[c.attempts.length - 1];
  const retried = c.passed && c.attempts.length > 1;
  return (
    <li data-check-id={c.id} data-passed={c.passed} className="border-b border-zinc-200 py-2 last:border-0 dark:border-zinc-800">
      <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm">
        <span className={`font-medium ${c.passed ? (retried ? "text-amber-800 dark:text-amber-300" : "text-green-800 dark:text-green-300") : "text-red-800 dark:text-red-300"}`}>
          <span aria-hidden="true">{c.passed ? (retried ? "◐ " : "✓ ") : "✕ "}</span>
          {verdictOf(c)}
        </span>
        {!c.passed && last && <span className="text-xs text-zinc-600 dark:text-zinc-400">({OUTCOME_LOOK[last.outcome]?.label ?? last.outcome})</span>}
        <time dateTime={c.startedAt} suppressHydrationWarning title={new Date(c.startedAt).toLocaleString()} className="text-xs text-zinc-600 dark:text-zinc-400">
          {formatWhen(c.startedAt, now, snapshotAt)}
        </time>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">{formatMs(c.durationMs)}</span>
        {c.trigger === "manual" && <span className="rounded bg-zinc-100 px-1 text-[11px] text-zinc-700 dark:bg-zinc-800 dark:text-zinc-300">manual</span>}
      </div>
      <ol className="mt-1 flex flex-wrap items-center gap-1" aria-label={`attempts of check ${c.id}`}>
        {c.attempts.map((a) => (
          <li key={a.n} className="inline-flex items-center gap-1">
            <AttemptChip a={a} />
            {a.backoffMs !== undefined && a.n < c.attempts.length && <BackoffGap ms={a.backoffMs} />}
          </li>
        ))}
      </ol>
      {!c.passed && last?.message && <p className="mt-1 break-words text-xs text-zinc-700 dark:text-zinc-300">{last.message}</p>}
    </li>
  );
}
