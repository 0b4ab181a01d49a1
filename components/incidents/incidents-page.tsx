"use client";

import { useEffect, useState } from "react";
import { incidentsKey, useIncidents } from "@/components/hooks/use-incidents";
import { IncidentList } from "@/components/incidents/incident-list";
import { NotificationLog } from "@/components/incidents/notification-log";
import { Silences } from "@/components/incidents/silences";

/** Ticks every few seconds so durations stay current. */
export function useNow(initial: number, everyMs = 5_000): number {
  const [now, setNow] = useState(initial);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** `/incidents`: open and past incidents, silences, and the notification log. */
export function IncidentsPage({ initialNow }: { initialNow: number }) {
  const now = useNow(initialNow);
  const open = useIncidents(incidentsKey({ open: true }));
  const past = useIncidents(incidentsKey({ open: false }));
  return (
    <div className="space-y-6">
      <section aria-labelledby="open-h" className="space-y-2">
        <h1 id="open-h" className="text-lg font-semibold">Open incidents</h1>
        {open.error && <p role="alert" className="text-sm text-red-800">Cannot load incidents: {open.error.message}</p>}
        <IncidentList incidents={open.data?.incidents ?? []} now={now} empty="No open incidents." />
      </section>
      <section aria-labelledby="past-h" className="space-y-2">
        <h2 id="past-h" className="text-sm font-semibold">Past incidents</h2>
        <IncidentList incidents={past.data?.incidents ?? []} now={now} empty="None kept." />
      </section>
      <section aria-labelledby="silences-h" className="space-y-2">
        <h2 id="silences-h" className="text-sm font-semibold">Silences</h2>
        <Silences now={now} />
      </section>
      <section aria-labelledby="notify-h" className="space-y-2">
        <h2 id="notify-h" className="text-sm font-semibold">Notifications</h2>
        <NotificationLog now={now} />
      </section>
    </div>
  );
}
