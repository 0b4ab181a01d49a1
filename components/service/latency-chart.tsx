import { formatMs } from "@/components/format";
import type { LatencyView } from "@/lib/api/shapes";

// The plot stretches to its box (preserveAspectRatio="none"), so labels live in HTML around it
// and strokes do not scale; a lone point (no neighbour with data) is drawn as a short dash.
const W = 600;
const H = 120;

type Point = LatencyView["points"][number];

function pathOf(points: Point[], pick: (p: Point) => number | null, y: (v: number) => number): string {
  const step = W / Math.max(1, points.length);
  let d = "";
  points.forEach((p, i) => {
    const v = pick(p);
    if (v === null) return;
    const x = (i + 0.5) * step;
    const joined = i > 0 && points[i - 1] !== undefined && pick(points[i - 1]!) !== null;
    const alone = !joined && (i + 1 >= points.length || pick(points[i + 1]!) === null);
    d += alone ? `M${(x - step / 2).toFixed(1)},${y(v).toFixed(1)}H${(x + step / 2).toFixed(1)}` : `${joined ? "L" : "M"}${x.toFixed(1)},${y(v).toFixed(1)}`;
  });
  return d;
}

function median(values: number[]): number | null {
  if (values.length === 0) return null;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor((s.length - 1) / 2)] ?? null;
}

function label(iso: string, spanMs: number): string {
  const d = new Date(iso);
  if (spanMs > 2 * 86_400_000) return d.toLocaleDateString(undefined, { month: "short", day: "numeric" });
  if (spanMs >= 12 * 3_600_000) return d.toLocaleString(undefined, { month: "short", day: "numeric", hour: "2-digit", minute: "2-digit" });
  return d.toLocaleTimeString(undefined, { hour: "2-digit", minute: "2-digit" });
}

/**
 * Latency p50 (solid) and p95 (dashed) per bucket. The SVG has a title and description, and a
 * visually hidden table gives the same numbers to screen readers.
 */
export function LatencyChart({ data, rangeLabel }: { data: LatencyView; rangeLabel: string }) {
  const pts = data.points;
  const p50s = pts.flatMap((p) => (p.p50 === null ? [] : [p.p50]));
  const p95s = pts.flatMap((p) => (p.p95 === null ? [] : [p.p95]));
  const top = Math.max(1, ...p95s, ...p50s);
  const y = (v: number) => 4 + (1 - v / (top * 1.1)) * (H - 4);
  const span = Date.parse(data.to) - Date.parse(data.from);
  const mid50 = median(p50s);
  const mid95 = median(p95s);
  const summary = mid50 === null ? `No checks in the last ${rangeLabel}.` : `Over the last ${rangeLabel}: typical p50 ${formatMs(mid50)}, typical p95 ${formatMs(mid95 ?? mid50)}, highest p95 ${formatMs(Math.max(...p95s))}.`;
  const title = `Latency p50 and p95, last ${rangeLabel}`;
  return (
    <figure>
      <div className="grid grid-cols-[3.5rem_1fr] gap-x-1 text-[11px] text-zinc-500">
        <div className="flex h-32 flex-col justify-between text-right tabular-nums" aria-hidden="true">
          <span>{formatMs(top)}</span>
          <span>{formatMs(top / 2)}</span>
          <span>0 ms</span>
        </div>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="h-32 w-full rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" role="img" aria-labelledby="lat-title lat-desc">
          <title id="lat-title">{title}</title>
          <desc id="lat-desc">{summary}</desc>
          <line x1={0} x2={W} y1={y(top / 2)} y2={y(top / 2)} className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          <path d={pathOf(pts, (p) => p.p95, y)} fill="none" strokeWidth={1.5} strokeDasharray="4 3" vectorEffect="non-scaling-stroke" className="stroke-amber-600" />
          <path d={pathOf(pts, (p) => p.p50, y)} fill="none" strokeWidth={2} vectorEffect="non-scaling-stroke" className="stroke-sky-700 dark:stroke-sky-400" />
        </svg>
        <span />
        <div className="flex justify-between" aria-hidden="true">
          <span suppressHydrationWarning>{label(data.from, span)}</span>
          <span suppressHydrationWarning>{label(data.to, span)}</span>
        </div>
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span><svg width="18" height="6" aria-hidden="true"><line x1="0" x2="18" y1="3" y2="3" strokeWidth="2" className="stroke-sky-700" /></svg> p50 (solid)</span>
        <span><svg width="18" height="6" aria-hidden="true"><line x1="0" x2="18" y1="3" y2="3" strokeWidth="1.5" strokeDasharray="4 3" className="stroke-amber-600" /></svg> p95 (dashed)</span>
        <span>{summary}</span>
      </figcaption>
      <table className="sr-only">
        <caption>{`Latency per interval, last ${rangeLabel}`}</caption>
        <thead><tr><th scope="col">From</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">Checks</th></tr></thead>
        <tbody>
          {pts.filter((p) => p.samples > 0).map((p) => (
            <tr key={p.at}><td suppressHydrationWarning>{new Date(p.at).toLocaleString()}</td><td>{p.p50 === null ? "—" : formatMs(p.p50)}</td><td>{p.p95 === null ? "—" : formatMs(p.p95)}</td><td>{p.samples}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
