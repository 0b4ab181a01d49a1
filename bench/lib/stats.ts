/** Nearest-rank quantile of `values` (q in 0..1); 0 for an empty list. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))] ?? 0;
}

/** p50, p99 and max of a sample, with its size. */
export interface Spread {
  n: number;
  p50: number;
  p99: number;
  max: number;
}

/** Summarises a sample as p50/p99/max. */
export function spread(values: readonly number[]): Spread {
  let max = 0;
  for (const v of values) if (v > max) max = v;
  return { n: values.length, p50: quantile(values, 0.5), p99: quantile(values, 0.99), max };
}

/** Rounds to `digits` decimals, for figures that should read well in a table. */
export function round(x: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
