import type { StatusChange } from "@/lib/store/alert-types";

/** The ranges uptime is reported for (SPEC §9). */
export const UPTIME_RANGES = { "24h": 86_400_000, "7d": 7 * 86_400_000, "30d": 30 * 86_400_000, "90d": 90 * 86_400_000 } as const;

/** One of the uptime ranges. */
export type UptimeRange = keyof typeof UPTIME_RANGES;

/** Time in each kind of state over one range, and the uptime share. */
export interface Uptime {
  /** up/degraded ÷ (up/degraded + down + blocked/waiting), as a percentage; null without data. */
  percent: number | null;
  upMs: number;
  /** Its own fault. */
  downMs: number;
  /** A dependency's fault (blocked or waiting). */
  dependencyMs: number;
  maintenanceMs: number;
  /** Pending, starting, or before anything was recorded. */
  unknownMs: number;
}

const KIND: Record<string, keyof Omit<Uptime, "percent">> = {
  up: "upMs",
  degraded: "upMs",
  down: "downMs",
  blocked: "dependencyMs",
  waiting: "dependencyMs",
  maintenance: "maintenanceMs",
};

/**
 * Integrates a service's status log over [from, to): each change holds until the next. `log` is
 * oldest first and may start with the last change before `from`.
 */
export function uptimeOf(log: readonly StatusChange[], from: number, to: number): Uptime {
  const out: Uptime = { percent: null, upMs: 0, downMs: 0, dependencyMs: 0, maintenanceMs: 0, unknownMs: 0 };
  let cursor = from;
  let kind: keyof Omit<Uptime, "percent"> = "unknownMs";
  for (const c of log) {
    const at = Math.max(from, Math.min(to, c.at));
    out[kind] += at - cursor;
    cursor = at;
    kind = KIND[c.status] ?? "unknownMs";
  }
  out[kind] += to - cursor;
  const counted = out.upMs + out.downMs + out.dependencyMs;
  out.percent = counted > 0 ? Math.round((out.upMs / counted) * 100_000) / 1000 : null;
  return out;
}
