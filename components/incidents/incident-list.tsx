import Link from "next/link";
import { formatAgo } from "@/components/format";
import type { IncidentItem } from "@/components/hooks/use-incidents";

/** "4 min", "2 h 5 min". */
export function formatSpan(ms: number): string {
  const m = Math.round(ms / 60_000);
  if (m < 1) return `${Math.max(0, Math.round(ms / 1000))} s`;
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  return h < 48 ? `${h} h ${m % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}

/** "api, web, worker (+17)". */
export function folded(ids: readonly string[], max = 3): string {
  return ids.length > max ? `${ids.slice(0, max).join(", ")} (+${ids.length - max})` : ids.join(", ");
}

/** Incidents as a list: root cause, what it blocked, when, how long, notifications sent. */
export function IncidentList({ incidents, now, empty }: { incidents: IncidentItem[]; now: number; empty: string }) {
  if (incidents.length === 0) return <p className="text-sm text-zinc-600 dark:text-zinc-400">{empty}</p>;
  return (
    <ul className="divide-y divide-zinc-200 rounded border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
      {incidents.map((i) => (
        <li key={i.id} data-incident={i.id} className="flex flex-wrap items-baseline gap-x-3 gap-y-1 p-2 text-sm">
          <span className={`rounded px-1.5 text-xs font-medium ${i.open ? "bg-red-100 text-red-900 dark:bg-red-950 dark:text-red-200" : "bg-zinc-100 text-zinc-700 dark:bg-zinc-800 dark:text-zinc-200"}`}>{i.open ? "● open" : "✓ resolved"}</span>
          <Link href={`/incidents/${i.id}`} className="font-medium underline">
            {i.root} {i.open ? "is down" : "was down"}
          </Link>
          {i.affected.length > 0 && <span className="text-zinc-600 dark:text-zinc-300">blocking {folded(i.affected)}</span>}
          <span className="text-xs text-zinc-600 dark:text-zinc-400">
            started {formatAgo(i.startedAt, now)} · {i.open ? "for" : "lasted"} {formatSpan(i.open ? now - Date.parse(i.startedAt) : i.durationMs)} · {i.notifications} notification{i.notifications === 1 ? "" : "s"}
          </span>
        </li>
      ))}
    </ul>
  );
}
