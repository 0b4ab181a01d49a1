"use client";

import { useDeferredValue, useEffect, useMemo, useState } from "react";
import { useStatus } from "@/components/hooks/use-status";
import { useUrlParams } from "@/components/hooks/use-url-params";
import { sharedNameLookup } from "@/components/names";
import { arrange, blocksOf, countsOf, type OverviewSummary } from "@/components/overview/arrange";
import { GroupGrid, ROW_ESTIMATE } from "@/components/overview/group-grid";
import { OverviewActions } from "@/components/overview/overview-actions";
import { RootCauses } from "@/components/overview/root-causes";
import { ServiceCard } from "@/components/overview/service-card";
import { overviewTitle } from "@/components/overview/title";
import { SearchBox } from "@/components/search-box";
import { StatusBadge } from "@/components/status-badge";
import type { StatusView } from "@/lib/api/shapes";
import { type Status, STATUSES } from "@/lib/model";

/**
 * The overview: groups of service cards, status filter and search kept in the URL. Cards sort by
 * name only, so a status change never moves a card under the pointer. With `summary`, `initial`
 * holds only the cards of the first screen (README.md, "Performance") and the fleet's counts come
 * from the summary until the whole status has been fetched, a moment after the page loads.
 */
export function Overview({ initial, summary }: { initial: StatusView; summary?: OverviewSummary }) {
  const { data, error } = useStatus(initial);
  // Live patches keep `generatedAt`: the data is the first screen's until a fetch replaces it.
  const partial = summary !== undefined && data?.generatedAt === initial.generatedAt;
  const { params, current, set } = useUrlParams();
  // Filtering 1,000 cards waits behind the keystroke, so typing never lags.
  const q = useDeferredValue(params.get("q") ?? "");
  const statusParam = useDeferredValue(params.get("status") ?? "");
  const filter = new Set(statusParam.split(",").filter(Boolean) as Status[]);
  const [now, setNow] = useState(() => Date.parse(initial.generatedAt));
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 5_000);
    return () => clearInterval(t);
  }, []);

  const toggle = (s: Status) => {
    const next = new Set((current().get("status") ?? "").split(",").filter(Boolean));
    if (next.has(s)) next.delete(s);
    else next.add(s);
    set({ status: [...next].join(",") });
  };

  const services = useMemo(() => data?.services ?? [], [data]);
  const nameOf = useMemo(() => sharedNameLookup(services), [services]);
  useEffect(() => {
    if (!partial) document.title = overviewTitle(services);
  }, [services, partial]);
  const counts = useMemo(() => (partial ? new Map(summary.counts) : countsOf(services)), [services, partial, summary]);
  const blocks = useMemo(() => (partial ? new Map(summary.blocks) : blocksOf(services)), [services, partial, summary]);
  const groups = useMemo(
    () => arrange(services, q, new Set(statusParam.split(",").filter(Boolean))),
    [services, q, statusParam],
  );
  const shown = partial ? summary.shown : groups.reduce((n, [, l]) => n + l.length, 0);
  const total = partial ? summary.total : services.length;
  // Where each group starts before it is measured: the server renders the first screen only.
  const offsets = useMemo(() => groupOffsets(groups.map(([, list]) => list.length)), [groups]);

  return (
    <div>
      {error && <div role="alert" className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">Cannot reach the API: {error.message}. Showing the last known status.</div>}
      <RootCauses services={services} blocks={blocks} />
      <div className="mb-3 flex flex-wrap items-center gap-2">
        <h1 className="mr-2 text-lg font-semibold">Overview</h1>
        <SearchBox value={q} onChange={(v) => set({ q: v }, "typing")} label="Search services" placeholder="Search services…" />
        <div role="group" aria-label="Filter by status" className="flex flex-wrap gap-1">
          {STATUSES.map((s) => (
            <button key={s} type="button" aria-pressed={filter.has(s)} onClick={() => toggle(s)} className={`rounded-md p-0.5 ${filter.has(s) ? "ring-2 ring-zinc-900 dark:ring-zinc-100" : "hover:ring-1 hover:ring-zinc-400"}`}>
              <StatusBadge status={s} /> <span className="text-xs tabular-nums">{counts.get(s) ?? 0}</span>
            </button>
          ))}
        </div>
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{shown} of {total} services</span>
      </div>
      <OverviewActions total={total} />
      {groups.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No service matches.</p>}
      {groups.map(([group, list], i) => (
        <section key={group} className="mb-2" aria-labelledby={`g-${group}`}>
          <h2 id={`g-${group}`} className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{group} <span className="font-normal">({list.length})</span></h2>
          <GroupGrid list={list} offsetEstimate={offsets[i]!} card={(s) => <ServiceCard key={s.id} s={s} now={now} rootOf={blocks.get(s.id) ?? 0} nameOf={nameOf} />} />
        </section>
      ))}
    </div>
  );
}

/** Where each group's cards start before they are measured (page header, then heading and rows of four). */
function groupOffsets(sizes: readonly number[]): number[] {
  const out: number[] = [];
  let at = 260;
  for (const n of sizes) {
    out.push(at + 28);
    at += 28 + Math.ceil(n / 4) * ROW_ESTIMATE + 16;
  }
  return out;
}
