import { graphOf } from "@/lib/graph/build";
import { transitiveRequired } from "@/lib/graph/waves";
import type { GraphNode } from "@/lib/graph/validate";
import type { Status } from "@/lib/model";
import { isReady } from "@/lib/status";

/** The readiness gate's answer for one service (README "Dependencies", `GET /api/ready/{id}`). */
export interface Readiness {
  ready: boolean;
  /** Required dependencies (transitive) that are not up or degraded, dependencies first. */
  waitingFor: { id: string; status: Status }[];
}

/**
 * Ready when every required dependency of `id`, transitively, is up or degraded; optional ones
 * are ignored. The closure matters: a direct dependency may still pass its own checks while
 * something beneath it is down. Statuses missing from the map count as `pending`; the service's
 * own status is not consulted (the gate is for its start-up). Answers undefined for an unknown id.
 */
export function readiness(nodes: readonly GraphNode[], statuses: ReadonlyMap<string, Status>, id: string): Readiness | undefined {
  const g = graphOf(nodes);
  const closure = transitiveRequired(nodes).get(id);
  if (!closure) return undefined;
  const waitingFor: Readiness["waitingFor"] = [];
  // Walk the closure, then put it in start-up order so the deepest dependency comes first.
  for (const dep of closure) {
    const status = statuses.get(dep) ?? "pending";
    if (!isReady(status)) waitingFor.push({ id: dep, status });
  }
  waitingFor.sort((a, b) => g.rank.get(a.id)! - g.rank.get(b.id)!);
  return { ready: waitingFor.length === 0, waitingFor };
}
