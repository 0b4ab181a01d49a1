// Pure helpers of the live updates (no React), so they can be tested on their own.
import { servicePrefix } from "@/components/hooks/keys";
import type { CheckEventView, ServiceView, StatusEventView, StatusView } from "@/lib/api/shapes";

/** The `check` event of `GET /api/events`. */
export type LiveCheckEvent = CheckEventView;

/** A `check` or a `status` event, in the order they arrived. */
export type LiveEvent = CheckEventView | StatusEventView;

/** The window event re-dispatched for each `check`, for widgets that count checks (e.g. re-check all). */
export const LIVE_CHECK_EVENT = "depwatch:check";

/**
 * The status with `events` applied in order, in place: a `check` sets its service's status and last
 * check, a `status` sets every listed service's status, root causes and awaited dependencies (the
 * dependents a check moved), so no service shows a stale root cause. Untouched services keep
 * their identity; the periodic revalidation fixes the rest (last-hour counts).
 */
export function patchStatus(current: StatusView | undefined, events: readonly LiveEvent[]): StatusView | undefined {
  if (!current || events.length === 0) return current;
  const index = new Map(current.services.map((s, i) => [s.id, i]));
  const services = [...current.services];
  let changed = false;
  const update = (id: string, at: string | undefined, fn: (s: ServiceView) => Partial<ServiceView>) => {
    const i = index.get(id);
    if (i === undefined) return;
    const patch = fn(services[i]!);
    // Measured against the status before the batch: down-then-up within one batch keeps `since`.
    const orig = current.services[i]!;
    const since = patch.status !== undefined && patch.status !== orig.status && at ? at : orig.since;
    services[i] = { ...services[i]!, ...patch, since };
    changed = true;
  };
  for (const e of events) {
    if ("services" in e) {
      for (const x of e.services) update(x.id, e.at, () => ({ status: x.status, blockedBy: x.blockedBy, waitingFor: x.waitingFor }));
      continue;
    }
    const c = e.check;
    update(e.id, c.startedAt, () => ({
      status: e.status,
      ...(e.failures ? { failures: e.failures } : {}),
      lastCheck: { at: c.startedAt, durationMs: c.durationMs, attempts: c.attempts, outcome: c.outcome, message: c.message, passed: c.passed },
    }));
  }
  return changed ? { ...current, services } : current;
}

/** Whether an SWR key belongs to one of the services (`/api/services/{id}` or below it). */
export function isServiceKey(key: unknown, ids: ReadonlySet<string>): boolean {
  if (typeof key !== "string" || !key.startsWith("/api/services/")) return false;
  for (const id of ids) {
    const p = servicePrefix(id);
    if (key === p || key.startsWith(`${p}/`) || key.startsWith(`${p}?`)) return true;
  }
  return false;
}
