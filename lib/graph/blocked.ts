import { cmp, graphOf, type GraphIndex } from "@/lib/graph/build";
import type { GraphNode } from "@/lib/graph/validate";
import type { BaseStatus, Status } from "@/lib/model";
import { isBlockable, isRootCause, isStartingUp } from "@/lib/status";

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

const sameIds = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * The graph-applied statuses of one node list, kept up to date as base statuses change (README "Checks, attempts and statuses").
 * Over each service's transitive required dependencies:
 * - a failing service with a root cause among them is `blocked`; `blockedBy` lists those roots;
 * - else a failing or never-checked (`pending`) service with a dependency not ready yet
 *   (`pending`, `starting` or itself `waiting`) is `waiting`; `waitingFor` lists the deepest such;
 * - a root cause is what stays `down`: a down service with nothing down or not ready beneath it.
 * Optional edges never block nor make wait. Services missing from `base` count as `pending`.
 * A change recomputes only the changed services and what requires them, in start-up order.
 */
export class GraphStatuses {
  private readonly g: GraphIndex;
  /** Root causes / deepest not-ready services beneath each id. */
  private readonly roots = new Map<string, ReadonlySet<string>>();
  private readonly deepest = new Map<string, ReadonlySet<string>>();
  private readonly out = new Map<string, GraphState>();

  /** One full pass over `nodes` with these base statuses. */
  constructor(nodes: readonly GraphNode[], private readonly base: (id: string) => BaseState | undefined) {
    this.g = graphOf(nodes);
    for (const id of this.g.order) this.step(id);
  }

  /** Every service's graph-applied state (live: later updates change it). */
  get states(): ReadonlyMap<string, GraphState> {
    return this.out;
  }

  /**
   * Recomputes after the base status of `changed` moved; returns the services whose status,
   * `blockedBy` or `waitingFor` changed, in start-up order. Work is proportional to the changed
   * services and their required dependents, not to the whole graph.
   */
  update(changed: Iterable<string>): string[] {
    const affected = new Set<string>();
    const queue: string[] = [];
    for (const id of changed) {
      if (!this.g.rank.has(id) || affected.has(id)) continue;
      affected.add(id);
      queue.push(id);
    }
    for (let i = 0; i < queue.length; i++) {
      for (const d of this.g.dependents.get(queue[i]!) ?? []) {
        if (d.optional || affected.has(d.id)) continue;
        affected.add(d.id);
        queue.push(d.id);
      }
    }
    const moved: string[] = [];
    for (const id of [...affected].sort((a, b) => this.g.rank.get(a)! - this.g.rank.get(b)!)) {
      const before = this.out.get(id);
      const after = this.step(id);
      if (!before || before.status !== after.status || !sameIds(before.blockedBy, after.blockedBy) || !sameIds(before.waitingFor, after.waitingFor)) moved.push(id);
    }
    return moved;
  }

  private step(id: string): GraphState {
    const deps = this.g.required.get(id)!;
    const mine = deps.length === 0 ? NONE : union(deps.map((d) => (isRootCause(this.out.get(d)!.status) ? new Set([d]) : this.roots.get(d)!)));
    const waits = deps.length === 0 ? NONE : union(deps.map((d) => {
      const below = this.deepest.get(d)!;
      return below.size === 0 && isStartingUp(this.out.get(d)!.status) ? new Set([d]) : below;
    }));
    this.roots.set(id, mine);
    this.deepest.set(id, waits);
    const own = this.base(id) ?? PENDING;
    const failing = own.failing || isBlockable(own.status);
    let state: GraphState;
    if (failing && mine.size > 0) state = { status: "blocked", blockedBy: [...mine].sort(cmp), waitingFor: [] };
    else if ((failing || own.status === "pending") && mine.size === 0 && waits.size > 0) state = { status: "waiting", blockedBy: [], waitingFor: [...waits].sort(cmp) };
    else state = { status: own.status, blockedBy: [], waitingFor: [] };
    this.out.set(id, state);
    return state;
  }
}

/** Layers `blocked` and `waiting` over base statuses in one pass (see GraphStatuses for the rules). */
export function applyBlocked(nodes: readonly GraphNode[], base: ReadonlyMap<string, BaseState>): Map<string, GraphState> {
  return new Map(new GraphStatuses(nodes, (id) => base.get(id)).states);
}

/** Services shown as `down` after applyBlocked: the root causes an overview should make stand out. */
export function rootCauses(states: ReadonlyMap<string, GraphState>): string[] {
  return [...states].filter(([, s]) => isRootCause(s.status)).map(([id]) => id).sort(cmp);
}
