import type { Timing } from "@/lib/config/schema";
import type { BaseStatus, CheckRecord, ServiceCounters } from "@/lib/model";

/** Counters of a service that has not been checked yet. */
export function initialCounters(now: number): ServiceCounters {
  return { status: "pending", passStreak: 0, cleanStreak: 0, failStreak: 0, since: now };
}

/** A passing check is clean when its first attempt passed within `degradedAfter`. */
export function isClean(check: Pick<CheckRecord, "passed" | "attempts">, timing: Timing): boolean {
  const first = check.attempts[0];
  return check.passed && check.attempts.length === 1 && first !== undefined && first.durationMs <= timing.degradedAfter;
}

/**
 * Applies one finished check to the counters (README "Checks, attempts and statuses"). Failures below `failureThreshold` keep a
 * verdict already reached (as Kubernetes probes do); before any verdict they show as `starting`.
 * `startedAt` is when this service's current run began, for the start period.
 */
export function applyCheck(prev: ServiceCounters, check: Pick<CheckRecord, "passed" | "attempts" | "startedAt">, timing: Timing, startedAt: number): ServiceCounters {
  const settled = prev.status === "up" || prev.status === "degraded";
  let next: ServiceCounters;
  if (check.passed) {
    const passStreak = prev.passStreak + 1;
    const cleanStreak = isClean(check, timing) ? prev.cleanStreak + 1 : 0;
    let status: BaseStatus = prev.status;
    if (settled || passStreak >= timing.successThreshold) status = cleanStreak >= timing.successThreshold ? "up" : "degraded";
    else if (prev.status === "pending") status = "starting";
    next = { status, passStreak, cleanStreak, failStreak: 0, since: prev.since };
  } else {
    const inStartPeriod = check.startedAt < startedAt + timing.startPeriod && !settled;
    const failStreak = inStartPeriod ? 0 : prev.failStreak + 1;
    let status: BaseStatus = prev.status;
    if (inStartPeriod) status = "starting";
    else if (failStreak >= timing.failureThreshold) status = "down";
    else if (prev.status === "pending") status = "starting";
    next = { status, passStreak: 0, cleanStreak: 0, failStreak, since: prev.since };
  }
  if (next.status !== prev.status) next.since = check.startedAt;
  return next;
}
