import { formatIssue, type Config, type ConfigIssue } from "@/lib/config/load";
import { GraphStatuses, type BaseState, type GraphState } from "@/lib/graph";
import type { ServiceRuntime } from "@/lib/scheduler/scheduler";

/** The graph-derived part of every service's state (status with `blocked`/`waiting`, root causes). */
export type Derived = ReadonlyMap<string, GraphState>;

/**
 * The graph applied to the scheduler's base statuses, kept up to date incrementally: after a
 * change only the changed service and its required dependents are recomputed (README.md, "Performance").
 */
export function liveStatuses(config: Config, runtime: (id: string) => Readonly<ServiceRuntime> | undefined): GraphStatuses {
  return new GraphStatuses(config.services, (id): BaseState => {
    const e = runtime(id);
    return { status: e?.counters.status ?? "pending", failing: e?.lastCheck ? !e.lastCheck.passed : false };
  });
}

const IN_MAINTENANCE: GraphState = { status: "maintenance", blockedBy: [], waitingFor: [] };

/**
 * `states` with the services in maintenance shown as `maintenance` (README "Maintenance windows
 * and silences"): a view over the live graph, made in O(1) per change instead of a copy of every
 * service, and a new object each time so caches keyed on it see the change.
 */
export function withMaintenance(states: Derived, maintained: ReadonlySet<string>): Derived {
  if (maintained.size === 0) return states;
  return new MaintenanceView(states, maintained);
}

class MaintenanceView implements ReadonlyMap<string, GraphState> {
  constructor(private readonly states: Derived, private readonly maintained: ReadonlySet<string>) {}
  get size(): number {
    return this.states.size;
  }
  get(id: string): GraphState | undefined {
    const g = this.states.get(id);
    return g && this.maintained.has(id) ? IN_MAINTENANCE : g;
  }
  has(id: string): boolean {
    return this.states.has(id);
  }
  *entries(): MapIterator<[string, GraphState]> {
    for (const [id, g] of this.states) yield [id, this.maintained.has(id) ? IN_MAINTENANCE : g];
  }
  keys(): MapIterator<string> {
    return this.states.keys();
  }
  *values(): MapIterator<GraphState> {
    for (const [, g] of this.entries()) yield g;
  }
  forEach(fn: (value: GraphState, key: string, map: ReadonlyMap<string, GraphState>) => void): void {
    for (const [id, g] of this.entries()) fn(g, id, this);
  }
  [Symbol.iterator](): MapIterator<[string, GraphState]> {
    return this.entries();
  }
}

/** Rejected-config issues as one text, one issue a line; undefined when there are none. */
export function issuesText(issues: readonly ConfigIssue[]): string | undefined {
  return issues.length > 0 ? issues.map(formatIssue).join("\n") : undefined;
}
