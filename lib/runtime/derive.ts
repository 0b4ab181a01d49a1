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

/** `states` with the services in maintenance shown as `maintenance` (README "Maintenance windows and silences"). */
export function withMaintenance(states: Derived, maintained: ReadonlySet<string>): Derived {
  if (maintained.size === 0) return states;
  const out = new Map(states);
  for (const id of maintained) if (out.has(id)) out.set(id, { status: "maintenance", blockedBy: [], waitingFor: [] });
  return out;
}

/** Rejected-config issues as one text, one issue a line; undefined when there are none. */
export function issuesText(issues: readonly ConfigIssue[]): string | undefined {
  return issues.length > 0 ? issues.map(formatIssue).join("\n") : undefined;
}
