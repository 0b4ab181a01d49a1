import { redact } from "@/lib/config/redact";
import type { LastCheckView, ServiceView, StatusChangeView } from "@/lib/api/shapes";
import { formatIssue, type Config, type ConfigIssue, type ServiceConfig } from "@/lib/config/load";
import { applyBlocked, type BaseState, type GraphState } from "@/lib/graph";
import type { RecentCounts } from "@/lib/runtime/recent";
import type { CheckRecord } from "@/lib/model";
import type { ServiceRuntime } from "@/lib/scheduler/scheduler";

export type { LastCheckView, ServiceView, StatusView, StorageView } from "@/lib/api/shapes";

/** The last check in its API shape. */
export function lastCheckView(check: CheckRecord | undefined): LastCheckView | null {
  if (!check) return null;
  const last = check.attempts[check.attempts.length - 1];
  return {
    at: new Date(check.startedAt).toISOString(),
    durationMs: check.durationMs,
    attempts: check.attempts.length,
    outcome: last?.outcome ?? "error",
    message: last?.message ?? null,
    passed: check.passed,
  };
}

/** The graph-derived part of the view (status with `blocked`, root causes), cached between changes. */
export type Derived = Map<string, GraphState>;

/** Applies the dependency graph to the scheduler's base statuses. */
export function deriveStatuses(config: Config, entries: ReadonlyMap<string, ServiceRuntime>, maintained: ReadonlySet<string> = new Set()): Derived {
  const base = new Map<string, BaseState>();
  for (const s of config.services) {
    const e = entries.get(s.id);
    base.set(s.id, { status: e?.counters.status ?? "pending", failing: e?.lastCheck ? !e.lastCheck.passed : false });
  }
  const derived = applyBlocked(config.services, base);
  // Maintenance (SPEC §9) shows over whatever the checks say; dependents still point at it.
  for (const id of maintained) if (derived.has(id)) derived.set(id, { status: "maintenance", blockedBy: [], waitingFor: [] });
  return derived;
}

/** The services whose graph-applied status, root causes or awaited dependencies differ between two passes. */
export function statusChanges(before: Derived, after: Derived): StatusChangeView[] {
  const out: StatusChangeView[] = [];
  for (const [id, a] of after) {
    const b = before.get(id);
    if (b && b.status === a.status && sameIds(b.blockedBy, a.blockedBy) && sameIds(b.waitingFor, a.waitingFor)) continue;
    out.push({ id, status: a.status, blockedBy: a.blockedBy, waitingFor: a.waitingFor });
  }
  return out;
}

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/** Renders one service in its API shape. */
export function serviceView(s: ServiceConfig, e: ServiceRuntime | undefined, d: GraphState | undefined, target: string, recent: RecentCounts): ServiceView {
  return {
    id: s.id,
    name: s.name,
    group: s.group,
    type: s.check.type,
    target,
    status: d?.status ?? "pending",
    blockedBy: d?.blockedBy ?? [],
    waitingFor: d?.waitingFor ?? [],
    failures: { count: e?.counters.failStreak ?? 0, threshold: s.timing.failureThreshold },
    since: new Date(e?.counters.since ?? Date.now()).toISOString(),
    lastCheck: lastCheckView(e?.lastCheck),
    dependsOn: s.dependsOn,
    recent,
    ...(s.discovered ? { discovered: s.discovered } : {}),
  };
}

/** Formats rejected-config issues for `configError`. */
export function configErrorText(issues: readonly ConfigIssue[]): string | undefined {
  return issues.length > 0 ? issues.map(formatIssue).join("\n") : undefined;
}

/** A service's check config with secrets masked, for API responses. */
export function redactedCheck(s: ServiceConfig): Record<string, unknown> {
  return redact(s.check);
}
