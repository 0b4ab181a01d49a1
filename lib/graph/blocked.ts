import { cmp, graphOf } from "@/lib/graph/build";
import type { GraphNode } from "@/lib/graph/validate";
import type { BaseStatus, Status } from "@/lib/model";
import { isBlockable, isRootCause } from "@/lib/status";

/** A service's status from its own checks, as the scheduler derives it. */
export interface BaseState {
  status: BaseStatus;
  /** The last check failed; a `down` or `starting` base status counts as failing too. */
  failing: boolean;
}

/** A service's status with the dependency graph applied. */
export interface GraphState {
  status: Status;
  /** Root causes (sorted ids) when `blocked`; empty otherwise. */
  blockedBy: string[];
}

const NONE: ReadonlySet<string> = new Set();

/**
 * Layers `blocked` over base statuses (README "Checks, attempts and statuses"): a failing service with a `down` service among its
 * transitive required dependencies is `blocked`, and `blockedBy` lists the root causes — the down
 * services in that closure that have no down required dependency of their own (they stay `down`).
 * A down service whose required dependency is down is blocked too; optional edges never block.
 * Services missing from `base` count as `pending`. Runs in one pass over the start-up order.
 */
export function applyBlocked(nodes: readonly GraphNode[], base: ReadonlyMap<string, BaseState>): Map<string, GraphState> {
  const g = graphOf(nodes);
  // roots.get(id): the root causes among id's transitive required dependencies. A dependency
  // contributes itself when it is a root cause, else its own roots; sets are shared when possible.
  const roots = new Map<string, ReadonlySet<string>>();
  const out = new Map<string, GraphState>();
  let anyDown = false;
  for (const s of base.values()) anyDown ||= isRootCause(s.status);
  for (const id of g.order) {
    let mine: ReadonlySet<string> = NONE;
    // Nothing down (the usual case): no service can be blocked, skip the set work.
    if (anyDown) {
      let owned = false;
      for (const d of g.required.get(id)!) {
        let dr = roots.get(d)!;
        if (dr.size === 0) {
          if (!isRootCause(base.get(d)?.status)) continue;
          dr = new Set([d]);
        }
        if (mine.size === 0) mine = dr;
        else {
          // Copy before the first write: `mine` may be a dependency's shared set.
          if (!owned) [mine, owned] = [new Set(mine), true];
          for (const r of dr) (mine as Set<string>).add(r);
        }
      }
    }
    roots.set(id, mine);
    const own = base.get(id) ?? { status: "pending", failing: false };
    // A failing last check blocks any status; otherwise the table says (down and starting do).
    const failing = own.failing || isBlockable(own.status);
    if (failing && mine.size > 0) out.set(id, { status: "blocked", blockedBy: [...mine].sort(cmp) });
    else out.set(id, { status: own.status, blockedBy: [] });
  }
  return out;
}

/** Services shown as `down` after applyBlocked: the root causes an overview should make stand out. */
export function rootCauses(states: ReadonlyMap<string, GraphState>): string[] {
  return [...states].filter(([, s]) => isRootCause(s.status)).map(([id]) => id).sort(cmp);
}
