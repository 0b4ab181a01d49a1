import { StartupTracker, type GraphNode, type GraphState, type StartupTimeline } from "@/lib/graph";
import type { Status } from "@/lib/model";

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

  /** The services tracked, in config order. */
  get services(): readonly GraphNode[] {
    return this.nodes;
  }

  /** The last graph-applied status fed for `id` ("pending" before any). */
  statusOf(id: string): Status {
    return this.last.get(id) ?? "pending";
  }
}
