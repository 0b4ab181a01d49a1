"use client";

import { useCallback, useDeferredValue, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { ConfigBanner } from "@/components/config-banner";
import { HEAD_H, layoutGraph, neighbourhood, NODE_H, NODE_W, type Rect } from "@/components/graph/layout";
import { FIRST_VIEW, ganttFrame, startupCounts, type GraphSeed } from "@/components/graph/first-paint";
import { drawnArea, firstArea } from "@/components/graph/viewport";
import { CriticalPathSummary, StartupGantt } from "@/components/graph/startup-gantt";
import { WaveGraph, type Emphasis } from "@/components/graph/wave-graph";
import { useStartup } from "@/components/hooks/use-startup";
import { useStatus } from "@/components/hooks/use-status";
import { useUrlParams } from "@/components/hooks/use-url-params";
import { sharedNameLookup } from "@/components/names";
import { SearchBox } from "@/components/search-box";
import type { ServiceView } from "@/lib/api/shapes";

type Deps = Map<string, ServiceView["dependsOn"]>;
// The last dependency map `sharedDeps` made, kept while every service's list is the same object.
let lastDeps: { lists: ServiceView["dependsOn"][]; map: Deps } | undefined;

/** Each service's dependencies by id; the same map while no list changed (a live update changes statuses, not edges). */
function sharedDeps(services: readonly ServiceView[]): Deps {
  const prev = lastDeps;
  if (prev && prev.lists.length === services.length && services.every((s, i) => prev.lists[i] === s.dependsOn && prev.map.has(s.id))) return prev.map;
  const map: Deps = new Map(services.map((s) => [s.id, s.dependsOn]));
  lastDeps = { lists: services.map((s) => s.dependsOn), map };
  return map;
}

/** From the top of the scrolling region to the top of the nodes: padding, the wave headings, a gap. */
const NODE_TOP = 12 + HEAD_H + 4;

/**
 * The /graph page: the start-up graph in waves and the start-up timeline. View state lives in
 * the URL (`q`: search that highlights matches, `focus`: one service whose chain is highlighted),
 * so a copied link opens the same view.
 */
export function GraphPage({ seed }: { seed: GraphSeed }) {
  // No fallback for the hooks: the seed may be the first screen only, and the whole status is fetched on mount.
  const { data: fetched, error } = useStatus();
  const { data: fetchedStartup } = useStartup();
  const status = fetched ?? seed.status;
  const startup = fetchedStartup ?? seed.startup;
  const { params, set: setParams } = useUrlParams();
  // Highlighting 1,000 nodes and filtering the timeline wait behind the keystroke, so typing never lags.
  const q = useDeferredValue(params.get("q") ?? "");
  const focusParam = useDeferredValue(params.get("focus"));
  const scroller = useRef<HTMLDivElement>(null);
  const timeline = useRef<HTMLDivElement>(null);
  const [hidden, setHidden] = useState(0);
  const [area, setArea] = useState<Rect>(() => firstArea(FIRST_VIEW));

  const services = status.services;
  const byId = useMemo(() => new Map(services.map((s) => [s.id, s])), [services]);
  const nameOf = useMemo(() => sharedNameLookup(services), [services]);
  const deps = useMemo(() => sharedDeps(services), [services]);
  const order = status.order;
  // The seed's first screen until the whole status is here.
  const partial = fetched === undefined ? seed.layout : undefined;
  // Recomputed only when the config (waves or edges) changes, not on every status refresh: live
  // updates and refetches keep `order` and each unchanged `dependsOn` (components/hooks/live-patch.ts).
  const shape = useMemo(() => (partial ? "" : JSON.stringify([order, [...deps.values()]])), [partial, order, deps]);
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const layout = useMemo(() => partial ?? layoutGraph(order, deps), [shape, partial]);
  const frame = useMemo(() => (fetchedStartup ? ganttFrame(fetchedStartup) : seed.frame), [fetchedStartup, seed]);
  const counts = useMemo(() => (fetchedStartup ? startupCounts(fetchedStartup) : seed.counts), [fetchedStartup, seed]);
  const total = partial ? order.reduce((n, w) => n + w.length, 0) : services.length;
  const focus = focusParam && byId.has(focusParam) ? focusParam : null;

  const matches = useMemo(() => {
    const needle = q.trim().toLowerCase();
    return needle ? new Set(services.filter((s) => `${s.id} ${s.name} ${s.group}`.toLowerCase().includes(needle)).map((s) => s.id)) : null;
  }, [q, services]);
  const chain = useMemo(() => (focus ? neighbourhood(focus, deps) : null), [focus, deps]);
  const emphasis = useMemo<Emphasis>(() => ({ matches, chain, focus }), [matches, chain, focus]);

  // Bring the focused service into view when it changes (the graph may be wider than the screen).
  useEffect(() => {
    const n = focus ? layout.nodes.get(focus) : undefined;
    const el = scroller.current;
    if (!n || !el) return;
    const top = n.y + NODE_TOP;
    const y = top < el.scrollTop ? top - 8 : top + NODE_H > el.scrollTop + el.clientHeight ? top + NODE_H + 8 - el.clientHeight : el.scrollTop;
    el.scrollTo({ left: n.x + NODE_W / 2 - el.clientWidth / 2, top: y });
  }, [focus, layout]);

  // Which part of the graph to draw, and on a narrow screen how many waves are out of sight.
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    let frame = 0;
    const measure = () => {
      frame = 0;
      const perWave = el.scrollWidth / Math.max(1, layout.waves);
      setHidden(Math.max(0, Math.round((el.scrollWidth - el.scrollLeft - el.clientWidth) / perWave)));
      const next = drawnArea(el.scrollLeft, Math.max(0, el.scrollTop - NODE_TOP), el.clientWidth, el.clientHeight);
      setArea((a) => (a.x0 === next.x0 && a.y0 === next.y0 && a.x1 === next.x1 && a.y1 === next.y1 ? a : next));
    };
    const soon = () => (frame ||= requestAnimationFrame(measure));
    measure();
    const ro = new ResizeObserver(soon);
    ro.observe(el);
    el.addEventListener("scroll", soon, { passive: true });
    return () => {
      cancelAnimationFrame(frame);
      ro.disconnect();
      el.removeEventListener("scroll", soon);
    };
  }, [layout]);

  const firstMatch = matches ? services.find((s) => matches.has(s.id))?.id : undefined;
  const rows = useMemo(() => startup.services.filter((s) => (chain ? chain.has(s.id) : matches ? matches.has(s.id) : true)), [startup, chain, matches]);
  // One callback for every timeline row, so a row re-renders only when its own data changes.
  const toggleFocus = useRef((id: string) => setParams({ focus: focus === id ? null : id }));
  useLayoutEffect(() => {
    toggleFocus.current = (id: string) => setParams({ focus: focus === id ? null : id });
  });
  const onFocus = useCallback((id: string) => toggleFocus.current(id), []);

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
          <SearchBox value={params.get("q") ?? ""} onChange={(v) => setParams({ q: v }, "typing")} label="Find a service" placeholder="Find a service…" />
        </form>
        {matches && <span className="text-xs text-zinc-600 dark:text-zinc-400">{matches.size} match{matches.size === 1 ? "" : "es"}{firstMatch ? "; Enter focuses the first" : ""}</span>}
        {focus && (
          <button type="button" onClick={() => setParams({ focus: null })} className="rounded border border-zinc-300 px-2 py-0.5 text-xs dark:border-zinc-700">
            Focused on <strong>{nameOf(focus)}</strong> and its chain — clear ✕
          </button>
        )}
        <span className="ml-auto text-xs text-zinc-600 dark:text-zinc-400">{total} services in {layout.waves} waves</span>
      </div>
      <Legend />
      <p aria-live="polite" data-testid="scroll-hint" className={`mb-1 text-xs font-medium text-zinc-700 dark:text-zinc-300 ${hidden > 0 ? "" : "invisible"}`}>
        {hidden > 0 ? `${hidden} more ${hidden === 1 ? "wave" : "waves"} to the right: scroll sideways →` : "All waves in view"}
      </p>
      <div ref={scroller} tabIndex={0} role="region" aria-label="Start-up graph" className="mb-6 max-h-[70vh] overflow-auto rounded border border-zinc-200 bg-zinc-50 p-3 dark:border-zinc-800 dark:bg-zinc-950">
        <WaveGraph layout={layout} byId={byId} emphasis={emphasis} nameOf={nameOf} area={area} />
      </div>
      <h2 className="mb-1 text-base font-semibold">Start-up timeline</h2>
      <CriticalPathSummary data={startup} counts={counts} nameOf={nameOf} />
      <div ref={timeline} tabIndex={0} role="region" aria-label="Start-up timeline chart" className="max-h-[60vh] overflow-auto rounded border border-zinc-200 p-2 dark:border-zinc-800">
        <StartupGantt data={startup} frame={frame} rows={rows} nameOf={nameOf} focus={focus} onFocus={onFocus} scroller={timeline} />
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
