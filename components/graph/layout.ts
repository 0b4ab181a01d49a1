// Pure layout of the start-up graph: one column per wave, left to right. No React here, so it is
// cheap to memoise and easy to reason about at 1,000 services.

/** Node box size and spacing, in CSS pixels. */
export const NODE_W = 172;
export const NODE_H = 44;
export const COL_GAP = 64;
export const ROW_GAP = 8;
/** Height of the wave headings, drawn in a sticky row above the nodes. */
export const HEAD_H = 28;
/** Room above the first row, so a focus outline is not clipped. */
const TOP = 4;

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
}

/** The whole drawing. */
export interface GraphLayout {
  nodes: Map<string, PlacedNode>;
  edges: PlacedEdge[];
  width: number;
  height: number;
  waves: number;
}

/**
 * Places `order` (the waves) in columns. Within a column, nodes are sorted by the mean row of
 * their dependencies (one barycentre sweep, left to right), which untangles most edges at no
 * real cost; ties keep the API's id order so the drawing is stable between refreshes.
 */
export function layoutGraph(order: string[][], deps: ReadonlyMap<string, { id: string; optional: boolean }[]>): GraphLayout {
  const row = new Map<string, number>();
  const nodes = new Map<string, PlacedNode>();
  let tallest = 0;
  order.forEach((wave, w) => {
    const keyed = wave.map((id, i) => {
      const rows = (deps.get(id) ?? []).map((d) => row.get(d.id)).filter((r): r is number => r !== undefined);
      return { id, i, key: rows.length > 0 ? rows.reduce((a, b) => a + b, 0) / rows.length : i };
    });
    if (w > 0) keyed.sort((a, b) => a.key - b.key || a.i - b.i);
    keyed.forEach(({ id }, r) => {
      row.set(id, r);
      nodes.set(id, { id, wave: w, x: w * (NODE_W + COL_GAP), y: TOP + r * (NODE_H + ROW_GAP) });
    });
    tallest = Math.max(tallest, wave.length);
  });

  const edges: PlacedEdge[] = [];
  for (const [id, list] of deps) {
    const to = nodes.get(id);
    if (!to) continue;
    for (const d of list) {
      const from = nodes.get(d.id);
      if (!from) continue;
      const x1 = from.x + NODE_W;
      const y1 = from.y + NODE_H / 2;
      const x2 = to.x;
      const y2 = to.y + NODE_H / 2;
      const bend = Math.min(COL_GAP, (x2 - x1) / 2);
      edges.push({ from: d.id, to: id, optional: d.optional, d: `M${x1} ${y1}C${x1 + bend} ${y1} ${x2 - bend} ${y2} ${x2} ${y2}` });
    }
  }
  return {
    nodes,
    edges,
    width: Math.max(1, order.length) * (NODE_W + COL_GAP) - COL_GAP,
    height: TOP + tallest * (NODE_H + ROW_GAP),
    waves: order.length,
  };
}

/** An edge that holds its dependent back right now: required, dependent blocked, dependency down or blocked. */
export function isBlockingEdge(optional: boolean, dependentStatus: string | undefined, dependencyStatus: string | undefined): boolean {
  return !optional && dependentStatus === "blocked" && (dependencyStatus === "down" || dependencyStatus === "blocked");
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
