"use client";

import { usePathname, useSearchParams } from "next/navigation";
import { useEffect, useState } from "react";
import { ConfigBanner } from "@/components/config-banner";
import { viewStateFrom } from "@/components/hooks/keys";
import { useLatency } from "@/components/hooks/use-checks";
import { useNames } from "@/components/hooks/use-names";
import { useService } from "@/components/hooks/use-service";
import { CheckTimeline } from "@/components/service/check-timeline";
import { LatencyChart } from "@/components/service/latency-chart";
import { LinkedServices } from "@/components/service/linked-services";
import { ServiceHeader } from "@/components/service/service-header";
import { ServiceIncidents } from "@/components/service/service-incidents";
import { UptimeRow } from "@/components/service/uptime-row";
import { TimelineFilters } from "@/components/service/timeline-filters";

/** The service page: every piece of view state (range, outcome, page) comes from the URL. */
export function ServicePage({ id, names, initialNow, configError }: { id: string; names: { id: string; name: string }[]; initialNow: number; configError?: string }) {
  const params = useSearchParams();
  const path = usePathname();
  const state = viewStateFrom((k) => params.get(k));
  const { data: s, error } = useService(id);
  const { data: latency } = useLatency(id, state.range);
  const nameOf = useNames(names);
  const [now, setNow] = useState(initialNow);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);

  if (!s) return <p role="alert" className="text-sm text-red-800">{error ? `Cannot load ${id}: ${error.message}` : "Loading…"}</p>;
  return (
    <div className="space-y-5">
      <ConfigBanner error={configError} />
      {error && <p role="alert" className="rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">Cannot reach the API: {error.message}. Showing the last known state.</p>}
      <ServiceHeader s={s} now={now} nameOf={nameOf} range={state.range} />
      <div className="grid gap-4 sm:grid-cols-2">
        <LinkedServices title="Depends on" list={s.dependsOn} nameOf={nameOf} empty="No dependencies." />
        <LinkedServices title="Dependents" list={s.dependents} nameOf={nameOf} empty="Nothing depends on it." />
      </div>
      {s.uptime && <UptimeRow uptime={s.uptime} />}
      <ServiceIncidents id={id} now={now} />
      <section aria-labelledby="latency-h">
        <h2 id="latency-h" className="mb-1 text-sm font-semibold">Latency</h2>
        {latency ? <LatencyChart data={latency} rangeLabel={state.range} timeoutMs={s.timing.timeout} /> : <p className="text-sm text-zinc-600 dark:text-zinc-400">Loading…</p>}
      </section>
      <section aria-labelledby="history-h" className="space-y-2">
        <h2 id="history-h" className="text-sm font-semibold">Checks</h2>
        <TimelineFilters path={path} state={state} counts={latency?.counts} />
        <CheckTimeline id={id} path={path} state={state} now={now} />
      </section>
    </div>
  );
}
