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

/**
 * Every service's shown status: the live graph with maintenance over it, cached until something
 * moves. A check recomputes its service and what requires it, in proportion to the change.
 */
export class ShownStatuses {
  private graph?: GraphStatuses;
  private shown?: Derived;
  /** Whether each service's last check failed. */
  private readonly failing = new Map<string, boolean>();

  constructor(
    private readonly config: () => Config,
    private readonly runtime: (id: string) => Readonly<ServiceRuntime> | undefined,
    private readonly maintained: () => ReadonlySet<string>,
  ) {}

  /** The shown statuses (cached until a status or maintenance changes). */
  get(): Derived {
    this.graph ??= liveStatuses(this.config(), this.runtime);
    // Maintenance shows over whatever the checks say; the copy is kept until something moves.
    this.shown ??= withMaintenance(this.graph.states, this.maintained());
    return this.shown;
  }

  /** The shown statuses again, after the services in maintenance changed. */
  reshow(): Derived {
    this.shown = undefined;
    return this.get();
  }

  /** Forgets the graph (the config changed). */
  reset(): void {
    this.graph = undefined;
    this.shown = undefined;
  }

  /** Takes in a check of `id`: whether anyone's `blocked` may have changed, and who moved. */
  update(id: string, passed: boolean, statusChanged: boolean): { changed: boolean; moved: string[] } {
    const wasFailing = this.failing.get(id) ?? false;
    this.failing.set(id, !passed);
    // Only a change of base status or of failing can change anyone's `blocked`.
    const changed = statusChanged || wasFailing !== !passed;
    this.get(); // builds the graph on first use
    const moved = changed ? this.graph!.update([id]) : [];
    if (moved.length > 0) this.shown = undefined;
    return { changed, moved };
  }
}

/** Rejected-config issues as one text, one issue a line; undefined when there are none. */
export function issuesText(issues: readonly ConfigIssue[]): string | undefined {
  return issues.length > 0 ? issues.map(formatIssue).join("\n") : undefined;
}
