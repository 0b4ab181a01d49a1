// What the /graph page's server render sends at 1,000 services (README.md "Performance"): the
// first screen of the drawing and of the timeline, placed by the same code the browser runs, plus
// the figures that need every service. The browser fetches the whole status at once. No React here.
import { layoutGraph, type GraphLayout } from "@/components/graph/layout";
import { edgesIn, firstArea, nodesIn } from "@/components/graph/viewport";
import type { StartupView, StatusView } from "@/lib/api/shapes";

/** The graph's viewport the server renders for, before the browser measures it (px). */
export const FIRST_VIEW = { width: 1440, height: 640 };
/** Timeline rows the server renders. */
const FIRST_ROWS = 40;
/** Up to this many services the page is sent whole. */
const WHOLE_UP_TO = 150;

/** Where the timeline starts, how long it spans and when it was taken (epoch ms). */
export interface GanttFrame {
  start: number;
  span: number;
  now: number;
}

/** The timeline's frame over every service. */
export function ganttFrame(data: StartupView): GanttFrame {
  const now = Date.parse(data.generatedAt);
  const t = (iso: string | null) => (iso === null ? null : Date.parse(iso));
  let start = now;
  for (const s of data.services) start = Math.min(start, Date.parse(s.startedAt));
  let end = start + 1;
  for (const s of data.services) end = Math.max(end, t(s.gateOpenAt) ?? t(s.readyAt) ?? now);
  return { start, span: end - start, now };
}

/** How many services the start-up knows and how many are not ready yet. */
export interface StartupCounts {
  total: number;
  waiting: number;
}

/** The start-up's counts over every service. */
export function startupCounts(data: StartupView): StartupCounts {
  return { total: data.services.length, waiting: data.services.filter((s) => s.readyAt === null || s.waitingFor.length > 0).length };
}

/** The page's first render: whole below WHOLE_UP_TO services, else cut to the first screen (`layout` set). */
export interface GraphSeed {
  status: StatusView;
  startup: StartupView;
  frame: GanttFrame;
  counts: StartupCounts;
  /** The first screen of the drawing, with the whole drawing's size; absent when the page is whole. */
  layout?: GraphLayout;
}

/**
 * Cuts the page's data to its first screen: the services drawn there, the edges that pass
 * through it and the first timeline rows. A search or a focus in the URL gets the whole page, since
 * what it highlights can be anywhere.
 */
export function graphFirstPaint(status: StatusView, startup: StartupView, viewState: { q: string; focus: string }): GraphSeed {
  const frame = ganttFrame(startup);
  const counts = startupCounts(startup);
  if (status.services.length <= WHOLE_UP_TO || viewState.q || viewState.focus) return { status, startup, frame, counts };
  const full = layoutGraph(status.order, new Map(status.services.map((s) => [s.id, s.dependsOn])));
  const area = firstArea(FIRST_VIEW);
  const nodes = nodesIn(full, area);
  const drawn = new Set(nodes.map((n) => n.id));
  const layout: GraphLayout = { ...full, nodes: new Map(nodes.map((n) => [n.id, n])), columns: full.columns.map((c) => c.filter((n) => drawn.has(n.id))), edges: edgesIn(full.edges, area) };
  return {
    status: { ...status, services: status.services.filter((s) => drawn.has(s.id)) },
    startup: { ...startup, services: startup.services.slice(0, FIRST_ROWS) },
    frame,
    counts,
    layout,
  };
}
