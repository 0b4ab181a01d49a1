import { describe, expect, it } from "vitest";
import { layoutGraph, NODE_H, NODE_W, type Rect } from "@/components/graph/layout";
import { drawnArea, edgesIn, nodesIn, OVERSCAN } from "@/components/graph/viewport";
import { seeded } from "../fixtures/prng";

// 1,000 services in 16 waves, each needing the one before it and its neighbour chain's: the bench's shape.
const ids = Array.from({ length: 1000 }, (_, i) => `svc-${i}`);
const deps = new Map(ids.map((id, i) => [id, (i % 16 === 0 ? [] : i >= 17 ? [i - 1, i - 17] : [i - 1]).map((d) => ({ id: `svc-${d}`, optional: i % 5 === 0 }))]));
const order = Array.from({ length: 16 }, (_, w) => ids.filter((_, i) => i % 16 === w).sort());
const layout = layoutGraph(order, deps);

const meets = (a: Rect, b: Rect) => a.x0 <= b.x1 && a.x1 >= b.x0 && a.y0 <= b.y1 && a.y1 >= b.y0;
const ends = (d: string) => [...d.matchAll(/(-?[\d.]+) (-?[\d.]+)/g)].map((m) => [Number(m[1]), Number(m[2])]);

describe("the part of the graph near the viewport", () => {
  it("every edge's box holds its path", () => {
    for (const e of layout.edges) {
      for (const [x, y] of ends(e.d)) {
        expect(x).toBeGreaterThanOrEqual(e.box.x0 - 7);
        expect(x).toBeLessThanOrEqual(e.box.x1 + 7);
        expect(y).toBeGreaterThanOrEqual(e.box.y0);
        expect(y).toBeLessThanOrEqual(e.box.y1);
      }
    }
  });

  it.each([1, 2, 3])("picks exactly the nodes and edges a plain scan finds, for random viewports (seed %i)", (seed) => {
    const rnd = seeded(seed);
    for (let k = 0; k < 50; k++) {
      const area = drawnArea(rnd() * layout.width, rnd() * layout.height, 300 + rnd() * 1500, 300 + rnd() * 900);
      const want = [...layout.nodes.values()].filter((n) => meets({ x0: n.x, y0: n.y, x1: n.x + NODE_W, y1: n.y + NODE_H }, area)).map((n) => n.id).sort();
      expect(nodesIn(layout, area).map((n) => n.id).sort()).toEqual(want);
      expect(edgesIn(layout.edges, area)).toEqual(layout.edges.filter((e) => meets(e.box, area)));
    }
  });

  it("covers the visible part with a margin, and draws a small share of 1,000 services", () => {
    const area = drawnArea(1234, 987, 1440, 640);
    expect(area.x0).toBeLessThanOrEqual(1234 - OVERSCAN.x);
    expect(area.y0).toBeLessThanOrEqual(987 - OVERSCAN.y);
    expect(area.x1).toBeGreaterThanOrEqual(1234 + 1440 + OVERSCAN.x);
    expect(area.y1).toBeGreaterThanOrEqual(987 + 640 + OVERSCAN.y);
    const drawn = nodesIn(layout, area).length;
    expect(drawn).toBeGreaterThan(20);
    expect(drawn).toBeLessThan(250);
    expect(edgesIn(layout.edges, area).length).toBeLessThan(layout.edges.length / 3);
  });
});
