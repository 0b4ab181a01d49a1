"use client";

import Link from "next/link";
import { useIncident } from "@/components/hooks/use-incidents";
import { useNow } from "@/components/incidents/incidents-page";
import { formatSpan } from "@/components/incidents/incident-list";
import { DeliveryTable } from "@/components/incidents/notification-log";

/** `/incidents/{id}`: the root cause, when, how long, everything it blocked, the notifications sent. */
export function IncidentDetail({ id, initialNow }: { id: string; initialNow: number }) {
  const now = useNow(initialNow);
  const { data: i, error } = useIncident(id);
  if (!i) return <p role="alert" className="text-sm">{error ? `Cannot load incident ${id}: ${error.message}` : "Loading…"}</p>;
  return (
    <div className="space-y-4">
      <h1 className="text-lg font-semibold">
        Incident #{i.id}: <Link href={`/services/${i.root}`} className="underline">{i.root}</Link> {i.open ? "is down" : "was down"}
      </h1>
      <p className="text-sm">
        {i.open ? "● Open" : "✓ Resolved"} · started {new Date(i.startedAt).toLocaleString()}
        {i.endedAt && ` · ended ${new Date(i.endedAt).toLocaleString()}`} · {formatSpan(i.open ? now - Date.parse(i.startedAt) : i.durationMs)}
      </p>
      <section aria-labelledby="affected-h">
        <h2 id="affected-h" className="mb-1 text-sm font-semibold">Blocked or kept waiting ({i.affected.length})</h2>
        {i.affected.length === 0 ? <p className="text-sm text-zinc-600 dark:text-zinc-400">Nothing depended on it.</p> : (
          <ul className="flex flex-wrap gap-2 text-sm">
            {i.affected.map((a) => <li key={a}><Link href={`/services/${a}`} className="underline">{a}</Link></li>)}
          </ul>
        )}
      </section>
      <section aria-labelledby="sent-h">
        <h2 id="sent-h" className="mb-1 text-sm font-semibold">Notifications</h2>
        <DeliveryTable list={i.notifications} now={now} />
      </section>
    </div>
  );
}
