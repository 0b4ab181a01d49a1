import type { GraphNode } from "@/lib/graph";
import { seeded } from "@/test/fixtures/prng";

/** Nodes from a compact spec: { api: ["db", "?cache"] } — a leading "?" marks an optional edge. */
export function graph(spec: Record<string, string[] | undefined>): GraphNode[] {
  return Object.entries(spec).map(([id, deps = []]) => ({
    id,
    dependsOn: deps.map((d) => (d.startsWith("?") ? { id: d.slice(1), optional: true } : { id: d, optional: false })),
  }));
}

/** A seeded PRNG, so random graphs are the same on every run. */
export const prng = seeded;

/** A random DAG: node i depends only on lower-numbered nodes (so it is acyclic), shuffled. */
export function randomDag(n: number, seed: number, maxDeps = 4): GraphNode[] {
  const rnd = prng(seed);
  const nodes: GraphNode[] = [];
  for (let i = 0; i < n; i++) {
    const picks = new Set<number>();
    const k = i === 0 ? 0 : Math.floor(rnd() * (maxDeps + 1));
    for (let j = 0; j < k; j++) picks.add(Math.floor(rnd() * i));
    nodes.push({ id: `s${i}`, dependsOn: [...picks].map((p) => ({ id: `s${p}`, optional: rnd() < 0.2 })) });
  }
  // Shuffle so input order carries no topological hint.
  for (let i = nodes.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [nodes[i], nodes[j]] = [nodes[j]!, nodes[i]!];
  }
  return nodes;
}
