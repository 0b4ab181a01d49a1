import { get } from "./dashboard";

/** Prometheus samples by series (`name{labels}` exactly as written), or undefined without /metrics. */
export type Samples = Map<string, number>;

/** Parses the Prometheus text format into samples; comments and malformed lines are skipped. */
export function parseMetrics(text: string): Samples {
  const out: Samples = new Map();
  for (const line of text.split("\n")) {
    if (line === "" || line.startsWith("#")) continue;
    const m = /^([a-zA-Z_:][\w:]*(?:\{.*\})?)\s+(\S+)/.exec(line);
    if (m) out.set(m[1]!, Number(m[2]));
  }
  return out;
}

/** Scrapes `/metrics`; undefined when the server has none (404) or it does not answer. */
export async function scrape(base: string): Promise<Samples | undefined> {
  try {
    const r = await get(`${base}/metrics`, { "accept-encoding": "identity" });
    return r.status === 200 ? parseMetrics(r.body.toString("utf8")) : undefined;
  } catch {
    return undefined;
  }
}

/** Sum over every series of one metric name (any labels). */
export function total(s: Samples, name: string, filter: (series: string) => boolean = () => true): number {
  let sum = 0;
  for (const [k, v] of s) if ((k === name || k.startsWith(`${name}{`)) && filter(k)) sum += v;
  return sum;
}

/** Whether any series of this metric exists. */
export function has(s: Samples, name: string): boolean {
  for (const k of s.keys()) if (k === name || k.startsWith(`${name}{`)) return true;
  return false;
}

/**
 * A quantile of a histogram between two scrapes, from its cumulative `_bucket` series (upper
 * bound of the bucket the quantile falls in, as bucket resolution allows); undefined without data.
 */
export function histogramQuantile(before: Samples | undefined, after: Samples, name: string, q: number): number | undefined {
  const buckets = new Map<number, number>();
  for (const [k, v] of after) {
    if (!k.startsWith(`${name}_bucket{`)) continue;
    const le = /le="([^"]+)"/.exec(k)?.[1];
    if (le === undefined) continue;
    const bound = le === "+Inf" ? Infinity : Number(le);
    buckets.set(bound, (buckets.get(bound) ?? 0) + v - (before?.get(k) ?? 0));
  }
  const sorted = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const count = sorted[sorted.length - 1]?.[1] ?? 0;
  if (count <= 0) return undefined;
  for (const [bound, cumulative] of sorted) if (cumulative >= q * count) return bound;
  return undefined;
}

/** The change of a counter-like total between two scrapes. */
export function delta(before: Samples | undefined, after: Samples, name: string, filter?: (series: string) => boolean): number {
  return total(after, name, filter) - (before ? total(before, name, filter) : 0);
}
