import type { StoreHealth } from "@/lib/store/types";

/** What a failed or successful write should tell the operator (one line, a summary, or nothing). */
export type WriteReport =
  | { kind: "failing"; error: string }
  | { kind: "still_failing"; error: string; failures: number; backlog: number; dropped: number; sinceMs: number }
  | { kind: "recovered"; failures: number; dropped: number; downMs: number }
  | undefined;

/** How often a store that keeps failing logs a summary line (README "Storage failures"). */
export const SUMMARY_EVERY_MS = 60_000;

/** The longest pause between two write retries while the store is failing. */
export const MAX_RETRY_MS = 5_000;

/**
 * Tracks whether background writes fail, and turns a storm of identical errors into one line when
 * it starts, a summary a minute while it lasts, and one line when it ends.
 */
export class WriteHealth {
  private since?: number;
  private error = "";
  private failures = 0;
  private lastReport = 0;
  private retryMs = 0;
  /** Checks dropped from the backlog since writes began to fail. */
  dropped = 0;

  /** Whether writes are failing now. */
  get failing(): boolean {
    return this.since !== undefined;
  }

  /** Records a failed write; says what to log and when to retry. */
  failed(err: unknown, backlog: number, now: number, baseRetryMs: number): { report: WriteReport; retryInMs: number } {
    this.error = err instanceof Error ? err.message : String(err);
    this.failures++;
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs === 0 ? baseRetryMs : this.retryMs * 2);
    if (this.since === undefined) {
      this.since = now;
      this.lastReport = now;
      return { report: { kind: "failing", error: this.error }, retryInMs: this.retryMs };
    }
    if (now - this.lastReport < SUMMARY_EVERY_MS) return { report: undefined, retryInMs: this.retryMs };
    this.lastReport = now;
    return { report: { kind: "still_failing", error: this.error, failures: this.failures, backlog, dropped: this.dropped, sinceMs: now - this.since }, retryInMs: this.retryMs };
  }

  /** Records a successful write; a recovery is reported once. */
  succeeded(now: number): WriteReport {
    if (this.since === undefined) return undefined;
    const report: WriteReport = { kind: "recovered", failures: this.failures, dropped: this.dropped, downMs: now - this.since };
    this.since = undefined;
    this.failures = 0;
    this.retryMs = 0;
    this.dropped = 0;
    return report;
  }

  /** The state for `/api/health`, `/api/status` and the metrics. */
  snapshot(backlog: number): StoreHealth {
    if (this.since === undefined) return { status: "ok", backlog, dropped: 0 };
    return { status: "failing", since: this.since, error: this.error, backlog, dropped: this.dropped };
  }
}
