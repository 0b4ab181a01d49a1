// Pure layout of the start-up graph: one column per wave, left to right. No React here, so it is
// cheap to memoise and easy to reason about at 1,000 services.
import type { Status } from "@/lib/model";
import { isFailing } from "@/lib/status";

/** Node box size and spacing, in CSS pixels. */
export const NODE_W = 172;
export const NODE_H = 48;
export const COL_GAP = 64;
/** Wide enough for an edge to pass between two nodes of a column it crosses. */
export const ROW_GAP = 14;
/** Height of the wave headings, drawn in a sticky row above the nodes. */
export const HEAD_H = 28;
/** Room above the first row: a focus outline is not clipped, and an edge may pass above it. */
const TOP = 10;

/** A placed node. */
export interface PlacedNode {
  id: string;
  wave: number;
  x: number;
  y: number;
}

/** A placed edge from a dependency (left) to its dependent (right). */
export interface PlacedEdge {
  from: string;
  to: string;
  optional: boolean;
  d: string;
  /** The rectangle the path stays inside, so only edges near the viewport are drawn. */
  box: Rect;
}

/** A rectangle in the drawing's coordinates (x0 ≤ x1, y0 ≤ y1). */
export interface Rect {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** The whole drawing. */
export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  /** The nodes of each wave, top to bottom. */
  columns: PlacedNode[][];
  edges: PlacedEdge[];
  width: number;
  height: number;
  waves: number;
}

type Dep = { id: string; optional: boolean };

/** Spreads `n` ports over a node's side, so edges meet it at separate points. */
function portY(node: PlacedNode, k: number, n: number): number {
  return node.y + (NODE_H * (k + 1)) / (n + 1);
}

/** The free horizontal lane through a column nearest to `y`: above a node, or below the last one. */
function laneThrough(column: readonly PlacedNode[], y: number): number {
  const lanes = column.length === 0 ? [y] : [...column.map((n) => n.y - ROW_GAP / 2), column[column.length - 1]!.y + NODE_H + ROW_GAP / 2];
  return lanes.reduce((best, l) => (Math.abs(l - y) < Math.abs(best - y) ? l : best));
}

/** A path of horizontal-tangent curves through `points`, straight across each crossed column. */
function pathThrough(points: readonly [number, number][]): string {
  const [x0, y0] = points[0]!;
  let d = `M${x0} ${y0}`;
  for (let i = 1; i < points.length; i++) {
    const [xa, ya] = points[i - 1]!;
    const [xb, yb] = points[i]!;
    // Odd steps cross a column along its lane; even steps curve between columns.
    if (i % 2 === 0 && i < points.length - 1) d += `H${xb}`;
    else {
      const bend = (xb - xa) / 2;
      d += `C${xa + bend} ${ya} ${xb - bend} ${yb} ${xb} ${yb}`;
    }
  }
  return d;
}

/**
 * Places `order` (the waves) in columns. Within a column, nodes are sorted by the mean row of
 * their dependencies (one barycentre sweep, left to right), which untangles most edges at no
 * real cost; ties keep the API's id order so the drawing is stable between refreshes. Edges leave
 * and enter nodes at separate ports, and an edge that skips waves runs through the lanes between
 * the nodes of the columns it crosses, never under a node.
 */
export function layoutGraph(order: string[][], deps: ReadonlyMap<string, Dep[]>): GraphLayout {
  const row = new Map<string, number>();
  const nodes = new Map<string, PlacedNode>();
  const columns: PlacedNode[][] = [];
  let tallest = 0;
  order.forEach((wave, w) => {
    const keyed = wave.map((id, i) => {
      const rows = (deps.get(id) ?? []).map((d) => row.get(d.id)).filter((r): r is number => r !== undefined);
      return { id, i, key: rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : i };
    });
    if (w > 0) keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    const column: PlacedNode[] = [];
    keyed.forEach(({ id }, r) => {
      row.set(id, r);
      const node = { id, wave: w, x: w * (NODE_W + COL_GAP), y: TOP + r * (NODE_H + ROW_GAP) };
      nodes.set(id, node);
      column.push(node);
    });
    columns.push(column);
    tallest = Math.max(tallest, wave.length);
  });

  const links: { from: PlacedNode; to: PlacedNode; optional: boolean }[] = [];
  for (const [id, list] of deps) {
    const to = nodes.get(id);
    if (!to) continue;
    for (const d of list) {
      const from = nodes.get(d.id);
      if (from) links.push({ from, to, optional: d.optional });
    }
  }
  // Ports in the order of the far end, top to bottom, so edges at one node do not cross there.
  const outs = new Map<string, typeof links>();
  const ins = new Map<string, typeof links>();
  for (const l of links) {
    outs.set(l.from.id, [...(outs.get(l.from.id) ?? []), l]);
    ins.set(l.to.id, [...(ins.get(l.to.id) ?? []), l]);
  }
  for (const list of outs.values()) list.sort((a, b) => a.to.y - b.to.y || a.to.x - b.to.x);
  for (const list of ins.values()) list.sort((a, b) => a.from.y - b.from.y || a.from.x - b.from.x);

  const edges: PlacedEdge[] = links.map((l) => {
    const out = outs.get(l.from.id)!;
    const inn = ins.get(l.to.id)!;
    const x1 = l.from.x + NODE_W;
    const y1 = portY(l.from, out.indexOf(l), out.length);
    const x2 = l.to.x;
    const y2 = portY(l.to, inn.indexOf(l), inn.length);
    const points: [number, number][] = [[x1, y1]];
    for (let w = l.from.wave + 1; w < l.to.wave; w++) {
      const cx = w * (NODE_W + COL_GAP);
      const along = y1 + ((y2 - y1) * (cx + NODE_W / 2 - x1)) / Math.max(1, x2 - x1);
      const lane = laneThrough(columns[w] ?? [], along);
      points.push([cx - 6, lane], [cx + NODE_W + 6, lane]);
    }
    points.push([x2, y2]);
    const ys = points.map(([, y]) => y);
    return { from: l.from.id, to: l.to.id, optional: l.optional, d: pathThrough(points), box: { x0: x1, x1: x2, y0: Math.min(...ys), y1: Math.max(...ys) } };
  });
  return {
    nodes,
    columns,
    edges,
    width: Math.max(1, order.length) * (NODE_W + COL_GAP) - COL_GAP,
    height: TOP + tallest * (NODE_H + ROW_GAP),
    waves: order.length,
  };
}

/** An edge that holds its dependent back right now: required, dependent blocked, dependency down or blocked. */
export function isBlockingEdge(optional: boolean, dependentStatus: Status | undefined, dependencyStatus: Status | undefined): boolean {
  return !optional && dependentStatus === "blocked" && isFailing(dependencyStatus);
}

/** An edge a dependent waits on during start-up: required, dependent waiting, dependency not ready yet. */
export function isWaitingEdge(optional: boolean, dependentStatus: string | undefined, dependencyStatus: string | undefined): boolean {
  return !optional && dependentStatus === "waiting" && (dependencyStatus === "pending" || dependencyStatus === "starting" || dependencyStatus === "waiting");
}

/** `id` with everything it requires or that requires it, transitively (for highlighting one chain). */
export function neighbourhood(id: string, deps: ReadonlyMap<string, { id: string; optional: boolean }[]>): Set<string> {
  const users = new Map<string, string[]>();
  for (const [s, list] of deps) {
    for (const d of list) {
      const u = users.get(d.id);
      if (u) u.push(s);
      else users.set(d.id, [s]);
    }
  }
  const out = new Set([id]);
  const walk = (start: string, next: (x: string) => string[]) => {
    const stack = [start];
    while (stack.length > 0) {
      for (const n of next(stack.pop()!)) {
        if (out.has(n)) continue;
        out.add(n);
        stack.push(n);
      }
    }
  };
  walk(id, (x) => (deps.get(x) ?? []).map((d) => d.id));
  walk(id, (x) => users.get(x) ?? []);
  return out;
}
