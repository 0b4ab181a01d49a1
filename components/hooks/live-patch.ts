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

/** Whether two JSON values are equal: the same primitives, arrays and plain objects, all the way down. */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], b[i])) return false;
    return true;
  }
  if (Array.isArray(b)) return false;
  const ka = Object.keys(a);
  if (ka.length !== Object.keys(b).length) return false;
  for (const k of ka) if (!sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  return true;
}

/**
 * A fetched status that keeps the previous one's objects wherever nothing changed: each service
 * equal to the one before stays the same object (so its card, memoised on it, does not render
 * again), and a status equal throughout is the previous one. With live updates the whole status is
 * refetched every second; without this, each refetch rendered every card on screen anew.
 */
export function shareUnchanged(prev: StatusView | undefined, next: StatusView): StatusView {
  if (!prev) return next;
  const before = new Map(prev.services.map((s) => [s.id, s]));
  let same = prev.services.length === next.services.length;
  const services = next.services.map((s, i) => {
    const old = before.get(s.id);
    if (old && sameJson(old, s)) {
      if (prev.services[i] !== old) same = false;
      return old;
    }
    same = false;
    // A changed service keeps its unchanged dependency list: pages key the graph's layout on it.
    return old && sameJson(old.dependsOn, s.dependsOn) ? { ...s, dependsOn: old.dependsOn } : s;
  });
  const { services: _p, generatedAt: _pg, ...prevRest } = prev;
  const { services: _n, generatedAt: _ng, ...nextRest } = next;
  if (same && sameJson(prevRest, nextRest)) return prev;
  return { ...next, services: same ? prev.services : services, order: sameJson(prev.order, next.order) ? prev.order : next.order };
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
