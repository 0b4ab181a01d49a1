import { graphOf } from "@/lib/graph/build";
import { isReady } from "@/lib/status";
import { startupTimeline, type StartupEvent, type StartupTimeline } from "@/lib/graph/timeline";
import type { GraphNode } from "@/lib/graph/validate";
import { transitiveDependents } from "@/lib/graph/waves";
import type { Status } from "@/lib/model";

interface Tracked extends StartupEvent {
  status: Status;
  /** When it stopped being ready, while it has not recovered. */
  lostAt: number | null;
}

/**
 * Follows status transitions and keeps each service's current start-up (README "Dependencies": "since the
 * dashboard started, or since a dependency recovered"). Rules, deliberately simple:
 * - every service starts at `origin` and becomes ready at its first up/degraded;
 * - a ready service that turns anything else is no longer ready, from `lostAt`;
 * - when it is ready again, a new start-up began at `lostAt` for it and for every transitive
 *   required dependent: those already ready count as ready at the recovery, the others when they
 *   next turn up/degraded. Optional dependents are not reset.
 */
export class StartupTracker {
  private nodes: readonly GraphNode[];
  private readonly state = new Map<string, Tracked>();

  /** Starts tracking `nodes`, all starting at `origin` (epoch ms). */
  constructor(nodes: readonly GraphNode[], readonly origin: number) {
    this.nodes = nodes;
    this.reconfigure(nodes, origin);
  }

  /** Swaps in a new node list after a config reload: known services keep their state, new ones start at `at`. */
  reconfigure(nodes: readonly GraphNode[], at: number): void {
    graphOf(nodes); // fail here, not on the next observe, if the graph cannot be ordered
    const ids = new Set(nodes.map((n) => n.id));
    for (const id of this.state.keys()) if (!ids.has(id)) this.state.delete(id);
    for (const id of ids) if (!this.state.has(id)) this.state.set(id, { startedAt: at, readyAt: null, status: "pending", lostAt: null });
    this.nodes = nodes;
  }

  /** Feeds one status (graph-applied, so `blocked` counts as not ready) observed at `at`; repeats are harmless. */
  observe(id: string, status: Status, at: number): void {
    const s = this.state.get(id);
    if (!s) return;
    const wasReady = isReady(s.status);
    s.status = status;
    if (isReady(status)) {
      if (s.lostAt !== null) this.recover(id, s.lostAt, at);
      else if (s.readyAt === null) s.readyAt = at;
    } else if (wasReady) {
      s.readyAt = null;
      s.lostAt = at;
    }
  }

  /** The current start-up of every service. */
  events(): Map<string, StartupEvent> {
    return new Map([...this.state].map(([id, s]) => [id, { startedAt: s.startedAt, readyAt: s.readyAt }]));
  }

  /** The timeline and critical path of the current start-up. */
  timeline(): StartupTimeline {
    return startupTimeline(this.nodes, this.events(), this.origin);
  }

  private recover(id: string, lostAt: number, at: number): void {
    const s = this.state.get(id)!;
    Object.assign(s, { startedAt: lostAt, readyAt: at, lostAt: null });
    for (const dep of transitiveDependents(this.nodes, id, { requiredOnly: true })) {
      const d = this.state.get(dep)!;
      // Its outage is explained by this one: it restarts with it rather than on its own.
      Object.assign(d, { startedAt: lostAt, readyAt: isReady(d.status) ? at : null, lostAt: null });
    }
  }
}
