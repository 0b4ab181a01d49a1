import type { AttemptRecord, CheckCounts } from "@/lib/model";
import type { CountsStep, HourlyRollup, LatencyPoint } from "@/lib/store/types";

/** One hour in ms: the rollup granularity. */
export const HOUR_MS = 3_600_000;
/** Default raw retention (README "Operating it": 30 days). */
export const DEFAULT_RETENTION_MS = 30 * 24 * HOUR_MS;
/** Default rollup retention: a year. */
export const DEFAULT_ROLLUP_RETENTION_MS = 365 * 24 * HOUR_MS;

/** The start of the hour containing `t`. */
export function hourOf(t: number): number {
  return Math.floor(t / HOUR_MS) * HOUR_MS;
}

/** A check's latency: the duration of its deciding (last) attempt, or of the check without attempts. */
export function latencyOf(attempts: readonly Pick<AttemptRecord, "durationMs">[], checkDurationMs: number): number {
  return attempts[attempts.length - 1]?.durationMs ?? checkDurationMs;
}

/** Nearest-rank percentile of an ascending array; 0 for an empty one. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1] ?? 0;
}

/** Counts with nothing in them. */
export function emptyCounts(): CheckCounts {
  return { checks: 0, failed: 0, retries: 0, timeouts: 0 };
}

/** Adds `b` into `a` and returns `a`. */
export function addCounts(a: CheckCounts, b: CheckCounts): CheckCounts {
  a.checks += b.checks;
  a.failed += b.failed;
  a.retries += b.retries;
  a.timeouts += b.timeouts;
  return a;
}

/** What a single check contributes to counts. */
export function countsOfCheck(passed: boolean, attempts: readonly Pick<AttemptRecord, "outcome">[]): CheckCounts {
  let timeouts = 0;
  for (const a of attempts) if (a.outcome === "timeout") timeouts++;
  return { checks: 1, failed: passed ? 0 : 1, retries: Math.max(0, attempts.length - 1), timeouts };
}

/** Accumulates one hour of checks into a rollup. */
export class RollupBuilder {
  readonly counts = emptyCounts();
  private readonly latencies: number[] = [];

  constructor(readonly hour: number) {}

  /** Adds one check's contribution. */
  add(counts: CheckCounts, latency: number): void {
    addCounts(this.counts, counts);
    this.latencies.push(latency);
  }

  /** The finished rollup. */
  build(): HourlyRollup {
    const sorted = this.latencies.sort((a, b) => a - b);
    return { hour: this.hour, ...this.counts, p50: percentile(sorted, 0.5), p95: percentile(sorted, 0.95), max: sorted[sorted.length - 1] ?? 0 };
  }
}

/**
 * Merges a rollup for an hour that already has one (a check that arrived after its hour was
 * pruned): counts add up, the maximum is kept, percentiles come from the larger side.
 */
export function mergeRollups(a: HourlyRollup, b: HourlyRollup): HourlyRollup {
  const big = b.checks > a.checks ? b : a;
  return { ...addCounts({ ...emptyCounts(), ...pickCounts(a) }, pickCounts(b)), hour: a.hour, p50: big.p50, p95: big.p95, max: Math.max(a.max, b.max) };
}

function pickCounts(r: CheckCounts): CheckCounts {
  return { checks: r.checks, failed: r.failed, retries: r.retries, timeouts: r.timeouts };
}

/**
 * Builds a latency chart: raw samples give exact per-bucket percentiles; a bucket without raw
 * data (older than the retention) falls back to the hourly rollups inside it, approximated as the
 * checks-weighted mean of their p50 and the largest p95.
 */
export function buildSeries(from: number, to: number, buckets: number, samples: Iterable<{ at: number; latency: number }>, rollups: readonly HourlyRollup[]): LatencyPoint[] {
  const n = Math.max(1, Math.floor(buckets));
  const width = (to - from) / n;
  const slot = (t: number) => Math.min(n - 1, Math.max(0, Math.floor((t - from) / width)));
  const raw: number[][] = Array.from({ length: n }, () => []);
  for (const s of samples) if (s.at >= from && s.at < to) raw[slot(s.at)]?.push(s.latency);
  const points: LatencyPoint[] = [];
  for (let i = 0; i < n; i++) {
    const values = (raw[i] ?? []).sort((a, b) => a - b);
    const at = Math.round(from + i * width);
    if (values.length > 0) {
      points.push({ at, p50: percentile(values, 0.5), p95: percentile(values, 0.95), samples: values.length });
      continue;
    }
    const end = from + (i + 1) * width;
    const inside = rollups.filter((r) => r.hour >= at && r.hour < end && r.checks > 0);
    const total = inside.reduce((s, r) => s + r.checks, 0);
    if (total === 0) points.push({ at, p50: null, p95: null, samples: 0 });
    else points.push({ at, p50: Math.round(inside.reduce((s, r) => s + r.p50 * r.checks, 0) / total), p95: Math.max(...inside.map((r) => r.p95)), samples: total });
  }
  return points;
}

/** Cuts [from, to) at every multiple of `stepMs` and reads each step's totals with `countsAll`. */
export async function countsInSteps(countsAll: (from: number, to: number) => Promise<Map<string, CheckCounts>>, from: number, to: number, stepMs: number): Promise<CountsStep[]> {
  const cuts = [from];
  for (let t = Math.floor(from / stepMs) * stepMs + stepMs; t < to; t += stepMs) cuts.push(t);
  cuts.push(to);
  const out: CountsStep[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const a = cuts[i]!;
    const b = cuts[i + 1]!;
    if (b > a) out.push({ from: a, to: b, counts: await countsAll(a, b) });
  }
  return out;
}
