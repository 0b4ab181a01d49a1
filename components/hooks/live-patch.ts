// Pure helpers of the live updates (no React), so they can be tested on their own.
import { servicePrefix } from "@/components/hooks/keys";
import type { CheckEventView, StatusView } from "@/lib/api/shapes";

/** The `check` event of `GET /api/events`. */
export type LiveCheckEvent = CheckEventView;

/** The window event re-dispatched for each `check`, for widgets that count checks (e.g. re-check all). */
export const LIVE_CHECK_EVENT = "depwatch:check";

/**
 * The status with the services of `events` patched in place (status, last check), so the page
 * moves at once; everything else keeps its identity. The periodic revalidation fixes the rest
 * (dependents' `blocked`, last-hour counts).
 */
export function patchStatus(current: StatusView | undefined, events: readonly LiveCheckEvent[]): StatusView | undefined {
  if (!current || events.length === 0) return current;
  const latest = new Map<string, LiveCheckEvent>();
  for (const e of events) latest.set(e.id, e);
  let changed = false;
  const services = current.services.map((s) => {
    const e = latest.get(s.id);
    if (!e) return s;
    changed = true;
    const c = e.check;
    return {
      ...s,
      status: e.status,
      since: e.status === s.status ? s.since : new Date(c.startedAt).toISOString(),
      lastCheck: { at: c.startedAt, durationMs: c.durationMs, attempts: c.attempts, outcome: c.outcome, message: c.message, passed: c.passed },
    };
  });
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
