import { formatDuration, formatMs } from "@/components/format";
import type { LatencyView } from "@/lib/api/shapes";

// The plot stretches to its box (preserveAspectRatio="none"), so labels live in HTML around it
// and strokes do not scale; a lone point (no neighbour with data) is drawn as a short dash.
const W = 600;
const H = 120;

type Point = LatencyView["points"][number];

function pathOf(values: (number | null)[], y: (v: number) => number): string {
  const step = W / Math.max(1, values.length);
  let d = "";
  values.forEach((v, i) => {
    if (v === null) return;
    const x = (i + 0.5) * step;
    const joined = i > 0 && values[i - 1] != null;
    const alone = !joined && values[i + 1] == null;
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
 * Latency p50 (solid) and p95 (dashed) per bucket. A latency at the timeout is no answer, not a
 * latency: such buckets are drawn as orange timeout bands (full height when most checks timed
 * out) and kept out of the lines and the scale. The x axis starts at the first check in the range,
 * so a young service fills the chart. The SVG has a title and description, and a visually hidden
 * table gives the same numbers to screen readers.
 */
export function LatencyChart({ data, rangeLabel, timeoutMs }: { data: LatencyView; rangeLabel: string; timeoutMs?: number }) {
  const first = Math.max(0, data.points.findIndex((p) => p.samples > 0));
  const pts: Point[] = data.points.slice(first);
  const from = pts[0]?.at ?? data.from;
  const hung = (v: number | null) => v !== null && timeoutMs !== undefined && v >= timeoutMs * 0.97;
  const p50 = pts.map((p) => (hung(p.p50) ? null : p.p50));
  const p95 = pts.map((p) => (hung(p.p95) ? null : p.p95));
  const p50s = p50.filter((v): v is number => v !== null);
  const p95s = p95.filter((v): v is number => v !== null);
  const timeouts = pts.flatMap((p, i) => (hung(p.p95) ? [{ i, most: hung(p.p50) }] : []));
  const top = Math.max(1, ...p95s, ...p50s);
  const y = (v: number) => 4 + (1 - v / (top * 1.1)) * (H - 4);
  const step = W / Math.max(1, pts.length);
  const span = Date.parse(data.to) - Date.parse(from);
  const mid50 = median(p50s);
  const scope = first > 0 ? `since the first check in the last ${rangeLabel}` : `over the last ${rangeLabel}`;
  const hangs = timeouts.length > 0 ? ` ${timeouts.length} ${timeouts.length === 1 ? "interval" : "intervals"} with timeouts (no answer within ${formatDuration(timeoutMs ?? 0)}).` : "";
  const summary = mid50 === null && timeouts.length === 0 ? `No checks in the last ${rangeLabel}.` : `${mid50 === null ? "No answers" : `Typical p50 ${formatMs(mid50)}, typical p95 ${formatMs(median(p95s) ?? mid50)}, highest p95 ${formatMs(Math.max(...p95s, mid50))}`} ${scope}.${hangs}`;
  return (
    <figure>
      <div className="grid grid-cols-[3.5rem_1fr] gap-x-1 text-[11px] text-zinc-600 dark:text-zinc-400">
        <div className="flex h-32 flex-col justify-between text-right tabular-nums" aria-hidden="true">
          <span>{formatMs(top)}</span>
          <span>{formatMs(top / 2)}</span>
          <span>0 ms</span>
        </div>
        <svg viewBox={`0 0 ${W} ${H}`} preserveAspectRatio="none" className="h-32 w-full rounded border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" role="img" aria-labelledby="lat-title lat-desc">
          <title id="lat-title">{`Latency p50 and p95, last ${rangeLabel}`}</title>
          <desc id="lat-desc">{summary}</desc>
          {timeouts.map((t) => (
            <rect key={t.i} data-timeout={t.most ? "most" : "some"} x={t.i * step} width={step} y={0} height={t.most ? H : 14} className="fill-orange-400/40 dark:fill-orange-500/40" />
          ))}
          <line x1={0} x2={W} y1={y(top / 2)} y2={y(top / 2)} className="stroke-zinc-200 dark:stroke-zinc-700" strokeWidth={1} vectorEffect="non-scaling-stroke" />
          <path d={pathOf(p95, y)} fill="none" strokeWidth={1.5} strokeDasharray="4 3" vectorEffect="non-scaling-stroke" className="stroke-amber-600" />
          <path d={pathOf(p50, y)} fill="none" strokeWidth={2} vectorEffect="non-scaling-stroke" className="stroke-sky-700 dark:stroke-sky-400" />
        </svg>
        <span />
        <div className="flex justify-between" aria-hidden="true">
          <span suppressHydrationWarning>{label(from, span)}{first > 0 ? " (first check)" : ""}</span>
          <span suppressHydrationWarning>{label(data.to, span)}</span>
        </div>
      </div>
      <figcaption className="mt-1 flex flex-wrap gap-3 text-xs text-zinc-600 dark:text-zinc-400">
        <span><svg width="18" height="6" aria-hidden="true"><line x1="0" x2="18" y1="3" y2="3" strokeWidth="2" className="stroke-sky-700" /></svg> p50 (solid)</span>
        <span><svg width="18" height="6" aria-hidden="true"><line x1="0" x2="18" y1="3" y2="3" strokeWidth="1.5" strokeDasharray="4 3" className="stroke-amber-600" /></svg> p95 (dashed)</span>
        {timeouts.length > 0 && <span><svg width="12" height="10" aria-hidden="true"><rect width="12" height="10" className="fill-orange-400/60" /></svg> timeouts</span>}
        <span>{summary}</span>
      </figcaption>
      <table className="sr-only">
        <caption>{`Latency per interval, last ${rangeLabel}`}</caption>
        <thead><tr><th scope="col">From</th><th scope="col">p50</th><th scope="col">p95</th><th scope="col">Checks</th></tr></thead>
        <tbody>
          {pts.filter((p) => p.samples > 0).map((p) => (
            <tr key={p.at}><td suppressHydrationWarning>{new Date(p.at).toLocaleString()}</td><td>{p.p50 === null ? "—" : hung(p.p50) ? "timeout" : formatMs(p.p50)}</td><td>{p.p95 === null ? "—" : hung(p.p95) ? "timeout" : formatMs(p.p95)}</td><td>{p.samples}</td></tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
