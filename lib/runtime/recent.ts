import type { CheckCounts, CheckRecord } from "@/lib/model";

const BUCKET_MS = 60_000;
const BUCKETS = 60;

/** Per bucket: its minute, then checks, failed, retries, timeouts. */
const FIELDS = 5;

/**
 * Rolling last-hour counts per service in one-minute buckets: O(1) per check and per read, so
 * the overview's "retries and timeouts in the last hour" costs nothing at 1,000 services. Each
 * service's window is one typed array (1.2 KB), not 60 objects and an array of minutes.
 */
export class RecentWindow {
  private readonly series = new Map<string, Int32Array>();

  /** Adds a finished check. */
  add(check: CheckRecord): void {
    let timeouts = 0;
    for (const a of check.attempts) if (a.outcome === "timeout") timeouts++;
    this.count(check.serviceId, check.startedAt, 1, check.passed ? 0 : 1, check.attempts.length - 1, timeouts);
  }

  /** Adds totals of checks made before this process started (read from the store) at time `at`. */
  seed(serviceId: string, at: number, counts: CheckCounts): void {
    this.count(serviceId, at, counts.checks, counts.failed, counts.retries, counts.timeouts);
  }

  private count(serviceId: string, at: number, checks: number, failed: number, retries: number, timeouts: number): void {
    const minute = Math.floor(at / BUCKET_MS);
    let s = this.series.get(serviceId);
    if (!s) {
      s = new Int32Array(BUCKETS * FIELDS);
      for (let i = 0; i < BUCKETS; i++) s[i * FIELDS] = -1;
      this.series.set(serviceId, s);
    }
    const o = (minute % BUCKETS) * FIELDS;
    if (s[o] !== minute) s.set([minute, 0, 0, 0, 0], o);
    s[o + 1]! += checks;
    s[o + 2]! += failed;
    s[o + 3]! += retries;
    s[o + 4]! += timeouts;
  }

  /** The counts of the last hour for one service. */
  get(serviceId: string, now = Date.now()): CheckCounts {
    const out = { checks: 0, failed: 0, retries: 0, timeouts: 0 };
    const s = this.series.get(serviceId);
    if (!s) return out;
    const current = Math.floor(now / BUCKET_MS);
    for (let o = 0; o < s.length; o += FIELDS) {
      const m = s[o]!;
      if (m < 0 || current - m >= BUCKETS) continue;
      out.checks += s[o + 1]!;
      out.failed += s[o + 2]!;
      out.retries += s[o + 3]!;
      out.timeouts += s[o + 4]!;
    }
    return out;
  }

  /** Forgets a removed service. */
  delete(serviceId: string): void {
    this.series.delete(serviceId);
  }
}
