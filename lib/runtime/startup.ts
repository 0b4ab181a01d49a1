import { graphOf, readiness, StartupTracker, transitiveRequired, waves, type GraphNode, type GraphState, type StartupTimeline } from "@/lib/graph";
import type { ReadyView, StartupView } from "@/lib/api/shapes";
import type { Status } from "@/lib/model";

export type { ReadyView, StartupServiceView, StartupView } from "@/lib/api/shapes";

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

/**
 * Feeds the engine's graph-applied statuses to a StartupTracker and caches its timeline: only a
 * status that differs from the last one fed can move the timeline, so repeats cost a map lookup.
 */
export class StartupWatch {
  private readonly tracker: StartupTracker;
  private nodes: readonly GraphNode[];
  private readonly last = new Map<string, Status>();
  private cached?: StartupTimeline;

  /** Tracks `nodes` from `origin` (epoch ms), when the dashboard started. */
  constructor(nodes: readonly GraphNode[], origin: number) {
    this.nodes = nodes;
    this.tracker = new StartupTracker(nodes, origin);
  }

  /** Observes the statuses at `at`: every service, or only `only` when nobody else can have changed. */
  observe(statuses: ReadonlyMap<string, GraphState>, at: number, only?: string): void {
    const ids = only === undefined ? statuses.keys() : [only];
    for (const id of ids) {
      const status = statuses.get(id)?.status;
      if (status === undefined || this.last.get(id) === status) continue;
      this.last.set(id, status);
      this.tracker.observe(id, status, at);
      this.cached = undefined;
    }
  }

  /** Follows a config reload: kept services keep their start-up, new ones start at `at`. */
  reconfigure(nodes: readonly GraphNode[], at: number): void {
    const ids = new Set(nodes.map((n) => n.id));
    for (const id of this.last.keys()) if (!ids.has(id)) this.last.delete(id);
    this.nodes = nodes;
    this.tracker.reconfigure(nodes, at);
    this.cached = undefined;
  }

  /** The current start-up timeline (cached until a status changes). */
  timeline(): StartupTimeline {
    this.cached ??= this.tracker.timeline();
    return this.cached;
  }

  /** The `GET /api/startup` body. */
  view(now = Date.now()): StartupView {
    const t = this.timeline();
    const wave = graphOf(this.nodes).wave;
    return {
      generatedAt: new Date(now).toISOString(),
      origin: new Date(t.origin).toISOString(),
      complete: t.complete,
      lastReady: t.lastReady,
      totalMs: t.totalMs,
      criticalPath: t.criticalPath,
      order: waves(this.nodes),
      services: t.services.map((s) => ({
        id: s.id,
        status: this.last.get(s.id) ?? "pending",
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
}

/**
 * The readiness gate's answer for `id` (SPEC §3) from graph-applied statuses, or undefined for
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
