"use client";

import { incidentsKey, useIncidents } from "@/components/hooks/use-incidents";
import { IncidentList } from "@/components/incidents/incident-list";

/** The service page's own incidents: those it caused and those that blocked it. */
export function ServiceIncidents({ id, now }: { id: string; now: number }) {
  const { data } = useIncidents(incidentsKey({ service: id, limit: 10 }));
  return (
    <section aria-labelledby="incidents-h">
      <h2 id="incidents-h" className="mb-1 text-sm font-semibold">Incidents</h2>
      <IncidentList incidents={data?.incidents ?? []} now={now} empty="No incidents kept for this service." />
    </section>
  );
}
