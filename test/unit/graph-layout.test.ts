import { describe, expect, it } from "vitest";
import { layoutGraph, NODE_H, NODE_W } from "@/components/graph/layout";

type Deps = Map<string, { id: string; optional: boolean }[]>;
const req = (...ids: string[]) => ids.map((id) => ({ id, optional: false }));

// Where a path ends (its last point) and, for each straight "H" run, the y it runs along.
const end = (d: string) => d.match(/(-?[\d.]+) (-?[\d.]+)$/)!.slice(1).map(Number) as [number, number];
const lanes = (d: string) => [...d.matchAll(/(-?[\d.]+) (-?[\d.]+)H(-?[\d.]+)/g)].map((m) => ({ y: Number(m[2]), x1: Number(m[1]), x2: Number(m[3]) }));

describe("layoutGraph", () => {
  it("gives each edge into a node its own port", () => {
    const deps: Deps = new Map([["a", []], ["b", []], ["c", []], ["d", req("a", "b", "c")]]);
    const layout = layoutGraph([["a", "b", "c"], ["d"]], deps);
    const ends = layout.edges.filter((e) => e.to === "d").map((e) => end(e.d));
    const d = layout.nodes.get("d")!;
    expect(new Set(ends.map(([, y]) => y)).size).toBe(3);
    for (const [x, y] of ends) {
      expect(x).toBe(d.x);
      expect(y).toBeGreaterThan(d.y);
      expect(y).toBeLessThan(d.y + NODE_H);
    }
  });

  it.each([
    ["a short column", [["root"], ["m1"], ["leaf"]]],
    ["a tall column", [["root"], ["m1", "m2", "m3", "m4"], ["leaf"]]],
    ["two crossed columns", [["root"], ["m1", "m2", "m3"], ["n1", "n2", "n3"], ["leaf"]]],
  ])("routes an edge that skips waves between the nodes of %s, never under one", (_, order) => {
    const deps: Deps = new Map(order.flat().map((id) => [id, id === "leaf" ? req("root") : []]));
    const layout = layoutGraph(order, deps);
    const edge = layout.edges.find((e) => e.from === "root" && e.to === "leaf")!;
    const runs = lanes(edge.d);
    expect(runs).toHaveLength(order.length - 2);
    for (const run of runs) {
      for (const n of layout.nodes.values()) {
        const crosses = run.x1 < n.x + NODE_W && run.x2 > n.x;
        if (crosses) expect(run.y < n.y || run.y > n.y + NODE_H).toBe(true);
      }
    }
  });
});
