/** Shared domain types: outcomes, attempts, checks and statuses. No runtime code lives here. */

/** How one attempt ended; classified from error codes, never from message text. */
export type Outcome = "ok" | "timeout" | "refused" | "dns" | "tls" | "auth" | "status" | "assertion" | "error";

/** Every outcome, in display order. */
export const OUTCOMES: readonly Outcome[] = ["ok", "timeout", "refused", "dns", "tls", "auth", "status", "assertion", "error"];

/** The phase of an attempt that failed, when known. */
export type Phase = "dns" | "connect" | "tls" | "request" | "response";

/** A service's derived status (README "Checks, attempts and statuses"). */
export type Status = "pending" | "starting" | "up" | "degraded" | "down" | "blocked" | "waiting" | "maintenance";

/** Every status, worst first, for sorting and filters. */
export const STATUSES: readonly Status[] = ["down", "blocked", "degraded", "waiting", "starting", "pending", "maintenance", "up"];

/** What a check type's probe reports for one attempt (before timing is added). */
export interface ProbeResult {
  outcome: Outcome;
  phase?: Phase;
  /** Human-readable cause; never contains secrets (scrubbed again before storage). */
  message?: string;
}

/** One recorded attempt inside a check. Times are epoch milliseconds. */
export interface AttemptRecord {
  n: number;
  startedAt: number;
  durationMs: number;
  outcome: Outcome;
  phase?: Phase;
  message?: string;
  /** Backoff waited after this attempt before the next one. */
  backoffMs?: number;
}

/** What started a check. */
export type Trigger = "schedule" | "manual";

/** One check: up to 1 + retries attempts against one service. */
export interface CheckRecord {
  id: number;
  serviceId: string;
  startedAt: number;
  durationMs: number;
  trigger: Trigger;
  passed: boolean;
  attempts: AttemptRecord[];
}

/** A check before the store has given it an id. */
export type NewCheck = Omit<CheckRecord, "id">;

/** Status from a service's own checks; `blocked` and `waiting` are layered on by the dependency graph. */
export type BaseStatus = Exclude<Status, "blocked" | "waiting" | "maintenance">;

/** Per-service threshold state, kept by the scheduler (never on config objects) and persisted. */
export interface ServiceCounters {
  status: BaseStatus;
  /** Consecutive passed checks. */
  passStreak: number;
  /** Consecutive passed checks that were clean: first attempt, within degradedAfter. */
  cleanStreak: number;
  /** Consecutive failed checks counted toward failureThreshold (none inside the start period). */
  failStreak: number;
  /** When the last status change happened (epoch ms). */
  since: number;
}

/** Checks, failed checks, retries (attempts after the first) and timed-out attempts over a time range. */
export interface CheckCounts {
  checks: number;
  /** Checks that did not pass. */
  failed: number;
  /** Attempts after the first, summed over the checks. */
  retries: number;
  /** Attempts whose outcome was `timeout`. */
  timeouts: number;
}

/** How this instance sees the others sharing its database (README.md, "Several instances"). */
export interface ClusterState {
  instance: string;
  instances: number;
  /** Services this instance schedules. */
  owned: number;
  /** Whether this instance drives incidents and notifications for all of them. */
  alerting: boolean;
  /** How checks of other instances arrive. */
  relay: "notify" | "polling";
  /** Set when live instances run configs that differ from this one's. */
  configDiffers?: string;
}
