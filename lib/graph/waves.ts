import { graphOf, type Dep, type GraphIndex } from "@/lib/graph/build";
import type { GraphNode } from "@/lib/graph/validate";

/**
 * Start-up waves in topological order: wave 0 has no dependencies, ids are sorted within a wave.
 * Optional dependencies order start-up too (a service is drawn after them) but never block it.
 */
export function waves(nodes: readonly GraphNode[]): string[][] {
  return graphOf(nodes).waves.map((w) => [...w]);
}

/** Every id, dependencies before dependents (the waves flattened). */
export function topologicalOrder(nodes: readonly GraphNode[]): string[] {
  return [...graphOf(nodes).order];
}

const closures = new WeakMap<GraphIndex, Map<string, ReadonlySet<string>>>();

/**
 * For each id, the set of its transitive required dependencies (optional edges excluded),
 * computed once per node list in topological order so each closure reuses its dependencies'.
 */
export function transitiveRequired(nodes: readonly GraphNode[]): ReadonlyMap<string, ReadonlySet<string>> {
  const g = graphOf(nodes);
  let out = closures.get(g);
  if (out) return out;
  out = new Map();
  const empty: ReadonlySet<string> = new Set();
  for (const id of g.order) {
    const direct = g.required.get(id)!;
    if (direct.length === 0) {
      out.set(id, empty);
      continue;
    }
    const set = new Set<string>();
    for (const d of direct) {
      set.add(d);
      for (const t of out.get(d)!) set.add(t);
    }
    out.set(id, set);
  }
  closures.set(g, out);
  return out;
}

/** Direct dependents of each id (reverse edges), sorted by id, with whether the edge is optional. */
export function dependents(nodes: readonly GraphNode[]): ReadonlyMap<string, readonly Dep[]> {
  return graphOf(nodes).dependents;
}

/**
 * Every service that depends on `id` directly or transitively, in start-up order, for
 * `?downstream=1` re-checks; optional edges count unless `requiredOnly` is set.
 */
export function transitiveDependents(nodes: readonly GraphNode[], id: string, opts: { requiredOnly?: boolean } = {}): string[] {
  const g = graphOf(nodes);
  const found = new Set<string>();
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const d of g.dependents.get(queue[i]!) ?? []) {
      if ((opts.requiredOnly && d.optional) || found.has(d.id)) continue;
      found.add(d.id);
      queue.push(d.id);
    }
  }
  return g.order.filter((x) => found.has(x));
}
