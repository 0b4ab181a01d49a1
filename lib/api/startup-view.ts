import type { ReadyView, StartupView } from "@/lib/api/shapes";
import { graphOf, readiness, transitiveRequired, waves, type GraphNode, type GraphState } from "@/lib/graph";
import type { Status } from "@/lib/model";
import type { StartupWatch } from "@/lib/runtime/startup";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/** The `GET /api/startup` body. */
export function startupView(watch: StartupWatch, now = Date.now()): StartupView {
  const t = watch.timeline();
  const nodes = watch.services;
  const wave = graphOf(nodes).wave;
  return {
    generatedAt: new Date(now).toISOString(),
    origin: new Date(t.origin).toISOString(),
    complete: t.complete,
    lastReady: t.lastReady,
    totalMs: t.totalMs,
    criticalPath: t.criticalPath,
    order: waves(nodes),
    services: t.services.map((s) => ({
      id: s.id,
      status: watch.statusOf(s.id),
      wave: wave.get(s.id) ?? 0,
      startedAt: new Date(s.startedAt).toISOString(),
      readyAt: iso(s.readyAt),
      readyAfterMs: s.readyAfterMs,
      gateOpenAt: iso(s.gateOpenAt),
      waitedMs: s.waitedMs,
      waitedOn: s.waitedOn,
      waitingFor: s.waitingFor,
    })),
  };
}

/**
 * The readiness gate's answer for `id` (README "Dependencies") from graph-applied statuses, or undefined for
 * an unknown id. `dependencies` lists every required dependency, transitively, dependencies first.
 */
export function readyView(nodes: readonly GraphNode[], statuses: ReadonlyMap<string, GraphState>, id: string): ReadyView | undefined {
  const closure = transitiveRequired(nodes).get(id);
  if (!closure) return undefined;
  // Only the closure's statuses are consulted, so the map stays small at 1,000 services.
  const plain = new Map<string, Status>();
  for (const d of closure) plain.set(d, statuses.get(d)?.status ?? "pending");
  const r = readiness(nodes, plain, id)!;
  const rank = graphOf(nodes).rank;
  const dependencies = [...closure].sort((a, b) => rank.get(a)! - rank.get(b)!).map((d) => ({ id: d, status: plain.get(d)! }));
  return r.ready ? { ready: true, id, dependencies } : { ready: false, id, waitingFor: r.waitingFor, dependencies };
}
