import type { Status } from "@/lib/model";

/** What a status means to the rules that read it (ARCHITECTURE.md, "Status rules"). */
export interface StatusRule {
  /** Dependents may start: the readiness gate opens, the start-up timeline counts it ready. */
  ready: boolean;
  /** Shown as bad: counted in "n of m services down or blocked", a dependency edge that holds back. */
  failing: boolean;
  /** A root cause: its required dependents that fail are blocked by it. */
  rootCause: boolean;
  /** A service in this status that also has a down dependency shows as blocked by it. */
  blockable: boolean;
  /** Not ready yet, as in start-up: what a failing dependent shows as waiting for. */
  startingUp: boolean;
}

/** One row per status: a new status is one new row here, and every rule follows. */
export const STATUS_RULES: Readonly<Record<Status, StatusRule>> = {
  pending: { ready: false, failing: false, rootCause: false, blockable: false, startingUp: true },
  starting: { ready: false, failing: false, rootCause: false, blockable: true, startingUp: true },
  up: { ready: true, failing: false, rootCause: false, blockable: false, startingUp: false },
  degraded: { ready: true, failing: false, rootCause: false, blockable: false, startingUp: false },
  down: { ready: false, failing: true, rootCause: true, blockable: true, startingUp: false },
  blocked: { ready: false, failing: true, rootCause: false, blockable: true, startingUp: false },
  waiting: { ready: false, failing: false, rootCause: false, blockable: false, startingUp: true },
  // Shown over whatever the checks say; dependents of a service in maintenance are not blocked by it.
  maintenance: { ready: false, failing: false, rootCause: false, blockable: false, startingUp: false },
};

/** Whether a service in `status` counts as ready for its dependents (up or degraded). */
export function isReady(status: Status | undefined): boolean {
  return status !== undefined && STATUS_RULES[status].ready;
}

/** Whether `status` is shown as bad (down or blocked). */
export function isFailing(status: Status | undefined): boolean {
  return status !== undefined && STATUS_RULES[status].failing;
}

/** Whether a service in `status` is a root cause that blocks its failing dependents (down). */
export function isRootCause(status: Status | undefined): boolean {
  return status !== undefined && STATUS_RULES[status].rootCause;
}

/** Whether a service in `status` with a root cause among its required dependencies is blocked by it. */
export function isBlockable(status: Status | undefined): boolean {
  return status !== undefined && STATUS_RULES[status].blockable;
}

/** Whether `status` is not ready yet as in start-up (pending, starting, waiting): dependents wait, not fail. */
export function isStartingUp(status: Status | undefined): boolean {
  return status !== undefined && STATUS_RULES[status].startingUp;
}
