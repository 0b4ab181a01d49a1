import Link from "next/link";
import { memo, useMemo } from "react";
import { COL_GAP, HEAD_H, isBlockingEdge, isWaitingEdge, NODE_H, NODE_W, type GraphLayout, type Rect } from "@/components/graph/layout";
import { edgesIn, nodesIn } from "@/components/graph/viewport";
import type { NameOf } from "@/components/names";
import { StatusBadge } from "@/components/status-badge";
import type { ServiceView } from "@/lib/api/shapes";
import type { Status } from "@/lib/model";
import { isRootCause } from "@/lib/status";

/** What to emphasise: search matches and/or one service's chain; null means nothing is emphasised. */
export interface Emphasis {
  matches: Set<string> | null;
  chain: Set<string> | null;
  focus: string | null;
}

const dimmed = (e: Emphasis, id: string) => (e.chain !== null && !e.chain.has(id)) || (e.matches !== null && e.chain === null && !e.matches.has(id));

/**
 * The start-up graph: one column per wave, live status on every node, required edges solid and
 * optional ones dashed, the edges that block a service right now drawn thick and red. Each node
 * opens its service page. Out-of-focus nodes turn grey instead of transparent, so their text keeps
 * its contrast; out-of-focus edges, red ones included, fade. Only the nodes and edges in `area`
 * (the viewport and a margin) are drawn; the box keeps the whole drawing's size for scrolling.
 */
export const WaveGraph = memo(function WaveGraph({ layout, byId, emphasis, nameOf, area }: { layout: GraphLayout; byId: ReadonlyMap<string, ServiceView>; emphasis: Emphasis; nameOf: NameOf; area: Rect }) {
  // Over every edge (cheap): a node in view may block a dependent out of view.
  const blocking = useMemo(() => layout.edges.filter((e) => isBlockingEdge(e.optional, byId.get(e.to)?.status, byId.get(e.from)?.status)), [layout, byId]);
  const blocks = useMemo(() => new Set(blocking.map((e) => e.from)), [blocking]);
  const waiting = useMemo(() => layout.edges.filter((e) => isWaitingEdge(e.optional, byId.get(e.to)?.status, byId.get(e.from)?.status)), [layout, byId]);
  const edges = useMemo(() => edgesIn(layout.edges, area), [layout, area]);
  const blockingShown = useMemo(() => edgesIn(blocking, area), [blocking, area]);
  const waitingShown = useMemo(() => edgesIn(waiting, area), [waiting, area]);
  const nodes = useMemo(() => nodesIn(layout, area), [layout, area]);
  const faint = (e: { from: string; to: string }) => dimmed(emphasis, e.from) || dimmed(emphasis, e.to);
  const emphasised = emphasis.matches !== null || emphasis.chain !== null;
  return (
    <div style={{ width: layout.width }}>
      {/* Sticky and opaque, so the wave of a node stays visible while scrolling down a long column. */}
      <div className="sticky top-0 z-20 border-b border-zinc-200 bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-950" style={{ height: HEAD_H }}>
        {Array.from({ length: layout.waves }, (_, w) => (
          <div key={w} className="absolute pt-1 text-xs font-semibold uppercase tracking-wide text-zinc-600 dark:text-zinc-400" style={{ left: w * (NODE_W + COL_GAP) }}>
            Wave {w}
          </div>
        ))}
      </div>
      <div className="relative mt-1" style={{ width: layout.width, height: layout.height }}>
        <svg className="pointer-events-none absolute inset-0" width={layout.width} height={layout.height} aria-hidden="true">
          <defs>
            <marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
              <path d="M0 0L8 4L0 8z" className="fill-zinc-400" />
            </marker>
            <marker id="arrow-block" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="8" markerHeight="8" markerUnits="userSpaceOnUse" orient="auto">
              <path d="M0 0L8 4L0 8z" className="fill-red-600" />
            </marker>
          </defs>
          {/* While anything is emphasised the plain edges fade as one group (one change, not one per
              edge); the few whose both ends are emphasised are drawn again on top at full strength. */}
          <g className={emphasised ? "opacity-15" : undefined}>
            {edges.map((e) => (
              <PlainEdge key={`${e.from}>${e.to}`} d={e.d} optional={e.optional} />
            ))}
          </g>
          {emphasised && edges.filter((e) => !faint(e)).map((e) => <PlainEdge key={`f:${e.from}>${e.to}`} d={e.d} optional={e.optional} />)}
          {/* Drawn last so they sit on top of the rest. */}
          {waitingShown.map((e) => (
            <path key={`w:${e.from}>${e.to}`} data-waiting={`${e.from}>${e.to}`} d={e.d} fill="none" className={`stroke-sky-600 ${faint(e) ? "opacity-15" : ""}`} strokeWidth={2.5} strokeDasharray="6 3" />
          ))}
          {blockingShown.map((e) => (
            <path key={`b:${e.from}>${e.to}`} data-blocking={`${e.from}>${e.to}`} data-faint={faint(e) || undefined} d={e.d} fill="none" markerEnd="url(#arrow-block)" className={`stroke-red-600 ${faint(e) ? "opacity-15" : ""}`} strokeWidth={3} />
          ))}
        </svg>
        {nodes.map((n) => {
          const s = byId.get(n.id);
          const status = s?.status ?? "pending";
          const why = `${s && s.blockedBy.length > 0 ? `, blocked by ${s.blockedBy.map(nameOf).join(", ")}` : ""}${s && s.waitingFor.length > 0 ? `, waiting for ${s.waitingFor.map(nameOf).join(", ")}` : ""}`;
          return (
            <GraphNode
              key={n.id}
              id={n.id}
              x={n.x}
              y={n.y}
              name={s?.name ?? n.id}
              status={status}
              why={why}
              root={isRootCause(status) && blocks.has(n.id)}
              outlined={emphasis.focus === n.id || (emphasis.matches?.has(n.id) ?? false)}
              faded={dimmed(emphasis, n.id)}
            />
          );
        })}
      </div>
    </div>
  );
});

/** A required (solid) or optional (dashed) edge; memoised, so fading the group re-renders none. */
const PlainEdge = memo(function PlainEdge({ d, optional }: { d: string; optional: boolean }) {
  return <path d={d} fill="none" markerEnd="url(#arrow)" strokeDasharray={optional ? "5 4" : undefined} className="stroke-zinc-400 dark:stroke-zinc-500" strokeWidth={1.25} />;
});

/** One node; its props are plain values, so a refresh re-renders only the nodes that changed. */
const GraphNode = memo(function GraphNode({ id, x, y, name, status, why, root, outlined, faded }: { id: string; x: number; y: number; name: string; status: Status; why: string; root: boolean; outlined: boolean; faded: boolean }) {
  return (
    // The accessible name is the visible text plus what only the tooltip shows, in that order.
    <Link
      href={`/services/${encodeURIComponent(id)}`}
      data-node={id}
      data-status={status}
      data-faded={faded || undefined}
      title={`${name}: ${status}${why}${root ? ", root cause" : ""}`}
      className={`absolute flex flex-col justify-center gap-0.5 overflow-hidden rounded-md border px-2 text-xs hover:z-10 hover:shadow-md ${
        faded ? "border-dashed border-zinc-300 bg-zinc-100 text-zinc-700 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300" : "bg-white shadow-sm dark:bg-zinc-900"
      } ${!faded && root ? "border-red-600 ring-2 ring-red-600/50" : !faded ? "border-zinc-300 dark:border-zinc-700" : ""} ${outlined ? "outline-2 outline-offset-1 outline-blue-600" : ""}`}
      style={{ left: x, top: y, width: NODE_W, height: NODE_H }}
    >
      <span className="truncate font-medium">{name}</span>
      <span className="flex items-center gap-1">
        {faded ? <span data-status={status}>{status}</span> : <StatusBadge status={status} className="px-1 py-0" />}
        {root && <span className="font-semibold text-red-700 dark:text-red-300">root cause</span>}
        {why && <span className="sr-only">{why}</span>}
      </span>
    </Link>
  );
});
