import type { GraphNode } from "@/lib/graph/validate";

/** One dependency edge as the graph sees it: the dependency's id and whether it is optional. */
export interface Dep {
  id: string;
  optional: boolean;
}

/** An indexed, validated view of a node list, built once per array and shared by every graph function. */
export interface GraphIndex {
  /** Ids in input order. */
  ids: string[];
  /** Direct dependencies, de-duplicated (required wins over optional), unknown ids dropped. */
  deps: Map<string, Dep[]>;
  /** Direct required dependencies only. */
  required: Map<string, string[]>;
  /** Direct dependents (reverse edges), sorted by id. */
  dependents: Map<string, Dep[]>;
  /** Topological waves: wave 0 has no dependencies; ids sorted within a wave. */
  waves: string[][];
  /** Wave number of each id. */
  wave: Map<string, number>;
  /** Every id, dependencies before dependents (waves flattened), a stable order for output. */
  order: string[];
  /** Position of each id in `order`, for sorting subsets the same way. */
  rank: Map<string, number>;
}

/** Thrown when a graph function meets a cycle (ids: the services that could not be ordered); the config loader rejects cycles first with graphErrors. */
export class CycleError extends Error {
  constructor(readonly ids: string[]) {
    super(`dependency cycle: cannot order ${ids.join(", ")}`);
    this.name = "CycleError";
  }
}

// Node arrays are treated as immutable: the engine builds one per config load and reuses it, so
// every status update reuses the same index instead of re-sorting 1,000 services.
const cache = new WeakMap<readonly GraphNode[], GraphIndex>();

/** The index of a node list, built on first use and cached for that array (do not mutate it afterwards). */
export function graphOf(nodes: readonly GraphNode[]): GraphIndex {
  let g = cache.get(nodes);
  if (!g) {
    g = build(nodes);
    cache.set(nodes, g);
  }
  return g;
}

function build(nodes: readonly GraphNode[]): GraphIndex {
  const ids = nodes.map((n) => n.id);
  const known = new Set(ids);
  const deps = new Map<string, Dep[]>();
  const required = new Map<string, string[]>();
  const dependents = new Map<string, Dep[]>(ids.map((id) => [id, []]));
  for (const n of nodes) {
    const seen = new Map<string, boolean>();
    for (const d of n.dependsOn) {
      if (!known.has(d.id) || d.id === n.id) continue;
      seen.set(d.id, (seen.get(d.id) ?? true) && d.optional);
    }
    const list = [...seen].map(([id, optional]) => ({ id, optional })).sort((a, b) => cmp(a.id, b.id));
    deps.set(n.id, list);
    required.set(n.id, list.filter((d) => !d.optional).map((d) => d.id));
    for (const d of list) dependents.get(d.id)!.push({ id: n.id, optional: d.optional });
  }
  for (const list of dependents.values()) list.sort((a, b) => cmp(a.id, b.id));

  // Kahn's algorithm by levels; every edge (optional too) orders start-up.
  const remaining = new Map(ids.map((id) => [id, deps.get(id)!.length]));
  const waves: string[][] = [];
  const wave = new Map<string, number>();
  let current = ids.filter((id) => remaining.get(id) === 0).sort(cmp);
  while (current.length > 0) {
    const level = waves.length;
    waves.push(current);
    const next: string[] = [];
    for (const id of current) {
      wave.set(id, level);
      for (const d of dependents.get(id)!) {
        const left = remaining.get(d.id)! - 1;
        remaining.set(d.id, left);
        if (left === 0) next.push(d.id);
      }
    }
    current = next.sort(cmp);
  }
  if (wave.size < known.size) throw new CycleError(ids.filter((id) => !wave.has(id)).sort(cmp));
  const order = waves.flat();
  return { ids, deps, required, dependents, waves, wave, order, rank: new Map(order.map((id, i) => [id, i])) };
}

/** Plain code-unit comparison, so output does not depend on the host's locale. */
export function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
