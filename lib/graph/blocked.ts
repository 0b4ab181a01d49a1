import { cmp, graphOf } from "@/lib/graph/build";
import type { GraphNode } from "@/lib/graph/validate";
import type { Status } from "@/lib/model";
import type { BaseStatus } from "@/lib/scheduler/status";

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
  /** The deepest dependencies not ready yet (sorted ids) when `waiting`; empty otherwise. */
  waitingFor: string[];
}

const NONE: ReadonlySet<string> = new Set();
const PENDING: BaseState = { status: "pending", failing: false };

/** The union of `sets`, sharing the only non-empty one instead of copying it. */
function union(sets: readonly ReadonlySet<string>[]): ReadonlySet<string> {
  let out: ReadonlySet<string> = NONE;
  let owned = false;
  for (const s of sets) {
    if (s.size === 0 || s === out) continue;
    if (out.size === 0) out = s;
    else {
      // Copy before the first write: `out` may be a dependency's shared set.
      if (!owned) [out, owned] = [new Set(out), true];
      for (const x of s) (out as Set<string>).add(x);
    }
  }
  return out;
}

const notReady = (s: Status) => s === "pending" || s === "starting";

/**
 * Layers `blocked` and `waiting` over base statuses (SPEC §2), in one pass over the start-up order.
 * Over each service's transitive required dependencies:
 * - a failing service with a root cause among them is `blocked`; `blockedBy` lists those roots;
 * - else a failing or never-checked (`pending`) service with a dependency not ready yet
 *   (`pending`, `starting` or itself `waiting`) is `waiting`; `waitingFor` lists the deepest such;
 * - a root cause is what stays `down`: a down service with nothing down or not ready beneath it.
 * Optional edges never block nor make wait. Services missing from `base` count as `pending`.
 */
export function applyBlocked(nodes: readonly GraphNode[], base: ReadonlyMap<string, BaseState>): Map<string, GraphState> {
  const g = graphOf(nodes);
  // roots.get(id) / deepest.get(id): root causes / deepest not-ready services beneath id.
  const roots = new Map<string, ReadonlySet<string>>();
  const deepest = new Map<string, ReadonlySet<string>>();
  const out = new Map<string, GraphState>();
  let anyDown = false;
  let anyNotReady = base.size < g.ids.length;
  for (const s of base.values()) {
    anyDown ||= s.status === "down";
    anyNotReady ||= notReady(s.status);
  }
  for (const id of g.order) {
    const deps = g.required.get(id)!;
    // Nothing down or not ready (the usual case): nobody is blocked or waiting, skip the set work.
    const mine = anyDown && deps.length > 0 ? union(deps.map((d) => (out.get(d)!.status === "down" ? new Set([d]) : roots.get(d)!))) : NONE;
    const waits = anyNotReady && deps.length > 0
      ? union(deps.map((d) => {
          const below = deepest.get(d)!;
          return below.size === 0 && notReady(out.get(d)!.status) ? new Set([d]) : below;
        }))
      : NONE;
    roots.set(id, mine);
    deepest.set(id, waits);
    const own = base.get(id) ?? PENDING;
    const failing = own.failing || own.status === "down" || own.status === "starting";
    if (failing && mine.size > 0) out.set(id, { status: "blocked", blockedBy: [...mine].sort(cmp), waitingFor: [] });
    else if ((failing || own.status === "pending") && mine.size === 0 && waits.size > 0) out.set(id, { status: "waiting", blockedBy: [], waitingFor: [...waits].sort(cmp) });
    else out.set(id, { status: own.status, blockedBy: [], waitingFor: [] });
  }
  return out;
}

/** Services shown as `down` after applyBlocked: the root causes an overview should make stand out. */
export function rootCauses(states: ReadonlyMap<string, GraphState>): string[] {
  return [...states].filter(([, s]) => s.status === "down").map(([id]) => id).sort(cmp);
}
