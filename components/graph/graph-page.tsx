"use client";

import { useEffect, useMemo, useRef, useState } from "react";
import { ConfigBanner } from "@/components/config-banner";
import { layoutGraph, neighbourhood } from "@/components/graph/layout";
import { CriticalPathSummary, StartupGantt } from "@/components/graph/startup-gantt";
import { WaveGraph, type Emphasis } from "@/components/graph/wave-graph";
import { useStartup } from "@/components/hooks/use-startup";
import { useStatus } from "@/components/hooks/use-status";
import { useUrlParams } from "@/components/hooks/use-url-params";
import { nameLookup } from "@/components/names";
import { SearchBox } from "@/components/search-box";
import type { StartupView, StatusView } from "@/lib/api/shapes";

/**
 * The /graph page: the start-up graph in waves and the start-up timeline. View state lives in
 * the URL (`q`: search that highlights matches, `focus`: one service whose chain is highlighted),
 * so a copied link opens the same view.
 */
export function GraphPage({ initialStatus, initialStartup }: { initialStatus: StatusView; initialStartup: StartupView }) {
  const { data: status, error } = useStatus(initialStatus);
  const { data: startup } = useStartup(initialStartup);
  const { params, set: setParams } = useUrlParams();
  const q = params.get("q") ?? "";
  const focusParam = params.get("focus");
  const scroller = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState(0);

  const services = useMemo(() => status?.services ?? [], [status]);
  const byId = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const nameOf = useMemo(() => nameLookup(services), [services]);
  const deps = useMemo(() => new Map(services.map((s) => [s.id, s.dependsOn])), [services]);
  const order = status?.order ?? initialStatus.order;
  // Recomputed only when the config (waves or edges) changes, not on every status refresh.
  const shape = JSON.stringify([order, services.map((s) => s.dependsOn)]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => layoutGraph(order, deps), [shape]);
  const focus = focusParam && byId.has(focusParam) ? focusParam : null;

  const emphasis = useMemo<Emphasis>(() => {
    const needle = q.trim().toLowerCase();
    const matches = needle ? new Set(services.filter((s) => `${s.id} ${s.name} ${s.group}`.toLowerCase().includes(needle)).map((s) => s.id)) : null;
    return { matches, chain: focus ? neighbourhood(focus, deps) : null, focus };
  }, [q, focus, services, deps]);

  // Bring the focused service into view when it changes (the graph may be wider than the screen).
  useEffect(() => {
    if (!focus) return;
    scroller.current?.querySelector(`[data-node="${CSS.escape(focus)}"]`)?.scrollIntoView({ block: "nearest", inline: "center" });
  }, [focus]);

  // On a narrow screen the waves run off to the right: say so, and how many are out of sight.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const perWave = el.scrollWidth / Math.max(1, layout.waves);
      setHidden(Math.max(0, Math.round((el.scrollWidth - el.scrollLeft - el.clientWidth) / perWave)));
    };
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    el.addEventListener("scroll", measure, { passive: true });
    return () => {
      ro.disconnect();
      el.removeEventListener("scroll", measure);
    };
  }, [layout]);

  const firstMatch = emphasis.matches ? [...emphasis.matches][0] : undefined;
  const rows = startup ? startup.services.filter((s) => (emphasis.chain ? emphasis.chain.has(s.id) : emphasis.matches ? emphasis.matches.has(s.id) : true)) : [];

  return (
    <div>
      <ConfigBanner error={status?.configError} />
      {error && <div role="alert" className="mb-3 rounded border border-red-300 bg-red-50 p-2 text-sm text-red-900">Cannot reach the API: {error.message}. Showing the last known status.</div>}
      <div className="mb-2 flex flex-wrap items-center gap-2">
        <h1 className="mr-2 text-lg font-semibold">Startup graph</h1>
        <form
          role="search"
          onSubmit={(e) => {
            e.preventDefault();
            if (firstMatch) setParams({ focus: firstMatch });
          }}
        >
          <SearchBox value={q} onChange={(v) => setParams({ q: v }, "typing")} label="Find a service" placeholder="Find a service…" />
        </form>
        {emphasis.matches && <span className="text-xs text-zinc-600 dark:text-zinc-400">{emphasis.matches.size} match{emphasis.matches.size === 1 ? "" : "es"}{firstMatch ? "; Enter focuses the first" : ""}</span>}
        {focus && (
          <button type="button" onClick={() => setParams({ focus: null })} className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700">
            Focused on <strong>{nameOf(focus)}</strong> and its chain — clear ✕
          </button>
        )}
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{services.length} services in {layout.waves} waves</span>
      </div>
      <Legend />
      <p aria-live="polite" data-testid="scroll-hint" className={`mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300 ${hidden > 0 ? "" : "invisible"}`}>
        {hidden > 0 ? `${hidden} more ${hidden === 1 ? "wave" : "waves"} to the right: scroll sideways →` : "All waves in view"}
      </p>
      <div ref={scroller} tabIndex={0} role="region" aria-label="Start-up graph" className="mb-6 max-h-[70vh] overflow-auto rounded border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
        <WaveGraph layout={layout} byId={byId} emphasis={emphasis} nameOf={nameOf} />
      </div>
      <h2 className="mb-1 text-base font-semibold">Start-up timeline</h2>
      {startup && <CriticalPathSummary data={startup} nameOf={nameOf} />}
      <div tabIndex={0} role="region" aria-label="Start-up timeline chart" className="max-h-[60vh] overflow-auto rounded border border-zinc-200 p-2 dark:border-zinc-800">
        {startup && <StartupGantt data={startup} rows={rows} nameOf={nameOf} focus={focus} onFocus={(id) => setParams({ focus: focus === id ? null : id })} />}
      </div>
    </div>
  );
}

function Legend() {
  return (
    <ul className="mb-2 flex flex-wrap gap-x-4 gap-y-1 text-xs text-zinc-600 dark:text-zinc-400" aria-label="Legend">
      <li className="flex items-center gap-1"><svg width="28" height="6" aria-hidden="true"><path d="M0 3H28" className="stroke-zinc-400" strokeWidth="1.5" /></svg> required</li>
      <li className="flex items-center gap-1"><svg width="28" height="6" aria-hidden="true"><path d="M0 3H28" className="stroke-zinc-400" strokeWidth="1.5" strokeDasharray="5 4" /></svg> optional</li>
      <li className="flex items-center gap-1"><svg width="28" height="6" aria-hidden="true"><path d="M0 3H28" className="stroke-red-600" strokeWidth="3" /></svg> blocking now</li>
      <li className="flex items-center gap-1"><svg width="28" height="6" aria-hidden="true"><path d="M0 3H28" className="stroke-sky-600" strokeWidth="2.5" strokeDasharray="6 3" /></svg> waited on (start-up)</li>
      <li>Gantt: hatched = waited on dependencies, solid = own start-up, tick = own checks passed, ★ = critical path</li>
    </ul>
  );
}
