// Which parts of the start-up graph are near the viewport (README.md "Performance"): at 1,000
// services only the nodes and edges around what is on screen are in the DOM. No React here.
import { COL_GAP, NODE_H, NODE_W, type GraphLayout, type PlacedEdge, type PlacedNode, type Rect } from "@/components/graph/layout";

/** How far past the visible area nodes and edges are drawn, px (scrolling shows them at once). */
export const OVERSCAN = { x: 160, y: 160 };
/** The scroll position is rounded to this step, so scrolling re-renders every so often, not every pixel. */
const STEP = 160;

/** The area to draw for a scroll position and viewport size: the visible part, widened by `margin` and rounded. */
export function drawnArea(left: number, top: number, width: number, height: number, margin = OVERSCAN): Rect {
  const x0 = Math.floor(left / STEP) * STEP - margin.x;
  const y0 = Math.floor(top / STEP) * STEP - margin.y;
  return { x0, y0, x1: x0 + Math.ceil(width / STEP + 1) * STEP + 2 * margin.x, y1: y0 + Math.ceil(height / STEP + 1) * STEP + 2 * margin.y };
}

/** The area the server draws (no margin: the browser widens it once it has measured the viewport). */
export function firstArea(view: { width: number; height: number }): Rect {
  return drawnArea(0, 0, view.width, view.height, { x: 0, y: 0 });
}

/** The first index in a column (sorted by y) whose node ends below `y`. */
function firstBelow(column: readonly PlacedNode[], y: number): number {
  let lo = 0;
  let hi = column.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (column[mid]!.y + NODE_H < y) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The nodes whose box meets `area`: the columns it spans, each cut by binary search. */
export function nodesIn(layout: GraphLayout, area: Rect): PlacedNode[] {
  const out: PlacedNode[] = [];
  const span = NODE_W + COL_GAP;
  const first = Math.max(0, Math.floor(area.x0 / span));
  const last = Math.min(layout.columns.length - 1, Math.floor(area.x1 / span));
  for (let w = first; w <= last; w++) {
    const column = layout.columns[w]!;
    if (column.length === 0 || column[0]!.x > area.x1 || column[0]!.x + NODE_W < area.x0) continue;
    for (let i = firstBelow(column, area.y0); i < column.length && column[i]!.y <= area.y1; i++) out.push(column[i]!);
  }
  return out;
}

/** The edges whose bounding box meets `area`. */
export function edgesIn(edges: readonly PlacedEdge[], area: Rect): PlacedEdge[] {
  return edges.filter((e) => e.box.x0 <= area.x1 && e.box.x1 >= area.x0 && e.box.y0 <= area.y1 && e.box.y1 >= area.y0);
}
