import { formatIssue, type Config, type ConfigIssue } from "@/lib/config/load";
import { applyBlocked, type BaseState, type GraphState } from "@/lib/graph";
import type { ServiceRuntime } from "@/lib/scheduler/scheduler";

/** The graph-derived part of a service's state (status with `blocked`, root causes), cached between changes. */
export type Derived = Map<string, GraphState>;

/** Applies the dependency graph to the scheduler's base statuses. */
export function deriveStatuses(config: Config, entries: ReadonlyMap<string, ServiceRuntime>, maintained: ReadonlySet<string> = new Set()): Derived {
  const base = new Map<string, BaseState>();
  for (const s of config.services) {
    const e = entries.get(s.id);
    base.set(s.id, { status: e?.counters.status ?? "pending", failing: e?.lastCheck ? !e.lastCheck.passed : false });
  }
  const derived = applyBlocked(config.services, base);
  // Maintenance (README "Maintenance windows and silences") shows over whatever the checks say.
  for (const id of maintained) if (derived.has(id)) derived.set(id, { status: "maintenance", blockedBy: [], waitingFor: [] });
  return derived;
}

/** Rejected-config issues as one text, one issue a line; undefined when there are none. */
export function issuesText(issues: readonly ConfigIssue[]): string | undefined {
  return issues.length > 0 ? issues.map(formatIssue).join("\n") : undefined;
}

/** The services whose graph-applied status, root causes or awaited dependencies differ between two passes. */
export function statusChanges(before: Derived, after: Derived): (GraphState & { id: string })[] {
  const out: (GraphState & { id: string })[] = [];
  for (const [id, a] of after) {
    const b = before.get(id);
    if (b && b.status === a.status && sameIds(b.blockedBy, a.blockedBy) && sameIds(b.waitingFor, a.waitingFor)) continue;
    out.push({ id, ...a });
  }
  return out;
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
