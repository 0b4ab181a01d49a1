import type { CheckCounts, CheckRecord } from "@/lib/model";

const BUCKET_MS = 60_000;
const BUCKETS = 60;

/**
 * Rolling last-hour counts per service in one-minute buckets: O(1) per check and per read, so
 * the overview's "retries and timeouts in the last hour" costs nothing at 1,000 services.
 */
export class RecentWindow {
  private readonly series = new Map<string, { minute: number[]; counts: CheckCounts[] }>();

  /** Adds a finished check. */
  add(check: CheckRecord): void {
    const c = this.bucket(check.serviceId, check.startedAt);
    c.checks++;
    if (!check.passed) c.failed++;
    c.retries += check.attempts.length - 1;
    c.timeouts += check.attempts.filter((a) => a.outcome === "timeout").length;
  }

  /** Adds totals of checks made before this process started (read from the store) at time `at`. */
  seed(serviceId: string, at: number, counts: CheckCounts): void {
    const c = this.bucket(serviceId, at);
    c.checks += counts.checks;
    c.failed += counts.failed;
    c.retries += counts.retries;
    c.timeouts += counts.timeouts;
  }

  private bucket(serviceId: string, at: number): CheckCounts {
    const minute = Math.floor(at / BUCKET_MS);
    let s = this.series.get(serviceId);
    if (!s) {
      s = { minute: new Array<number>(BUCKETS).fill(-1), counts: Array.from({ length: BUCKETS }, () => ({ checks: 0, failed: 0, retries: 0, timeouts: 0 })) };
      this.series.set(serviceId, s);
    }
    const slot = minute % BUCKETS;
    const c = s.counts[slot]!;
    if (s.minute[slot] !== minute) {
      s.minute[slot] = minute;
      c.checks = c.failed = c.retries = c.timeouts = 0;
    }
    return c;
  }

  /** The counts of the last hour for one service. */
  get(serviceId: string, now = Date.now()): CheckCounts {
    const out = { checks: 0, failed: 0, retries: 0, timeouts: 0 };
    const s = this.series.get(serviceId);
    if (!s) return out;
    const current = Math.floor(now / BUCKET_MS);
    for (let i = 0; i < BUCKETS; i++) {
      const m = s.minute[i]!;
      if (m < 0 || current - m >= BUCKETS) continue;
      const c = s.counts[i]!;
      out.checks += c.checks;
      out.failed += c.failed;
      out.retries += c.retries;
      out.timeouts += c.timeouts;
    }
    return out;
  }

  /** Forgets a removed service. */
  delete(serviceId: string): void {
    this.series.delete(serviceId);
  }
}
