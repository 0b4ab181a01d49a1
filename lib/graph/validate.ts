/** A node of the dependency graph: a service id and its declared dependencies. */
export interface GraphNode {
  id: string;
  dependsOn: { id: string; optional: boolean }[];
}

/** A graph error located at a config path. */
export interface GraphIssue {
  path: (string | number)[];
  message: string;
}

/**
 * Validates `dependsOn`: unknown ids, self-dependencies, a dependency listed twice, and cycles
 * (optional edges included, since they still order start-up). A cycle's message names every id
 * on it. Cycles are searched even when other edges are bad, so one run reports every problem.
 */
export function graphErrors(nodes: readonly GraphNode[]): GraphIssue[] {
  const issues: GraphIssue[] = [];
  const index = new Map(nodes.map((n, i) => [n.id, i]));
  // Only edges to known, other services take part in the cycle search.
  const edges = new Map<string, string[]>();
  nodes.forEach((n, i) => {
    const seen = new Set<string>();
    const out: string[] = [];
    n.dependsOn.forEach((d, j) => {
      const path = ["services", i, "dependsOn", j];
      if (d.id === n.id) issues.push({ path, message: `service "${n.id}" depends on itself` });
      else if (!index.has(d.id)) issues.push({ path, message: `unknown service "${d.id}"` });
      else if (seen.has(d.id)) issues.push({ path, message: `"${d.id}" is listed twice` });
      else out.push(d.id);
      seen.add(d.id);
    });
    edges.set(n.id, out);
  });

  // Iterative DFS with colours; a grey node met again closes a cycle.
  const colour = new Map<string, 0 | 1 | 2>();
  const reported = new Set<string>();
  for (const start of nodes) {
    if (colour.get(start.id)) continue;
    const stack: { id: string; next: number }[] = [{ id: start.id, next: 0 }];
    colour.set(start.id, 1);
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const dep = edges.get(top.id)![top.next++];
      if (dep === undefined) {
        colour.set(top.id, 2);
        stack.pop();
        continue;
      }
      const c = colour.get(dep) ?? 0;
      if (c === 0) {
        colour.set(dep, 1);
        stack.push({ id: dep, next: 0 });
      } else if (c === 1) {
        const from = stack.findIndex((f) => f.id === dep);
        const cycle = stack.slice(from).map((f) => f.id);
        const key = [...cycle].sort().join(",");
        if (!reported.has(key)) {
          reported.add(key);
          const i = index.get(cycle[0]!)!;
          issues.push({ path: ["services", i, "dependsOn"], message: `dependency cycle: ${[...cycle, cycle[0]].join(" → ")}` });
        }
      }
    }
  }
  return issues;
}
