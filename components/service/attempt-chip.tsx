import { formatMs } from "@/components/format";
import type { AttemptItem } from "@/lib/api/shapes";
import type { Outcome } from "@/lib/model";
import { OutcomeIcon } from "@/components/service/outcome-icon";

/** How each outcome looks: a word (next to its OutcomeIcon), and a colour only as a third cue. */
export const OUTCOME_LOOK: Record<Outcome, { label: string; cls: string }> = {
  ok: { label: "ok", cls: "bg-green-50 text-green-900 ring-green-700/30 dark:bg-green-950 dark:text-green-200" },
  timeout: { label: "timeout", cls: "bg-orange-100 text-orange-900 ring-orange-700/40 dark:bg-orange-950 dark:text-orange-200" },
  refused: { label: "refused", cls: "bg-red-100 text-red-900 ring-red-700/40 dark:bg-red-950 dark:text-red-200" },
  dns: { label: "DNS", cls: "bg-fuchsia-100 text-fuchsia-900 ring-fuchsia-700/30 dark:bg-fuchsia-950 dark:text-fuchsia-200" },
  tls: { label: "TLS", cls: "bg-cyan-100 text-cyan-900 ring-cyan-700/30 dark:bg-cyan-950 dark:text-cyan-200" },
  auth: { label: "auth", cls: "bg-yellow-100 text-yellow-900 ring-yellow-700/40 dark:bg-yellow-950 dark:text-yellow-200" },
  status: { label: "status", cls: "bg-rose-100 text-rose-900 ring-rose-700/30 dark:bg-rose-950 dark:text-rose-200" },
  assertion: { label: "assertion", cls: "bg-indigo-100 text-indigo-900 ring-indigo-700/30 dark:bg-indigo-950 dark:text-indigo-200" },
  error: { label: "error", cls: "bg-zinc-200 text-zinc-900 ring-zinc-600/40 dark:bg-zinc-800 dark:text-zinc-100" },
};

/** One attempt as a small chip: outcome icon and word, duration; the message on hover and to screen readers. */
export function AttemptChip({ a }: { a: AttemptItem }) {
  const look = OUTCOME_LOOK[a.outcome] ?? OUTCOME_LOOK.error;
  const detail = [a.phase ? `in ${a.phase}` : "", a.message ?? ""].filter(Boolean).join(": ");
  return (
    <span
      data-outcome={a.outcome}
      title={`attempt ${a.n}: ${look.label}${detail ? ` — ${detail}` : ""}`}
      className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs ring-1 ring-inset ${look.cls}`}
    >
      <OutcomeIcon outcome={a.outcome} />
      <span className="font-medium">{look.label}</span>
      <span className="tabular-nums opacity-80">{formatMs(a.durationMs)}</span>
      {detail && <span className="sr-only">— {detail}</span>}
    </span>
  );
}

/** The wait between two attempts. */
export function BackoffGap({ ms }: { ms: number }) {
  return (
    <span className="inline-flex items-center text-[11px] text-zinc-600 dark:text-zinc-400" title={`waited ${formatMs(ms)} before the next attempt`}>
      <span aria-hidden="true">→</span>
      <span className="sr-only">then waited</span>
      <span className="ml-0.5 tabular-nums">{formatMs(ms)}</span>
      <span aria-hidden="true" className="ml-0.5">→</span>
    </span>
  );
}
