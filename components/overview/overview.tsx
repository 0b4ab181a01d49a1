"use client";

import { useEffect, useMemo, useState } from "react";
import { useStatus } from "@/components/hooks/use-status";
import { useUrlParams } from "@/components/hooks/use-url-params";
import { compareNames, nameLookup } from "@/components/names";
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
 * name only, so a status change never moves a card under the pointer.
 */
export function Overview({ initial }: { initial: StatusView }) {
  const { data, error } = useStatus(initial);
  const { params, current, set } = useUrlParams();
  const q = params.get("q") ?? "";
  const filter = new Set((params.get("status") ?? "").split(",").filter(Boolean) as Status[]);
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
  const nameOf = useMemo(() => nameLookup(services), [services]);
  useEffect(() => {
    document.title = overviewTitle(services);
  }, [services]);
  const counts = useMemo(() => {
    const c = new Map<Status, number>();
    for (const s of services) c.set(s.status, (c.get(s.status) ?? 0) + 1);
    return c;
  }, [services]);
  const blocks = useMemo(() => {
    const c = new Map<string, number>();
    for (const s of services) for (const r of s.blockedBy) c.set(r, (c.get(r) ?? 0) + 1);
    return c;
  }, [services]);
  const groups = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const m = new Map<string, typeof services>();
    for (const s of services) {
      if (filter.size > 0 && !filter.has(s.status)) continue;
      if (needle && !`${s.id} ${s.name} ${s.group} ${s.target} ${s.type}`.toLowerCase().includes(needle)) continue;
      const list = m.get(s.group) ?? [];
      list.push(s);
      m.set(s.group, list);
    }
    for (const list of m.values()) list.sort((a, b) => compareNames(a.name, b.name) || compareNames(a.id, b.id));
    return [...m.entries()];
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [services, q, params]);
  const shown = groups.reduce((n, [, l]) => n + l.length, 0);

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
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{shown} of {services.length} services</span>
      </div>
      <OverviewActions total={services.length} />
      {groups.length === 0 && <p className="text-sm text-zinc-600 dark:text-zinc-400">No service matches.</p>}
      {groups.map(([group, list]) => (
        <section key={group} className="mb-4" aria-labelledby={`g-${group}`}>
          <h2 id={`g-${group}`} className="mb-1.5 text-sm font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400">{group} <span className="font-normal">({list.length})</span></h2>
          <ul className="grid grid-cols-1 gap-2 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
            {list.map((s) => <ServiceCard key={s.id} s={s} now={now} rootOf={blocks.get(s.id) ?? 0} nameOf={nameOf} />)}
          </ul>
        </section>
      ))}
    </div>
  );
}
