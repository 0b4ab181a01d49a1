import type { Timing } from "@/lib/config/schema";

/**
 * Backoff before attempt `n + 1` after attempt `n` (1-based) failed: exponential from `initial`
 * by `factor`, capped at `max`, then spread by ±`jitter` so retries of many services do not align.
 */
export function backoffMs(n: number, backoff: Timing["backoff"], random: () => number = Math.random): number {
  const base = Math.min(backoff.max, backoff.initial * backoff.factor ** (n - 1));
  const spread = base * backoff.jitter * (random() * 2 - 1);
  return Math.max(0, Math.round(base + spread));
}
