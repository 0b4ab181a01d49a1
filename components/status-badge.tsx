import type { Status } from "@/lib/model";

const LOOK: Record<Status, { icon: string; label: string; cls: string }> = {
  up: { icon: "✓", label: "up", cls: "bg-green-100 text-green-900 ring-green-700/30 dark:bg-green-950 dark:text-green-200" },
  degraded: { icon: "◐", label: "degraded", cls: "bg-amber-100 text-amber-900 ring-amber-700/30 dark:bg-amber-950 dark:text-amber-200" },
  down: { icon: "✕", label: "down", cls: "bg-red-100 text-red-900 ring-red-700/40 dark:bg-red-950 dark:text-red-200" },
  blocked: { icon: "⊘", label: "blocked", cls: "bg-violet-100 text-violet-900 ring-violet-700/30 dark:bg-violet-950 dark:text-violet-200" },
  waiting: { icon: "◷", label: "waiting", cls: "bg-sky-50 text-sky-900 ring-sky-700/30 dark:bg-sky-950 dark:text-sky-200" },
  starting: { icon: "↻", label: "starting", cls: "bg-sky-100 text-sky-900 ring-sky-700/30 dark:bg-sky-950 dark:text-sky-200" },
  maintenance: { icon: "⚒", label: "maintenance", cls: "bg-slate-200 text-slate-800 ring-slate-600/30 dark:bg-slate-800 dark:text-slate-200" },
  pending: { icon: "…", label: "pending", cls: "bg-zinc-100 text-zinc-700 ring-zinc-500/30 dark:bg-zinc-800 dark:text-zinc-200" },
};

/** A status as icon and word (never colour alone). */
export function StatusBadge({ status, className = "" }: { status: Status; className?: string }) {
  const look = LOOK[status];
  return (
    <span data-status={status} className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 text-xs font-medium ring-1 ring-inset ${look.cls} ${className}`}>
      <span aria-hidden="true">{look.icon}</span>
      {look.label}
    </span>
  );
}
